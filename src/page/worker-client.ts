/**
 * Main-thread handle on the inference worker. One worker per backend request
 * is shared by every element on the page; the measured backend choice is
 * remembered per device in localStorage so later visits skip the measurement.
 */
import { type Remote, proxy, transfer, wrap } from 'comlink';
import type { BackendInfo, BackendRequest } from '../core/backend/backend-choice.js';
import { getAssetBase } from './assets.js';
import { startModuleWorker } from './module-worker.js';
import inferenceWorkerUrl from '../workers/gaze.worker.ts?worker&url';
import type { DecodeOptions, FaceDetection } from '../core/face/decode.js';
import type { LoadProgress } from '../models/loader/fetch-verified.js';
import type { LoadedModelInfo } from '../models/loader/model-registry.js';
import type { EncodedHead, InferTiming, InferenceService } from '../runtime/runtime-service.js';
import type { PpeOptions } from '../services/ppe/ppe-analyzer.js';
import type { EquipmentType, PpeAnalysis } from '../core/ppe/ppe-analysis.js';
import type { DecodedAudio } from '../core/audio/wav-file.js';
import type { FeatureSettings } from '../core/audio/clip-features.js';
import type {
  SavedSoundModel,
  SoundClipInfo,
  SoundSettings,
  SoundTrainProgress,
} from '../services/sound/sound-analyzer.js';
import type { GazeFrameSet } from '../services/gaze/portrait-frames.js';
import type { GazeGrid } from '../core/gaze/gaze-mapping.js';
import type { PixelRect } from '../core/gaze/rgba-image.js';
import type { SigmoidAlpha } from '../core/gaze/sigmoid-alpha.js';
import type {
  IndexRecord,
  IndexStats,
  SearchOptions,
  SearchReport,
} from '../core/retrieval/retrieval-engine.js';

const REMEMBER_KEY = 'ml-elements:backend-choice';
const clients = new Map<BackendRequest, InferenceClient>();

export interface RuntimeReplacedDetail {
  request: BackendRequest;
  /** What happened to the previous runtime, e.g. "the GPU device was lost (…)". */
  reason: string;
}

/** Tells elements that the worker for a backend request was replaced: what they had loaded into it is gone. */
const runtimeEvents = new EventTarget();
/** Why WebGPU was given up for a request: later workers for it (a detector pool's) avoid it too. */
const gpuLost = new Map<BackendRequest, string>();

export function onRuntimeReplaced(listener: (detail: RuntimeReplacedDetail) => void): () => void {
  const handler = (event: Event) => listener((event as CustomEvent<RuntimeReplacedDetail>).detail);
  runtimeEvents.addEventListener('runtime-replaced', handler);
  return () => runtimeEvents.removeEventListener('runtime-replaced', handler);
}

interface ClientOptions {
  assetBase?: string;
  modelsUrl?: string;
  rememberChoice?: boolean;
}

function recall(): BackendInfo | null {
  try {
    return JSON.parse(localStorage.getItem(REMEMBER_KEY) ?? 'null') as BackendInfo | null;
  } catch {
    return null;
  }
}

function remember(info: BackendInfo): void {
  if (info.source !== 'measured') return;
  try {
    localStorage.setItem(REMEMBER_KEY, JSON.stringify(info));
  } catch {
    // Storage may be full or disabled; the choice is then measured again next time.
  }
}

export class InferenceClient {
  readonly ready: Promise<BackendInfo>;
  private readonly worker: Worker;
  private readonly api: Remote<InferenceService>;

  /** The shared client for a backend request. */
  static for(request: BackendRequest): InferenceClient {
    let client = clients.get(request);
    if (!client) {
      client = new InferenceClient(request);
      clients.set(request, client);
    }
    return client;
  }

