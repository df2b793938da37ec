/** The events `<gaze-portrait>` fires, and what they carry. */
import type { GazeMode } from '../../core/gaze/gaze-tracker.js';

export interface GazeChangeDetail {
  /** Row-major frame index now shown. */
  frame: number;
  /** The followed viewer's eye midpoint, 0..1 of the camera frame (null: nobody followed). */
  x: number | null;
  y: number | null;
  /** Faces in the last camera frame. */
  faces: number;
  backend: string;
  mode: GazeMode;
}

export interface PortraitReadyDetail {
  source: 'synthesized' | 'pre-rendered';
  frames: number;
  width: number;
  height: number;
  /** Why the head does not turn in this portrait (only the eyes move), or null. */
  notice: string | null;
  /** True when the frames came from this browser's frame cache instead of being made again. */
  cached: boolean;
}
