/**
 * The sound capability's worker: clips kept by content hash (decoded once),
 * one trained model (of normal clips, or a classifier once anomalies are
 * labelled), scores of clips and of the microphone's rolling window, and the
 * cross-fitted evaluation `npm run eval -- audio` and the element share.
 */
import type { AutoencoderOptions } from '../core/audio/autoencoder.js';
import { DEFAULT_FEATURES, type FeatureSettings } from '../core/audio/clip-features.js';
import type { SpectrogramImage } from '../core/audio/plot-data.js';
import type {
  EncodedSoundModel,
  SoundMethod,
  SoundMode,
  SupervisedMethod,
  UnsupervisedMethod,
} from '../core/audio/sound-model.js';
import type { ThresholdTrust } from '../core/audio/normal-threshold.js';
import type { CnnOptions } from '../core/audio/spectrogram-cnn.js';
import type { DecodedAudio } from '../core/audio/wav-file.js';
import type { ProgressCallback, RuntimeApi } from './runtime.js';

export type { FeatureSettings } from '../core/audio/clip-features.js';
export type { SpectrogramImage } from '../core/audio/plot-data.js';
export type {
  SoundMethod,
  SoundMode,
  SupervisedMethod,
  UnsupervisedMethod,
} from '../core/audio/sound-model.js';
export type { ThresholdTrust } from '../core/audio/normal-threshold.js';
export type { DecodedAudio } from '../core/audio/wav-file.js';

export interface SoundSettings {
  mode: SoundMode;
  /** The unsupervised model (docs/sound-anomaly.md compares them on six machines). */
  method: UnsupervisedMethod;
  /** The supervised model: `logistic` on clip embeddings (milliseconds), or the spectrogram `cnn`. */
  classifier: SupervisedMethod;
  features: FeatureSettings;
  autoencoder: Partial<AutoencoderOptions>;
  cnn: Partial<CnnOptions>;
  /**
   * Folds for out-of-fold scores of the training clips (threshold calibration) of the autoencoder and the
   * CNN; the classic methods leave one clip out at a time.
   */
  folds: number;
  /**
   * The threshold is the prediction bound at this percentile of normal clips' scores (unsupervised): about
   * 1 − percentile of normal clips are flagged.
   */
  percentile: number;
}

/** What train() uses where the element's `settings` say nothing. */
export const DEFAULT_SOUND_SETTINGS: SoundSettings = {
  mode: 'unsupervised',
  method: 'subspace',
  classifier: 'logistic',
  features: DEFAULT_FEATURES,
  autoencoder: {},
  cnn: {},
  folds: 4,
  percentile: 0.9,
};

export interface SoundClipInfo {
  id: string;
  name: string;
  seconds: number;
  sampleRate: number;
  channels: number;
  /** waveformPeaks of the analysed signal. */
  waveform: Float32Array;
  spectrogram: SpectrogramImage;
}

export interface SoundTrainProgress {
  /** 1-based; the last fold is the model that is kept. */
  fold: number;
  folds: number;
  epoch: number;
  epochs: number;
  loss: number;
}

export interface TrainedSoundModel {
  mode: SoundMode;
  method: SoundMethod;
  threshold: number;
  /** How far the threshold can be trusted with this many normal clips (unsupervised; null supervised). */
  trust: ThresholdTrust | null;
  /** Out-of-fold scores of the normal training clips (what the threshold was fitted to). */
  calibration: number[];
  /** Loss per epoch of the kept model. */
  losses: number[];
  normalClips: number;
  abnormalClips: number;
}

export interface SoundEvaluation {
  normal: number[];
  abnormal: number[];
  threshold: number;
  /**
   * Each test clip's own threshold: a clip scored by one fold's model is judged by that fold's threshold
   * (from the other folds' normal clips), so no clip's verdict leans on its own score.
   */
  thresholds: { normal: number[]; abnormal: number[] };
  calibration: number[];
}

/** A model with everything needed to use it elsewhere: the file format of export/import. */
export interface SavedSoundModel {
  format: 'sound-anomaly-model/1';
  settings: SoundSettings;
  trained: TrainedSoundModel;
  weights: EncodedSoundModel;
}

export interface LiveScore {
  score: number;
  threshold: number;
  seconds: number;
  spectrogram: SpectrogramImage;
}

export interface AudioStats {
  sampleRate: number;
  samplesReceived: number;
  /** Root mean square of the last second. */
  rms: number;
}

export interface SoundApi extends RuntimeApi {
  /** A clip (WAV bytes, or audio the page decoded) kept for training and scoring; errors name the file. */
  addClip(
    source: ArrayBuffer | DecodedAudio,
    name: string,
    features?: FeatureSettings,
  ): Promise<SoundClipInfo>;
  removeClips(ids: string[]): Promise<void>;
  /** Trains on the clips and keeps the model (replacing the previous one); `signal` cancels. */
  train(
    normal: string[],
    abnormal: string[],
    settings: SoundSettings,
    onProgress?: ProgressCallback<SoundTrainProgress>,
    signal?: AbortSignal,
  ): Promise<TrainedSoundModel>;
  /** Every test clip scored by a model that did not train on it; the threshold from the training normals. */
  evaluate(
    train: { normal: string[]; abnormal: string[] },
    test: { normal: string[]; abnormal: string[] },
    settings: SoundSettings,
    onProgress?: ProgressCallback<SoundTrainProgress>,
    signal?: AbortSignal,
  ): Promise<SoundEvaluation>;
  /** Scores of added clips under the kept model. */
  score(ids: string[]): Promise<number[]>;
  /** Takes the port a MicrophoneController returned: audio flows worklet → worker, never through the page. */
  attachAudio(port: MessagePort): Promise<void>;
  audioStats(): Promise<AudioStats>;
  /** The kept model's score of the microphone's last seconds (null until enough has arrived). */
  scoreMicrophone(): Promise<LiveScore | null>;
  /**
   * The microphone's last seconds (up to 10) kept as a clip, for the operator to review and label (null
   * before any audio has arrived). The audio stays in the worker.
   */
  keepMicrophoneClip(name: string, features?: FeatureSettings): Promise<SoundClipInfo | null>;
  /** An added clip as a 16-bit WAV file, for the page to save on this device (a kept moment, for review). */
  clipFile(id: string): Promise<ArrayBuffer>;
  exportModel(): Promise<SavedSoundModel>;
  importModel(saved: SavedSoundModel): Promise<TrainedSoundModel>;
}