  constructor(
    private readonly request: BackendRequest,
    private readonly options: ClientOptions = {},
  ) {
    this.worker = startModuleWorker(inferenceWorkerUrl, 'ml-inference');
    this.api = wrap<InferenceService>(this.worker);
    const useMemory = options.rememberChoice ?? true;
    this.ready = this.api
      .init({
        assetBase: options.assetBase ?? getAssetBase(),
        backend: request,
        remembered: useMemory ? recall() : null,
        modelsUrl: options.modelsUrl,
        avoidWebgpu: gpuLost.get(request),
      })
      .then((info) => {
        if (useMemory) remember(info);
        if (info.backend === 'webgpu') void this.api.deviceLost().then((reason) => this.replace(reason));
        return info;
      });
  }

  /**
   * A lost GPU device takes every tensor of this worker with it: a new worker
   * takes this one's place, choosing among the other backends and saying
   * why, and the elements reload into it what they need.
   */
  private replace(reason: string): void {
    gpuLost.set(this.request, reason);
    if (clients.get(this.request) === this)
      clients.set(
        this.request,
        new InferenceClient(this.request, { ...this.options, rememberChoice: false }),
      );
    this.worker.terminate();
    runtimeEvents.dispatchEvent(
      new CustomEvent<RuntimeReplacedDetail>('runtime-replaced', {
        detail: { request: this.request, reason },
      }),
    );
  }

  /** Destroys this worker's WebGPU device, as a driver reset would (kiosk rehearsal, tests). False when not on WebGPU. */
  async simulateDeviceLoss(): Promise<boolean> {
    await this.ready;
    return this.api.simulateDeviceLoss();
  }

  async loadModel(name: string, onProgress?: (p: LoadProgress) => void): Promise<LoadedModelInfo> {
    await this.ready;
    return this.api.loadModel(name, onProgress ? proxy(onProgress) : undefined);
  }

  /** Loads models one after another; progress is the overall fraction done, 0…1. */
  async loadModels(names: readonly string[], onFraction: (done: number) => void): Promise<void> {
    for (const [i, name] of names.entries()) {
      await this.loadModel(name, (p) => onFraction((i + (p.total ? p.loaded / p.total : 0)) / names.length));
    }
  }

  async timeInference(name: string, runs?: number): Promise<InferTiming> {
    await this.ready;
    return this.api.timeInference(name, runs);
  }

  async manifest() {
    await this.ready;
    return this.api.manifest();
  }

  /** Transfers the frame to the worker: the caller must not use it afterwards. */
  async detectFaces(
    frame: ImageBitmap | VideoFrame,
    options?: Partial<DecodeOptions>,
  ): Promise<FaceDetection[]> {
    await this.ready;
    return this.api.detectFaces(transfer(frame, [frame]), options);
  }

  /** Renders gaze frames from a portrait in the worker (the bitmap is transferred). */
  /** One PPE look; the frame is transferred (closed for the caller). */
  async analyzePpe(frame: ImageBitmap, options: PpeOptions): Promise<PpeAnalysis> {
    await this.ready;
    return this.api.analyzePpe(transfer(frame, [frame]), options);
  }

  async partEmbeddings(frame: ImageBitmap, type: EquipmentType): Promise<Float32Array[][]> {
    await this.ready;
    return this.api.partEmbeddings(transfer(frame, [frame]), type);
  }

  async fitCoverHead(examples: Float32Array[][], labels: number[]): Promise<EncodedHead> {
    await this.ready;
    return this.api.fitCoverHead(examples, labels);
  }

  async setTaughtHead(type: EquipmentType, head: EncodedHead | null): Promise<void> {
    await this.ready;
    return this.api.setTaughtHead(type, head);
  }

  async synthesizeGazeFrames(portrait: ImageBitmap, grid: GazeGrid, range?: number): Promise<GazeFrameSet> {
    await this.ready;
    return this.api.synthesizeGazeFrames(transfer(portrait, [portrait]), grid, range);
  }

  /** Blends a pre-rendered head set into the painting in the worker (bitmaps are transferred). */
  async blendGazeFrames(
    painting: ImageBitmap,
    heads: ImageBitmap[],
    head: PixelRect,
    grid: GazeGrid,
    alpha: SigmoidAlpha,
  ): Promise<GazeFrameSet> {
    await this.ready;
    return this.api.blendGazeFrames(transfer(painting, [painting, ...heads]), heads, head, grid, alpha);
  }

