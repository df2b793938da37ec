/** What `<sound-anomaly>` takes, returns and sends with its `ml-` events. */
import type { DetectionMetrics } from '../../core/audio/detection-metrics.js';

/** A file, or bytes with a name. */
export type SoundClipInput = Blob | { name: string; data: ArrayBuffer };

export interface AnomalyScoreDetail {
  score: number;
  threshold: number;
  isAnomaly: boolean;
  /** The clip's file name, or 'microphone' for the live window. */
  clip: string;
}

/** A flagged stretch of the microphone kept as a clip for review. */
export interface FlaggedMomentDetail {
  /** The kept clip's name in the clip table. */
  clip: string;
  score: number;
  threshold: number;
}

export interface SoundEvaluationResult {
  metrics: DetectionMetrics;
  normal: number[];
  abnormal: number[];
}

/** A file that could not be added, and why. */
export type Rejected = { file: string; error: string };

export const nameOf = (clip: SoundClipInput): string =>
  clip instanceof File ? clip.name : clip instanceof Blob ? 'clip' : clip.name;

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
