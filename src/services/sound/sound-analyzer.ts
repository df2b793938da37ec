/**
 * The sound capability's worker state: holds added clips (decoded
 * once, keyed by content hash), trains and keeps one model, scores clips and
 * the microphone's rolling window, and runs the cross-fitted evaluation that
 * `npm run eval -- audio` and the element's "evaluate" share.
 */
import { AudioFileError, type DecodedAudio, decodeWav } from '../../core/audio/wav-file.js';
import { wav } from '../../core/audio/wav-writer.js';
import {
  type ClipFeatures,
  DEFAULT_FEATURES,
  type FeatureSettings,
  featureSignal,
  signalFeatures,
} from '../../core/audio/clip-features.js';
import { LogMelExtractor } from '../../core/audio/log-mel.js';
import {
  type SoundModel,
  clipScore,
  concatFloats,
  decodeSoundModel,
  encodeSoundModel,
  fitSoundModel,
  releaseSoundModel,
} from '../../core/audio/sound-model.js';
import { crossFit } from '../../core/audio/cross-fit.js';
import { normalThreshold, thresholdTrust } from '../../core/audio/normal-threshold.js';
import { spectrogramImage, waveformPeaks } from '../../core/audio/plot-data.js';
import { sha256Hex } from '../../shared/sha256.js';
import { nonFiniteEntry, nonFiniteWeight } from '../../core/learning/finite.js';
import {
  DEFAULT_SOUND_SETTINGS,
  type LiveScore,
  SavedSoundModel,
  SoundClipInfo,
  SoundEvaluation,
  SoundSettings,
  SoundTrainProgress,
  TrainedSoundModel,
} from '../../contracts/sound.js';

interface StoredClip {
  name: string;
  audio: DecodedAudio;
  /** What addClip answered for it. */
  info?: SoundClipInfo;
  cached?: { key: string; features: ClipFeatures };
}

interface Kept {
  model: SoundModel;
  settings: SoundSettings;
  trained: TrainedSoundModel;
}

const SUPERVISED_THRESHOLD = 0.5;
/**
 * The classic models compare per-band spread over a whole clip: a live window needs most of a clip's 10 s
 * (the microphone's ring holds 10 s) to spread like one.
 */
const EMBEDDING_WINDOW_SECONDS = 8;

const allFinite = (samples: Float32Array): boolean => samples.every(Number.isFinite);

export class SoundAnalyzer {
  private readonly clips = new Map<string, StoredClip>();
  private kept: Kept | null = null;
  private training: AbortController | null = null;
  private extractor: { key: string; extractor: LogMelExtractor } | null = null;

  /**
   * Decodes a WAV file (or takes audio the page decoded) and keeps it; errors name the file. A clip already
   * kept (same content) is not decoded or analysed again.
   */
  async addClip(
    source: ArrayBuffer | DecodedAudio,
    name: string,
    settings: FeatureSettings = DEFAULT_FEATURES,
  ): Promise<SoundClipInfo> {
    const bytes =
      source instanceof ArrayBuffer ? source : (concatFloats(source.channels).buffer as ArrayBuffer);
    const id = (await sha256Hex(bytes)).slice(0, 16);
    const known = this.clips.get(id);
    if (known?.info && known.cached?.key === JSON.stringify(settings)) return { ...known.info, name };
    const audio = source instanceof ArrayBuffer ? decodeWav(source, name) : source;
    const length = audio.channels[0]?.length ?? 0;
    if (length === 0) throw new AudioFileError(name, 'no samples');
    if (!audio.channels.every(allFinite))
      throw new AudioFileError(name, 'some samples are not numbers (NaN or infinite): the file is damaged');
    // One signal (a channel, or the mix) at the clip's own rate, for the features (cached) and the waveform.
    const signal = featureSignal(audio, settings);
    const features = this.signalFeatures(signal, audio.sampleRate, settings);
    const info: SoundClipInfo = {
      id,
      name,
      seconds: length / audio.sampleRate,
      sampleRate: audio.sampleRate,
      channels: audio.channels.length,
      waveform: waveformPeaks(signal),
      spectrogram: spectrogramImage(features.spectrogram),
    };
    this.clips.set(id, { name, audio, info, cached: { key: JSON.stringify(settings), features } });
    return info;
  }

  /** A kept clip as a 16-bit WAV file (every channel, its own rate). */
  clipFile(id: string): ArrayBuffer {
    const clip = this.clips.get(id);
    if (!clip) throw new Error(`no clip ${id}: add it first`);
    return wav(clip.audio.channels, clip.audio.sampleRate, { bits: 16 });
  }

