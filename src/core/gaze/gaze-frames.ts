/**
 * Every gaze frame of a portrait: the irises move (iris-render.ts), the upper
 * lids follow a vertical gaze (eyelid-follow.ts), then the whole head turns
 * the same way (head-turn.ts), so the eyes lead and the head follows. Only the
 * pixels inside the frame rectangle change; the rest is the portrait itself.
 */
import { type Rect, clipRect, scaledAbout } from '../../shared/geometry.js';
import { followLid } from './eyelid-follow.js';
import type { GazeGrid } from './gaze-mapping.js';
import { type HeadMesh, type HeadPose, type HeadTurnPlan, planHeadTurn, warpHead } from './head-turn.js';
import {
  type EyeGeometry,
  type GazeTravel,
  type PreparedEye,
  cellOffset,
  cellPlace,
  gazeTravel,
  prepareEye,
  renderEye,
} from './iris-render.js';
import { type RgbaImage, boundingRect, cropRgba, unionRect } from './rgba-image.js';

export interface HeadTurnOptions {
  mesh: HeadMesh;
  /** The face box: nothing outside it grown by TURN_LIMIT changes. */
  face: Rect;
  /** Degrees the head turns at the grid's outer columns (and, times PITCH_SHARE, its outer rows). */
  maxTurn: number;
}

export interface SynthesisOptions {
  /** How far the irises travel, as a share of the room the eyelids leave. */
  range?: number;
  /** The head turn; without it only the eyes (and lids) move. */
  head?: HeadTurnOptions;
  /** Called after each frame, for progress. */
  onFrame?: (done: number, total: number) => void;
}

export interface SynthesizedFrames {
  /** Where the frames go in the portrait. */
  rect: Rect;
  /** RGBA of `rect` for each frame, row-major over the grid. */
  frames: Uint8ClampedArray<ArrayBuffer>[];
  travel: GazeTravel;
  /** The head turn's plan, when the head turns. */
  head: HeadTurnPlan | null;
}

/** Changes whenever the frames drawn for the same portrait and settings change (it keys the frame cache). */
export const SYNTHESIS_VERSION = 2;

/**
 * How far past the face box the warp may reach: the displacement fades to nothing at the ellipse inscribed
 * in the box grown by this much, so hair, neck and background beyond it never move.
 */
export const TURN_LIMIT = 1.25;

/** How far the irises travel unless told otherwise, as a share of the room the eyelids leave. */
export const DEFAULT_IRIS_RANGE = 0.9;

/** A head nods less far than it turns. */
export const PITCH_SHARE = 0.6;

/** The head's pose for a grid cell: column 0 turns to image-left, row 0 up. */
export function cellPose(column: number, row: number, grid: GazeGrid, maxTurn: number): HeadPose {
  const [u, v] = cellPlace(column, row, grid);
  return { yaw: u * maxTurn, pitch: v * maxTurn * PITCH_SHARE };
}

function drawEyes(
  area: RgbaImage,
  eyes: PreparedEye[],
  dx: number,
  dy: number,
): Uint8ClampedArray<ArrayBuffer> {
  const data = new Uint8ClampedArray(area.data);
  const frame = { ...area, data };
  for (const eye of eyes) {
    renderEye(frame, area, eye, dx, dy);
    followLid(frame, { ...eye, radius: eye.eye.iris.radius }, dy);
  }
  return data;
}

/** Every frame of the grid for one portrait. */
export function synthesizeFrames(
  image: RgbaImage,
  eyes: EyeGeometry[],
  grid: GazeGrid,
  options: SynthesisOptions = {},
): SynthesizedFrames {
  if (eyes.length === 0) throw new Error('no eyes to move');
  const range = options.range ?? DEFAULT_IRIS_RANGE;
  const plan =
    options.head && options.head.maxTurn > 0
      ? planHeadTurn(options.head.mesh, scaledAbout(options.head.face, TURN_LIMIT))
      : null;
  const rects = eyes.map((e) =>
    boundingRect(e.opening, Math.ceil(e.iris.radius) + 3, image.width, image.height),
  );
  if (plan) rects.push(clipRect(plan.bounds, image.width, image.height));
  const rect = rects.reduce(unionRect);
  const area = cropRgba(image, rect);
  const prepared = eyes.map((eye) => prepareEye(area, rect, eye));
  const travel = gazeTravel(prepared);
  const frames: Uint8ClampedArray<ArrayBuffer>[] = [];
  const total = grid.rows * grid.columns;
  for (let row = 0; row < grid.rows; row++) {
    for (let column = 0; column < grid.columns; column++) {
      const [dx, dy] = cellOffset(column, row, grid, travel, range);
      const data = drawEyes(area, prepared, dx, dy);
      if (plan) {
        const eyesMoved = { ...area, data };
        const turned = new Uint8ClampedArray(data);
        const pose = cellPose(column, row, grid, options.head!.maxTurn);
        warpHead(eyesMoved, { ...area, data: turned }, [rect.x, rect.y], plan, pose);
        frames.push(turned);
      } else frames.push(data);
      options.onFrame?.(frames.length, total);
    }
  }
  return { rect, frames, travel, head: plan };
}
