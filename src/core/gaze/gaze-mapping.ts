/**
 * Where a viewer stands, as seen by the camera, turned into a gaze frame.
 *
 * The documented curve: the viewer's horizontal angle from the camera axis is
 * θ(x) = atan((2x − 1) · tan(fov/2)) for the eye midpoint x (0..1 of the
 * frame width). The full gaze range spans the angles at which the viewer's
 * face is still wholly in view — from x = w/2 to x = 1 − w/2, w being the
 * face's width as a fraction of the frame — so a viewer who walks from one
 * edge of the camera's view to the other sweeps every frame, near or far.
 * Position is linear in angle within that band, so the painted eyes turn by
 * equal steps for equal steps of the viewer's bearing.
 */
import type { FaceDetection } from '../face/decode.js';
import { eyeMidpoint } from '../face/decode.js';

export interface GazeGrid {
  /** Horizontal gaze steps (frame 0 = eyes left, columns − 1 = eyes right). */
  columns: number;
  /** Vertical steps (1 = horizontal only; row 0 = eyes up). */
  rows: number;
}

export interface MappingOptions {
  /** True when the camera image is already mirrored (as a mirror shows the viewer). */
  mirror: boolean;
  /** Camera field of view in degrees. */
  horizontalFovDeg: number;
  verticalFovDeg: number;
}

export const DEFAULT_MAPPING: MappingOptions = { mirror: false, horizontalFovDeg: 60, verticalFovDeg: 45 };

/** A viewer in normalised camera coordinates. */
export interface ViewerPosition {
  /** Eye midpoint, 0..1 of the frame. */
  x: number;
  y: number;
  /** Face box size, 0..1 of the frame. */
  width: number;
  height: number;
}

export function viewerPosition(face: FaceDetection, frameWidth: number, frameHeight: number): ViewerPosition {
  const [mx, my] = eyeMidpoint(face);
  return {
    x: mx / frameWidth,
    y: my / frameHeight,
    width: face.box.width / frameWidth,
    height: face.box.height / frameHeight,
  };
}

function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/** Position along one axis, 0..1, linear in angle between the edges where the face is wholly in view. */
export function axisPosition(centre: number, faceSize: number, fovDeg: number): number {
  const half = Math.min(0.45, Math.max(0, faceSize / 2));
  const slope = Math.tan((fovDeg * Math.PI) / 360);
  const angle = (x: number) => Math.atan((2 * x - 1) * slope);
  const low = angle(half);
  const high = angle(1 - half);
  return clamp01((angle(centre) - low) / (high - low));
}

/**
 * Gaze position, 0..1 on each axis, in the painting's terms: u = 0 means the
 * eyes look to the screen's left. A viewer on the screen's left stands on the
 * camera's right, which an unmirrored camera image shows on its right: so u
 * runs against the image's x unless the image is mirrored.
 */
export function gazePosition(
  viewer: ViewerPosition,
  options: MappingOptions = DEFAULT_MAPPING,
): { u: number; v: number } {
  const along = axisPosition(viewer.x, viewer.width, options.horizontalFovDeg);
  const u = options.mirror ? along : 1 - along;
  const v = axisPosition(viewer.y, viewer.height, options.verticalFovDeg);
  return { u, v };
}

/** Continuous frame coordinates (column, row) for a gaze position. */
export function continuousFrame(u: number, v: number, grid: GazeGrid): { column: number; row: number } {
  return { column: clamp01(u) * (grid.columns - 1), row: clamp01(v) * (grid.rows - 1) };
}

/** Frame index in row-major order. */
export function frameIndex(column: number, row: number, grid: GazeGrid): number {
  return row * grid.columns + column;
}

/** The unsmoothed mapping the eval command reports: nearest frame for one detection. */
export function frameForFace(
  face: FaceDetection,
  frameWidth: number,
  frameHeight: number,
  grid: GazeGrid,
  options: MappingOptions = DEFAULT_MAPPING,
): number {
  const { u, v } = gazePosition(viewerPosition(face, frameWidth, frameHeight), options);
  const { column, row } = continuousFrame(u, v, grid);
  return frameIndex(Math.round(column), Math.round(row), grid);
}
