/**
 * What the inference worker does, as a class the worker exposes through
 * Comlink: choose a backend, load models from the manifest, run them. Frames
 * arrive as transferred ImageBitmap/VideoFrame; results leave as plain data.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { transfer } from 'comlink';
import type { BackendInfo, BackendRequest } from '../core/backend/backend-choice.js';
import { selectBackend } from './backend/select-backend.js';
import { withOrderedProgress } from './ordered-progress.js';
import { activeGpuDevice } from './backend/tf-backends.js';
import { median } from '../shared/stats.js';
import { BlazeFaceDetector } from '../models/blazeface/blazeface-detector.js';
import { type DecodeOptions, DEFAULT_DECODE, type FaceDetection } from '../core/face/decode.js';
import type { LoadProgress } from '../models/loader/fetch-verified.js';
import type { ModelManifest } from '../contracts/model-manifest.js';
import { type LoadedModelInfo, ModelRegistry } from '../models/loader/model-registry.js';
import { FaceLandmarker } from '../models/facemesh/face-landmarker.js';
import type { GazeGrid } from '../core/gaze/gaze-mapping.js';
import type { PixelRect } from '../core/gaze/rgba-image.js';
import type { SigmoidAlpha } from '../core/gaze/sigmoid-alpha.js';
import { type AudioStats, AudioSink } from '../services/sound/audio-sink.js';
import { type CoverHeadOptions, decodeHead, encodeHead, fitCoverHead } from '../core/learning/cover-head.js';
import { coverHeadFromFiles } from '../models/cover-head/cover-head-file.js';
import { ImageEmbedder } from '../models/embedding/image-embedder.js';
import { HandDetector } from '../models/handtrack/hand-detector.js';
import { PersonDetector } from '../models/centernet/person-detector.js';
import { FacePresence } from '../models/facemesh/face-presence.js';
import type { EquipmentType, PpeAnalysis } from '../core/ppe/ppe-analysis.js';
import { PpeAnalyzer, type PpeOptions } from '../services/ppe/ppe-analyzer.js';
import type { DecodedAudio } from '../core/audio/wav-file.js';
import type { FeatureSettings } from '../core/audio/clip-features.js';
import {
  type LiveScore,
  type SavedSoundModel,
  SoundAnalyzer,
  type SoundClipInfo,
  type SoundEvaluation,
  type SoundSettings,
  type SoundTrainProgress,
  type TrainedSoundModel,
} from '../services/sound/sound-analyzer.js';

/** A cover head's weights as they cross the worker boundary and sit in IndexedDB. */
export interface EncodedHead {
  specs: tf.io.WeightsManifestEntry[];
  data: ArrayBuffer;
}
import { FeatureExtractor } from '../core/retrieval/image-features.js';
import { DEFAULT_GLOBAL_INDEX } from '../core/retrieval/global-index.js';
import { StoredLocalFeatures } from '../storage/image-db.js';
import { LOCAL_FEATURES_IN_MEMORY } from '../core/retrieval/local-feature-cache.js';
import {
  DEFAULT_SEARCH,
  type IndexRecord,
  type IndexStats,
  RetrievalEngine,
  type SearchOptions,
  type SearchReport,
} from '../core/retrieval/retrieval-engine.js';
import { bitmapInput } from '../services/retrieval/bitmap-pixels.js';
import {
  type GazeFrameSet,
  blendedFrameSet,
  frameSetTransferables,
  synthesizedFrameSet,
} from '../services/gaze/portrait-frames.js';

export interface InitOptions {
  /** URL of the served public/ folder, ending in '/'. */
  assetBase: string;
  backend: BackendRequest;
  remembered?: BackendInfo | null;
  /** Models folder, if not `${assetBase}models/`. */
  modelsUrl?: string;
  /** Why WebGPU must not be chosen (the previous worker's GPU device was lost). */
  avoidWebgpu?: string;
}

