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

export interface SoundEvaluationResult {
  metrics: DetectionMetrics;
  normal: number[];
  abnormal: number[];
}
