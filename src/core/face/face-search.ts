/**
 * What part of a frame a face search looks at, and at what model input size.
 * The default (no region, the model's own size) is the full-frame search.
 */
import type { Rect } from '../../shared/geometry.js';

export interface FaceSearch {
  /** Only this part of the frame, in frame pixels. */
  region?: Rect;
  /** The model input's side in pixels. */
  inputSize?: number;
}