  removeClips(ids: readonly string[]): void {
    for (const id of ids) this.clips.delete(id);
  }

  /** Trains on the clips and keeps the model (replacing the previous one); `signal` cancels. */
  async train(
    normal: readonly string[],
    abnormal: readonly string[],
    settings: SoundSettings,
    onProgress?: (p: SoundTrainProgress) => void,
    signal?: AbortSignal,
  ): Promise<TrainedSoundModel> {
    const ids = [...normal, ...abnormal];
    const losses: number[] = [];
    const report = (p: SoundTrainProgress) => {
      if (p.fold === p.folds) losses[p.epoch - 1] = p.loss;
      onProgress?.(p);
    };
    const { training, model } = await this.crossFitted(
      ids,
      normal.length,
      [],
      settings,
      true,
      report,
      signal,
    );
    const calibration = training.slice(0, normal.length);
    const unsupervised = settings.mode === 'unsupervised';
    const trained: TrainedSoundModel = {
      mode: settings.mode,
      method: model!.method,
      threshold: this.thresholdOf(settings, calibration),
      trust: unsupervised ? thresholdTrust(normal.length, settings.percentile) : null,
      calibration,
      losses,
      normalClips: normal.length,
      abnormalClips: abnormal.length,
    };
    await this.refuseNonFinite(model!, trained, 'Training failed');
    this.replace({ model: model!, settings, trained });
    return trained;
  }

  /**
   * A model whose loss, threshold, calibration or weights are not all numbers is useless: it is released
   * and refused by name, and the model kept before stays in use.
   */
  private async refuseNonFinite(model: SoundModel, trained: TrainedSoundModel, what: string): Promise<void> {
    const { calibration, losses, threshold } = trained;
    const weights = await encodeSoundModel(model);
    const bad =
      nonFiniteEntry({ threshold, calibration, loss: losses }) ??
      nonFiniteWeight(weights.data, weights.specs);
    if (!bad) return;
    releaseSoundModel(model);
    throw new Error(`${what}: the model's ${bad} is not a number. The previous model is kept.`);
  }

  /**
   * Every test clip scored by a model that did not train on it; the threshold from the training normals'
   * out-of-fold scores.
   */
  async evaluate(
    train: { normal: string[]; abnormal: string[] },
    test: { normal: string[]; abnormal: string[] },
    settings: SoundSettings,
    onProgress?: (p: SoundTrainProgress) => void,
    signal?: AbortSignal,
  ): Promise<SoundEvaluation> {
    const fitted = await this.crossFitted(
      [...train.normal, ...train.abnormal],
      train.normal.length,
      [...test.normal, ...test.abnormal],
      settings,
      false,
      onProgress,
      signal,
    );
    const calibration = fitted.training.slice(0, train.normal.length);
    const threshold = this.thresholdOf(settings, calibration);
    // A clip one fold's model scored is judged by the threshold of that fold's training normals' scores.
    const foldThreshold = (f: number) =>
      f < 0
        ? threshold
        : this.thresholdOf(
            settings,
            calibration.filter((_, i) => fitted.trainingFold[i] !== f),
          );
    const own = fitted.testFold.map(foldThreshold);
    const split = <T>(values: T[]) => ({
      normal: values.slice(0, test.normal.length),
      abnormal: values.slice(test.normal.length),
    });
    return { ...split(fitted.test), threshold, thresholds: split(own), calibration };
  }

  /** Scores of added clips under the kept model. */
  async score(ids: readonly string[]): Promise<number[]> {
    const kept = this.keptModel();
    const scores: number[] = [];
    for (const id of ids) scores.push(await clipScore(kept.model, this.features(id, kept.settings.features)));
    return scores;
  }

  /** The kept model's score of a signal at any rate (the microphone's rolling window). */
  async scoreSignal(samples: Float32Array, sampleRate: number): Promise<LiveScore> {
    const kept = this.keptModel();
    const settings = kept.settings.features;
    const features = this.signalFeatures(samples, sampleRate, settings);
    return {
      score: await clipScore(kept.model, features),
      threshold: kept.trained.threshold,
      seconds: samples.length / sampleRate,
      spectrogram: spectrogramImage(features.spectrogram),
    };
  }

  /** Seconds of signal the kept model needs for one score. */
  windowSeconds(): number {
    const f = this.keptModel().settings.features;
    const model = this.kept!.model;
    if (model.method !== 'autoencoder' && model.method !== 'cnn') return EMBEDDING_WINDOW_SECONDS;
    const frames = model.method === 'cnn' ? model.net.width : f.frames + f.pool - 1;
    return ((frames + 1) * f.hop) / f.sampleRate;
  }

