/**
 * Detections in, gaze frame out: viewer selection, the mapping curve, One Euro
 * smoothing, hysteresis, and the drift back to centre when nobody is there.
 * Pure and clock-free (the caller passes time), so it runs in tests as is.
 */
import type { FaceDetection } from '../face/decode.js';
import {
  DEFAULT_MAPPING,
  type GazeGrid,
  type MappingOptions,
  type ViewerPosition,
  continuousFrame,
  frameIndex,
  gazePosition,
  viewerPosition,
} from './gaze-mapping.js';
import { FrameHysteresis } from './frame-hysteresis.js';
import { GAZE_FILTER, OneEuroFilter, type OneEuroOptions } from './one-euro-filter.js';
import { DEFAULT_SELECTION, type SelectionOptions, ViewerSelector } from './viewer-selection.js';

export type GazeMode = 'tracking' | 'holding' | 'idle';

export interface GazeState {
  /** Row-major frame index. */
  frame: number;
  column: number;
  row: number;
  /** Smoothed gaze position, 0..1 (u = 0: eyes to the screen's left; v = 0: up). */
  u: number;
  v: number;
  faces: number;
  viewer: ViewerPosition | null;
  mode: GazeMode;
}

export interface GazeTrackerOptions {
  grid: GazeGrid;
  mapping: MappingOptions;
  filter: OneEuroOptions;
  selection: SelectionOptions;
  /** Dead band of the frame quantiser, in frames beyond half a step. */
  hysteresis: number;
  /** With nobody in view for this long, the eyes return to centre. */
  idleAfterMs: number;
  /** Time constant of that return. */
  returnMs: number;
  /** While idle, let the eyes wander slowly around the centre. */
  idleWander: boolean;
}

export const DEFAULT_TRACKER: GazeTrackerOptions = {
  grid: { columns: 33, rows: 1 },
  mapping: DEFAULT_MAPPING,
  filter: GAZE_FILTER,
  selection: DEFAULT_SELECTION,
  hysteresis: 0.25,
  idleAfterMs: 2000,
  returnMs: 500,
  idleWander: false,
};

/** A slow, aperiodic-looking wander: two incommensurate sines per axis. */
export function wander(timeMs: number): { u: number; v: number } {
  const t = timeMs / 1000;
  return {
    u: 0.5 + 0.22 * Math.sin(t / 1.9) + 0.08 * Math.sin(t / 0.83 + 1),
    v: 0.5 + 0.12 * Math.sin(t / 2.7),
  };
}

export class GazeTracker {
  readonly options: GazeTrackerOptions;
  private readonly selector: ViewerSelector;
  private readonly filterU: OneEuroFilter;
  private readonly filterV: OneEuroFilter;
  private readonly columns: FrameHysteresis;
  private readonly rows: FrameHysteresis;
  private u = 0.5;
  private v = 0.5;
  private lastSeenMs = -Infinity;
  private lastMs: number | null = null;

  constructor(options: Partial<GazeTrackerOptions> = {}) {
    this.options = { ...DEFAULT_TRACKER, ...options };
    this.selector = new ViewerSelector(this.options.selection);
    this.filterU = new OneEuroFilter(this.options.filter);
    this.filterV = new OneEuroFilter(this.options.filter);
    this.columns = new FrameHysteresis(this.options.grid.columns, this.options.hysteresis);
    this.rows = new FrameHysteresis(this.options.grid.rows, this.options.hysteresis);
  }

  /** Faces found in a frameWidth x frameHeight camera frame at `timeMs`. */
  update(faces: FaceDetection[], frameWidth: number, frameHeight: number, timeMs: number): GazeState {
    const viewers = faces.map((f) => viewerPosition(f, frameWidth, frameHeight));
    const viewer = this.selector.select(viewers, timeMs);
    const mode = viewer ? this.follow(viewer, timeMs) : this.rest(timeMs);
    this.lastMs = timeMs;
    const { column, row } = continuousFrame(this.u, this.v, this.options.grid);
    const shownColumn = this.columns.update(column);
    const shownRow = this.rows.update(row);
    return {
      frame: frameIndex(shownColumn, shownRow, this.options.grid),
      column: shownColumn,
      row: shownRow,
      u: this.u,
      v: this.v,
      faces: faces.length,
      viewer,
      mode,
    };
  }

  private follow(viewer: ViewerPosition, timeMs: number): GazeMode {
    const target = gazePosition(viewer, this.options.mapping);
    this.u = this.filterU.filter(target.u, timeMs);
    this.v = this.filterV.filter(target.v, timeMs);
    this.lastSeenMs = timeMs;
    return 'tracking';
  }

  /** Nobody followed: hold still a moment, then ease back to centre (or wander). */
  private rest(timeMs: number): GazeMode {
    if (timeMs - this.lastSeenMs < this.options.idleAfterMs) return 'holding';
    const goal = this.options.idleWander ? wander(timeMs) : { u: 0.5, v: 0.5 };
    const dt = this.lastMs === null ? 0 : Math.max(0, timeMs - this.lastMs);
    const step = 1 - Math.exp(-dt / this.options.returnMs);
    this.u += (goal.u - this.u) * step;
    this.v += (goal.v - this.v) * step;
    // The filters continue from here, so a returning viewer is picked up smoothly.
    this.filterU.reset(this.u, timeMs);
    this.filterV.reset(this.v, timeMs);
    return 'idle';
  }
}
