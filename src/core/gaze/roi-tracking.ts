/**
 * Spends per frame only what the frame needs. The gaze portrait follows one
 * near viewer: once found, that face is searched for in a square crop around
 * where it was, at 128 px (a quarter of the full search's work, and the face
 * fills more of the model's input than in the whole frame). The full-frame
 * search at the model's own size runs only to find faces: at the start, when
 * the followed face is lost, when it is too small to crop around, and every
 * `fullEvery` frames, so a newcomer who stands nearer is found within about a
 * second. Pure: the element's loop asks `next()` and reports with `observe()`.
 */
import type { FaceSearch } from '../face/face-search.js';
import type { ViewerPosition } from './gaze-mapping.js';

export interface RoiTrackingOptions {
  /** Model input side for a crop around the followed face. */
  roiInputSize: number;
  /** Crop side as a multiple of the face's larger side: room for a step between frames. */
  cropScale: number;
  /** A face smaller than this (frame pixels) is looked for in the full frame. */
  minFacePx: number;
  /** A full-frame search at least every this many frames. */
  fullEvery: number;
}

export const DEFAULT_ROI_TRACKING: RoiTrackingOptions = {
  roiInputSize: 128,
  cropScale: 2.4,
  minFacePx: 32,
  fullEvery: 30,
};

export type PlannedSearch = FaceSearch & { kind: 'full' | 'roi' };

/** The face followed, in frame pixels: eye midpoint and the box's larger side. */
interface Followed {
  x: number;
  y: number;
  size: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** A square crop of `side` centred near (x, y), moved inside the frame. */
export function cropAround(x: number, y: number, side: number, width: number, height: number) {
  const s = Math.min(side, width, height);
  return {
    x: Math.round(clamp(x - s / 2, 0, width - s)),
    y: Math.round(clamp(y - s / 2, 0, height - s)),
    width: Math.round(s),
    height: Math.round(s),
  };
}

export class RoiTracking {
  private followed: Followed | null = null;
  private sinceFull = Infinity;

  constructor(readonly options: RoiTrackingOptions = DEFAULT_ROI_TRACKING) {}

  /** The search for the next frame. */
  next(width: number, height: number): PlannedSearch {
    const f = this.followed;
    if (!f || this.sinceFull >= this.options.fullEvery || f.size < this.options.minFacePx) {
      this.sinceFull = 0;
      return { kind: 'full' };
    }
    this.sinceFull++;
    // The eyes sit above the box centre: the crop is centred a little lower, on the face.
    const region = cropAround(f.x, f.y + 0.15 * f.size, this.options.cropScale * f.size, width, height);
    return { kind: 'roi', region, inputSize: this.options.roiInputSize };
  }

  /**
   * What a search found: `viewer` is the face the tracker follows (0..1 of the frame). A crop that
   * found no face means the viewer left it: the next search is the full frame.
   */
  observe(faceCount: number, viewer: ViewerPosition | null, width: number, height: number): void {
    this.followed =
      faceCount > 0 && viewer
        ? {
            x: viewer.x * width,
            y: viewer.y * height,
            size: Math.max(viewer.width * width, viewer.height * height),
          }
        : null;
  }
}