export interface InferTiming {
  name: string;
  /** First run, including shader compilation. */
  firstMs: number;
  /** Median of later runs. */
  inferMs: number;
}

export type ProgressCallback = (progress: LoadProgress) => void;

/** Input shape from the graph's signature, with unknown dims filled in. */
function concreteShape(shape: number[] | undefined): number[] {
  const dims = shape && shape.length ? shape : [1, 256, 256, 3];
  return dims.map((d, i) => (d > 0 ? d : i === 0 ? 1 : i === dims.length - 1 ? 3 : 256));
}

/** First run (shader compilation included) and the median of the next `runs`. */
async function timeRuns(
  once: () => Promise<number>,
  runs: number,
): Promise<{ firstMs: number; inferMs: number }> {
  const firstMs = await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  return { firstMs, inferMs: median(times) };
}

export class InferenceService {
  private backendInfo: BackendInfo | null = null;
  private registry: ModelRegistry | null = null;
  private faceDetector: Promise<BlazeFaceDetector> | null = null;
  private faceLandmarker: Promise<FaceLandmarker> | null = null;
  private ppe: Promise<PpeAnalyzer> | null = null;
  private handDetector: Promise<HandDetector> | null = null;
  private readonly audio = new AudioSink();
  private readonly sound = new SoundAnalyzer();
  private extractor: Promise<FeatureExtractor> | null = null;
  /** One image index per index key (two finders on a page keep separate galleries). */
  private readonly indexes = new Map<string, RetrievalEngine>();

  async init(options: InitOptions): Promise<BackendInfo> {
    this.registry = new ModelRegistry(options.modelsUrl ?? new URL('models/', options.assetBase).href);
    this.backendInfo = await selectBackend({
      request: options.backend,
      assetBase: options.assetBase,
      remembered: options.remembered ?? null,
      avoidWebgpu: options.avoidWebgpu,
    });
    return this.backendInfo;
  }

  /**
   * Resolves, saying what happened, when the WebGPU device this worker
   * computes on is lost (driver reset, GPU unplugged, too long a hang);
   * never on another backend. Everything on the device is gone then: the
   * page replaces this worker (InferenceClient).
   */
  deviceLost(): Promise<string> {
    const device = activeGpuDevice();
    if (!device) return new Promise(() => undefined);
    return device.lost.then(
      (info) => `the GPU device was lost (${info.message || info.reason || 'no reason given'})`,
    );
  }

  /** Destroys the WebGPU device as a driver reset would, to rehearse a kiosk's recovery. False when not on WebGPU. */
  simulateDeviceLoss(): boolean {
    const device = activeGpuDevice();
    device?.destroy();
    return device !== null;
  }

  backend(): BackendInfo | null {
    return this.backendInfo;
  }

  manifest(): Promise<ModelManifest> {
    return this.models().getManifest();
  }

  async loadModel(name: string, onProgress?: ProgressCallback): Promise<LoadedModelInfo> {
    const registry = this.models();
    return withOrderedProgress(
      onProgress,
      async (report) =>
        (await ((await registry.isGraph(name)) ? registry.load(name, report) : registry.files(name, report)))
          .info,
    );
  }

  /** Runs a model on zeros of its input shape: 1 warm-up run, then the median of `runs`. */
  async timeInference(name: string, runs = 3): Promise<InferTiming> {
    const { model } = await this.models().load(name);
    if ((await this.models().getManifest()).models.find((m) => m.name === name)?.relaxInputShape)
      return this.timeEmbedding(name, model, runs);
    // The signature keeps the trained input size where the placeholder was relaxed on load.
    const signed = Object.values(
      (
        model.modelSignature as
          { inputs?: Record<string, { tensorShape?: { dim?: { size: string }[] } }> } | undefined
      )?.inputs ?? {},
    )[0];
    const shape = signed?.tensorShape?.dim?.map((d) => Number(d.size)) ?? model.inputs[0]?.shape;
    const input = tf.zeros(concreteShape(shape), model.inputs[0]?.dtype);
    const once = async () => {
      const start = performance.now();
      // Models with dynamic ops (non-max suppression) only run asynchronously.
      const out = await model.executeAsync(input);
      const list = Array.isArray(out) ? out : [out as tf.Tensor];
      await Promise.all(list.map((t) => t.data()));
      tf.dispose(list);
      return performance.now() - start;
    };
    try {
      return { name, ...(await timeRuns(once, runs)) };
    } finally {
      input.dispose();
    }
  }

