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
import type { Point, Rect } from '../shared/geometry.js';
import type { ProgressCallback, RuntimeApi } from './runtime.js';

export type { DecodeOptions, FaceDetection } from '../core/face/decode.js';
export type { FaceSearch } from '../core/face/face-search.js';
export type { GazeGrid } from '../core/gaze/gaze-mapping.js';
export type { SigmoidAlpha } from '../core/gaze/sigmoid-alpha.js';

/** The longest side a portrait is shown and rendered at (larger ones are scaled down). */
export const MAX_PORTRAIT_SIDE = 2048;

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
  /** The head turn, when the head turns (synthesised sets only). */
  head: HeadTurnSummary | null;
  /** Why the head does not turn although a turn was asked for (the eyes still move), for the visitor. */
  notice: string | null;
  /** True when the frames came from the worker's frame cache rather than being made. */
  cached: boolean;
}

export interface HeadTurnSummary {
  /** Degrees at the outer columns. */
  maxTurn: number;
  /** Nothing outside this outline changes. */
  ring: Point[];
  nose: Point;
  mouth: Point;
}

export interface SynthesisSettings {
  /** How far the irises travel, as a share of the room the eyelids leave (0.9). */
  range?: number;
  /** Degrees the head turns at the outer frames (12); 0 moves only the eyes. */
  headTurn?: number;
}

export interface SynthesisProgress {
  /** Frames made so far, of `total`. */
  done: number;
  total: number;
  /** True when the frames came from the cache rather than being made. */
  cached: boolean;
}

export interface GazeApi extends RuntimeApi {
  /** Faces in a frame, in the frame's pixels; `search` narrows it to a crop at a smaller input. */
  detectFaces(
    frame: ImageBitmap | VideoFrame,
    options?: Partial<DecodeOptions>,
    search?: FaceSearch,
  ): Promise<FaceDetection[]>;
  /**
   * Gaze frames rendered from one portrait, or read back from the frame cache when this portrait was
   * rendered with these settings before.
   */
  synthesizeFrames(
    portrait: ImageBitmap,
    grid: GazeGrid,
    settings?: SynthesisSettings,
    onProgress?: ProgressCallback<SynthesisProgress>,
  ): Promise<GazeFrameSet>;
  /** A pre-rendered head set blended into the painting, `head` in the painting's pixels. */
  blendFrames(
    painting: ImageBitmap,
    heads: ImageBitmap[],
    head: Rect,
    grid: GazeGrid,
    alpha: SigmoidAlpha,
  ): Promise<GazeFrameSet>;
}