  async exportModel(): Promise<SavedSoundModel> {
    const kept = this.keptModel();
    return {
      format: 'sound-anomaly-model/1',
      settings: kept.settings,
      trained: kept.trained,
      weights: await encodeSoundModel(kept.model),
    };
  }

  async importModel(saved: SavedSoundModel): Promise<TrainedSoundModel> {
    if (saved?.format !== 'sound-anomaly-model/1' || !saved.weights?.data || !saved.trained)
      throw new Error('not a saved sound-anomaly model');
    const model = decodeSoundModel(saved.weights);
    // Models saved before methods and trust were recorded: the weights say which model it is.
    const trained = { ...saved.trained, method: model.method, trust: saved.trained.trust ?? null };
    const settings = { ...DEFAULT_SOUND_SETTINGS, ...saved.settings };
    await this.refuseNonFinite(model, trained, 'This model cannot be used');
    this.replace({ model, settings, trained });
    return trained;
  }

  current(): TrainedSoundModel | null {
    return this.kept?.trained ?? null;
  }

  private thresholdOf(settings: SoundSettings, calibration: number[]): number {
    return settings.mode === 'supervised' || calibration.length === 0
      ? SUPERVISED_THRESHOLD
      : normalThreshold(calibration, settings.percentile);
  }

  private async crossFitted(
    trainingIds: string[],
    normalCount: number,
    testIds: string[],
    settings: SoundSettings,
    keep: boolean,
    onProgress?: (p: SoundTrainProgress) => void,
    signal?: AbortSignal,
  ) {
    // One training at a time: a new one stops the one before.
    this.training?.abort();
    const controller = new AbortController();
    this.training = controller;
    if (signal?.aborted) controller.abort();
    signal?.addEventListener('abort', () => controller.abort(), { once: true });
    const feats = (id: string) => this.features(id, settings.features);
    const labels = trainingIds.map((_, i) => i >= normalCount);
    let fold = 0;
    let folds = 1;
    try {
      return await crossFit<SoundModel>(
        trainingIds,
        testIds,
        this.foldsFor(settings, trainingIds.length),
        {
          fit: (idx) =>
            fitSoundModel(
              idx.map((i) => feats(trainingIds[i]!)),
              idx.map((i) => labels[i]!),
              settings,
              (p) => onProgress?.({ fold, folds, ...p }),
              controller.signal,
            ),
          scoreTraining: (model, idx) =>
            scoreAll(
              model,
              idx.map((i) => feats(trainingIds[i]!)),
            ),
          scoreTest: (model, idx) =>
            scoreAll(
              model,
              idx.map((j) => feats(testIds[j]!)),
            ),
          release: releaseSoundModel,
          onFold: (f, n) => ([fold, folds] = [f, n]),
        },
        keep,
      );
    } finally {
      if (this.training === controller) this.training = null;
    }
  }

  /** Models fitted in closed form or in milliseconds leave one clip out at a time. */
  private foldsFor(settings: SoundSettings, clips: number): number {
    const slow =
      settings.mode === 'unsupervised' ? settings.method === 'autoencoder' : settings.classifier === 'cnn';
    return slow ? settings.folds : clips;
  }

  private features(id: string, settings: FeatureSettings): ClipFeatures {
    const clip = this.clips.get(id);
    if (!clip) throw new Error(`no clip ${id}: add it first`);
    const key = JSON.stringify(settings);
    if (clip.cached?.key !== key)
      clip.cached = {
        key,
        features: this.signalFeatures(featureSignal(clip.audio, settings), clip.audio.sampleRate, settings),
      };
    return clip.cached.features;
  }

  /**
   * Features with an extractor kept per settings and sample rate: its FFT tables and filterbank are built
   * once, not per clip or live window.
   */
  private signalFeatures(signal: Float32Array, rate: number, settings: FeatureSettings): ClipFeatures {
    const key = `${rate} ${JSON.stringify(settings)}`;
    if (this.extractor?.key !== key) this.extractor = { key, extractor: new LogMelExtractor(settings, rate) };
    return signalFeatures(signal, settings, this.extractor.extractor);
  }

  private keptModel(): Kept {
    if (!this.kept) throw new Error('no trained model: train or load one first');
    return this.kept;
  }

  private replace(next: Kept): void {
    if (this.kept) releaseSoundModel(this.kept.model);
    this.kept = next;
  }
}

async function scoreAll(model: SoundModel, clips: ClipFeatures[]): Promise<number[]> {
  const out: number[] = [];
  for (const clip of clips) out.push(await clipScore(model, clip));
  return out;
}