  /** A relaxed backbone is timed as the project runs it: the image embedding of one 128-px crop. */
  private async timeEmbedding(name: string, model: GraphModel, runs: number): Promise<InferTiming> {
    const embedder = new ImageEmbedder(model);
    const crop = tf.zeros([1, embedder.spec.inputSize, embedder.spec.inputSize, 3]) as tf.Tensor4D;
    const once = async () => {
      const start = performance.now();
      const out = embedder.embed(crop);
      await out.data();
      out.dispose();
      return performance.now() - start;
    };
    try {
      return { name, ...(await timeRuns(once, runs)) };
    } finally {
      crop.dispose();
    }
  }

  /** Faces in a frame (transferred, closed here), in the frame's pixels. */
  async detectFaces(
    frame: ImageBitmap | VideoFrame,
    options: Partial<DecodeOptions> = {},
  ): Promise<FaceDetection[]> {
    // Drawn straight onto the detector's small canvas: no intermediate copy of the frame.
    try {
      const detector = await this.blazeFace();
      return await detector.detect(frame, { ...DEFAULT_DECODE, ...options });
    } finally {
      frame.close();
    }
  }

  /** Gaze frames rendered from one portrait (transferred, closed here); bitmaps are transferred back. */
  async synthesizeGazeFrames(portrait: ImageBitmap, grid: GazeGrid, range?: number): Promise<GazeFrameSet> {
    try {
      const set = await synthesizedFrameSet(
        portrait,
        grid,
        await this.blazeFace(),
        await this.landmarker(),
        range,
      );
      return transfer(set, frameSetTransferables(set));
    } finally {
      portrait.close();
    }
  }

  /** A pre-rendered head set blended into the painting (all transferred, closed here). */
  async blendGazeFrames(
    painting: ImageBitmap,
    heads: ImageBitmap[],
    head: PixelRect,
    grid: GazeGrid,
    alpha: SigmoidAlpha,
  ): Promise<GazeFrameSet> {
    try {
      const set = await blendedFrameSet(painting, heads, head, grid, alpha);
      return transfer(set, frameSetTransferables(set));
    } finally {
      painting.close();
      heads.forEach((h) => h.close());
    }
  }

  /** One PPE look at a frame (transferred, closed here). */
  async analyzePpe(frame: ImageBitmap, options: PpeOptions): Promise<PpeAnalysis> {
    try {
      return await (await this.ppeAnalyzer()).analyze(frame, options);
    } finally {
      frame.close();
    }
  }

  /** Teach mode: per body part of this type in the frame, the embeddings of its views (frame transferred, closed here). */
  async partEmbeddings(frame: ImageBitmap, type: EquipmentType): Promise<Float32Array[][]> {
    try {
      return await (await this.ppeAnalyzer()).partEmbeddings(frame, type);
    } finally {
      frame.close();
    }
  }