  /** Hands a microphone port to the worker (transferred). */
  async attachAudio(port: MessagePort): Promise<void> {
    await this.ready;
    return this.api.attachAudio(transfer(port, [port]));
  }

  async audioStats() {
    await this.ready;
    return this.api.audioStats();
  }

  /** WAV bytes are transferred (the caller's buffer is emptied). */
  async addSoundClip(
    source: ArrayBuffer | DecodedAudio,
    name: string,
    features?: FeatureSettings,
  ): Promise<SoundClipInfo> {
    await this.ready;
    const transfers =
      source instanceof ArrayBuffer ? [source] : source.channels.map((c) => c.buffer as ArrayBuffer);
    return this.api.addSoundClip(transfer(source, transfers), name, features);
  }

  async removeSoundClips(ids: string[]): Promise<void> {
    await this.ready;
    return this.api.removeSoundClips(ids);
  }

  async trainSound(
    normal: string[],
    abnormal: string[],
    settings: SoundSettings,
    onProgress?: (p: SoundTrainProgress) => void,
  ) {
    await this.ready;
    return this.api.trainSound(normal, abnormal, settings, onProgress ? proxy(onProgress) : undefined);
  }

  async cancelSoundTraining(): Promise<void> {
    await this.ready;
    return this.api.cancelSoundTraining();
  }

  async evaluateSound(
    train: { normal: string[]; abnormal: string[] },
    test: { normal: string[]; abnormal: string[] },
    settings: SoundSettings,
    onProgress?: (p: SoundTrainProgress) => void,
  ) {
    await this.ready;
    return this.api.evaluateSound(train, test, settings, onProgress ? proxy(onProgress) : undefined);
  }

  async scoreSoundClips(ids: string[]): Promise<number[]> {
    await this.ready;
    return this.api.scoreSoundClips(ids);
  }

  async scoreMicrophone() {
    await this.ready;
    return this.api.scoreMicrophone();
  }

  /** Indexes an image (transferred) under id in the index `key`; returns the record to store. */
  async addRetrievalImage(key: string, id: string, image: ImageBitmap): Promise<IndexRecord> {
    await this.ready;
    return this.api.addRetrievalImage(key, id, transfer(image, [image]));
  }

  /** Local features kept in memory for the index `key` (Infinity: all, for indexes without IndexedDB rows). Starts the index afresh. */
  async configureRetrievalIndex(key: string, keepLocalInMemory: number): Promise<void> {
    await this.ready;
    return this.api.configureRetrievalIndex(key, keepLocalInMemory);
  }

  async loadRetrievalRecords(key: string, records: IndexRecord[]): Promise<IndexStats> {
    await this.ready;
    return this.api.loadRetrievalRecords(key, records);
  }

  async removeRetrievalImages(key: string, ids: string[]): Promise<number> {
    await this.ready;
    return this.api.removeRetrievalImages(key, ids);
  }

  async clearRetrievalIndex(key: string): Promise<void> {
    await this.ready;
    return this.api.clearRetrievalIndex(key);
  }

  async retrievalStats(key: string): Promise<IndexStats> {
    await this.ready;
    return this.api.retrievalStats(key);
  }

  /** Searches the index with an image (transferred). */
  async searchImages(
    key: string,
    query: ImageBitmap,
    options?: Partial<SearchOptions>,
  ): Promise<SearchReport> {
    await this.ready;
    return this.api.searchImages(key, transfer(query, [query]), options);
  }

  async exportSoundModel(): Promise<SavedSoundModel> {
    await this.ready;
    return this.api.exportSoundModel();
  }

  async importSoundModel(saved: SavedSoundModel) {
    await this.ready;
    return this.api.importSoundModel(saved);
  }

  terminate(): void {
    this.worker.terminate();
    for (const [key, client] of clients) if (client === this) clients.delete(key);
  }
}
