/**
 * The gaze capability's worker: faces in camera frames, and gaze frames made
 * from a portrait (synthesised) or a pre-rendered head set (blended).
 * Pictures handed over are closed by the worker; frame sets come back moved.
 */
import type { DecodeOptions, FaceDetection } from '../core/face/decode.js';
import type { FaceSearch } from '../core/face/face-search.js';
import type { GazeGrid } from '../core/gaze/gaze-mapping.js';
import type { EyeGeometry, GazeTravel } from '../core/gaze/iris-render.js';
import type { SigmoidAlpha } from '../core/gaze/sigmoid-alpha.js';
import type { Rect } from '../shared/geometry.js';
import type { RuntimeApi } from './runtime.js';

export type { DecodeOptions, FaceDetection } from '../core/face/decode.js';
export type { FaceSearch } from '../core/face/face-search.js';
export type { GazeGrid } from '../core/gaze/gaze-mapping.js';
export type { SigmoidAlpha } from '../core/gaze/sigmoid-alpha.js';

export interface GazeFrameSet {
  source: 'synthesized' | 'pre-rendered';
  /** The portrait as shown (scaled to at most MAX_PORTRAIT_SIDE). */
  width: number;
  height: number;
  base: ImageBitmap;
  /** Where every frame is drawn over the base. */
  rect: Rect;
  frames: ImageBitmap[];
  grid: GazeGrid;
  face: FaceDetection | null;
  eyes: EyeGeometry[];
  travel: GazeTravel | null;
}

export interface GazeApi extends RuntimeApi {
  /** Faces in a frame, in the frame's pixels; `search` narrows it to a crop at a smaller input. */
  detectFaces(
    frame: ImageBitmap | VideoFrame,
    options?: Partial<DecodeOptions>,
    search?: FaceSearch,
  ): Promise<FaceDetection[]>;
  /** Gaze frames rendered from one portrait; `range` overrides how far the irises travel. */
  synthesizeFrames(portrait: ImageBitmap, grid: GazeGrid, range?: number): Promise<GazeFrameSet>;
  /** A pre-rendered head set blended into the painting, `head` in the painting's pixels. */
  blendFrames(
    painting: ImageBitmap,
    heads: ImageBitmap[],
    head: Rect,
    grid: GazeGrid,
    alpha: SigmoidAlpha,
  ): Promise<GazeFrameSet>;
}