  /** Fits a cover head on taught examples (each one part's views, one label per part); returns its weights for storage (not yet in use). */
  async fitCoverHead(
    examples: Float32Array[][],
    labels: number[],
    options: Partial<CoverHeadOptions> = {},
  ): Promise<EncodedHead> {
    const x = tf.tensor2d(examples.flatMap((views) => views.map((v) => Array.from(v))));
    try {
      const head = await fitCoverHead(
        x,
        examples.flatMap((views, i) => views.map(() => labels[i]!)),
        {
          hidden: 0,
          epochs: 150,
          learningRate: 0.05,
          l2: 1e-3,
          batchSize: 32,
          standardize: true,
          ...options,
        },
      );
      const encoded = await encodeHead(head);
      head.dispose();
      return transfer(encoded, [encoded.data]);
    } finally {
      x.dispose();
    }
  }

  /** Puts a taught head in use for its equipment type (null: forget it; that type is "unknown" again). */
  async setTaughtHead(type: EquipmentType, encoded: EncodedHead | null): Promise<void> {
    (await this.ppeAnalyzer()).setTaughtHead(type, encoded ? decodeHead(encoded.data, encoded.specs) : null);
  }

  /** Takes the port a MicrophoneController returned: audio flows worklet → worker. */
  attachAudio(port: MessagePort): void {
    this.audio.attach(port);
  }

  audioStats(): AudioStats {
    return this.audio.stats();
  }

  /** A sound clip (WAV bytes, or audio the page decoded) kept for training and scoring. */
  addSoundClip(
    source: ArrayBuffer | DecodedAudio,
    name: string,
    features?: FeatureSettings,
  ): Promise<SoundClipInfo> {
    return this.sound.addClip(source, name, features);
  }

  removeSoundClips(ids: string[]): void {
    this.sound.removeClips(ids);
  }

  trainSound(
    normal: string[],
    abnormal: string[],
    settings: SoundSettings,
    onProgress?: (p: SoundTrainProgress) => void,
  ): Promise<TrainedSoundModel> {
    return withOrderedProgress(onProgress, (report) => this.sound.train(normal, abnormal, settings, report));
  }

  cancelSoundTraining(): void {
    this.sound.cancelTraining();
  }

  evaluateSound(
    train: { normal: string[]; abnormal: string[] },
    test: { normal: string[]; abnormal: string[] },
    settings: SoundSettings,
    onProgress?: (p: SoundTrainProgress) => void,
  ): Promise<SoundEvaluation> {
    return withOrderedProgress(onProgress, (report) => this.sound.evaluate(train, test, settings, report));
  }

  scoreSoundClips(ids: string[]): Promise<number[]> {
    return this.sound.score(ids);
  }

  /** The kept sound model's score of the microphone's last seconds (null until enough has arrived). */
  async scoreMicrophone(): Promise<LiveScore | null> {
    const { sampleRate } = this.audio.stats();
    const needed = Math.ceil(this.sound.windowSeconds() * sampleRate);
    const samples = this.audio.latest(needed);
    return sampleRate && samples.length >= needed ? this.sound.scoreSignal(samples, sampleRate) : null;
  }

  exportSoundModel(): Promise<SavedSoundModel> {
    return this.sound.exportModel();
  }

  importSoundModel(saved: SavedSoundModel): TrainedSoundModel {
    return this.sound.importModel(saved);
  }

  /** Describes an image (transferred, closed here) and indexes it; returns the record to store. */
  async addRetrievalImage(key: string, id: string, image: ImageBitmap): Promise<IndexRecord> {
    try {
      return await this.retrieval(key).addImage(id, bitmapInput(image));
    } finally {
      image.close();
    }
  }

  /** Stored records back into the index (after a reload or an import). */
  loadRetrievalRecords(key: string, records: IndexRecord[]): IndexStats {
    this.retrieval(key).load(records);
    return this.retrieval(key).stats();
  }

  removeRetrievalImages(key: string, ids: string[]): number {
    return this.retrieval(key).remove(ids);
  }

  clearRetrievalIndex(key: string): void {
    this.retrieval(key).clear();
  }

  retrievalStats(key: string): IndexStats {
    return this.retrieval(key).stats();
  }

  /** Global top-k, then local re-ranking (the query is transferred, closed here). */
  async searchImages(
    key: string,
    query: ImageBitmap,
    options: Partial<SearchOptions> = {},
  ): Promise<SearchReport> {
    try {
      return await this.retrieval(key).search(bitmapInput(query), { ...DEFAULT_SEARCH, ...options });
    } finally {
      query.close();
    }
  }

  /**
   * How many images of the index `key` keep their local features in memory
   * (default LOCAL_FEATURES_IN_MEMORY; the rest are read back from the
   * element's IndexedDB rows when re-ranked). Infinity keeps them all, for
   * indexes that have no rows (eval, bench). Starts the index afresh.
   */
  configureRetrievalIndex(key: string, keepLocalInMemory: number): void {
    this.indexes.get(key)?.dispose();
    this.indexes.set(key, this.newRetrievalEngine(key, keepLocalInMemory));
  }

  private retrieval(key: string): RetrievalEngine {
    let engine = this.indexes.get(key);
    if (!engine) this.indexes.set(key, (engine = this.newRetrievalEngine(key, LOCAL_FEATURES_IN_MEMORY)));
    return engine;
  }

  private newRetrievalEngine(key: string, keep: number): RetrievalEngine {
    const store = Number.isFinite(keep) ? new StoredLocalFeatures(key) : null;
    return new RetrievalEngine(() => this.featureExtractor(), DEFAULT_GLOBAL_INDEX, { keep, store });
  }

  private featureExtractor(): Promise<FeatureExtractor> {
    if (!this.extractor) {
      this.extractor = this.models()
        .load('centernet')
        .then(({ model }) => new FeatureExtractor(model));
      this.extractor.catch(() => (this.extractor = null));
    }
    return this.extractor;
  }

  private blazeFace(): Promise<BlazeFaceDetector> {
    if (!this.faceDetector) {
      this.faceDetector = this.models()
        .load('blazeface')
        .then(({ model }) => new BlazeFaceDetector(model));
      // A failed load is retried on the next call (the file may be fixed, the network back).
      this.faceDetector.catch(() => (this.faceDetector = null));
    }
    return this.faceDetector;
  }

  private landmarker(): Promise<FaceLandmarker> {
    if (!this.faceLandmarker) {
      this.faceLandmarker = Promise.all([this.models().load('facemesh'), this.models().load('iris')]).then(
        ([mesh, iris]) => new FaceLandmarker(mesh.model, iris.model),
      );
      this.faceLandmarker.catch(() => (this.faceLandmarker = null));
    }
    return this.faceLandmarker;
  }

  private ppeAnalyzer(): Promise<PpeAnalyzer> {
    if (!this.ppe) {
      this.ppe = (async () => {
        const [detector, mesh, backbone, cover] = await Promise.all([
          this.blazeFace(),
          this.models().load('facemesh'),
          this.models().load('centernet'),
          this.models().files('face-cover'),
        ]);
        const version = `face-cover@${cover.entry.files[0]?.sha256.slice(0, 8) ?? 'unknown'}`;
        const presence = new FacePresence(mesh.model);
        const people = new PersonDetector(backbone.model); // the same CenterNet graph: its detection head
        return new PpeAnalyzer(
          detector,
          presence,
          new ImageEmbedder(backbone.model),
          coverHeadFromFiles(cover.entry, cover.files),
          () => this.hands(),
          people,
          version,
        );
      })();
      this.ppe.catch(() => (this.ppe = null));
    }
    return this.ppe;
  }

  private hands(): Promise<HandDetector> {
    if (!this.handDetector) {
      this.handDetector = this.models()
        .load('handtrack')
        .then(({ model }) => new HandDetector(model));
      this.handDetector.catch(() => (this.handDetector = null));
    }
    return this.handDetector;
  }

  private models(): ModelRegistry {
    if (!this.registry) throw new Error('the inference worker was used before init()');
    return this.registry;
  }
}
