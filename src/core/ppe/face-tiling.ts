/**
 * Crowds and small faces. BlazeFace sees the frame at 256 px, so a 40-px face
 * in a 1920-px photo shrinks to 5 px and is lost. When the frame is large, or
 * the first look finds a crowd or small faces, the frame is also searched in
 * overlapping tiles (each scaled up to the model's input), and the
 * detections merged. There is no cap on the number of faces. Pure.
 */
import type { FaceDetection } from '../face/decode.js';
import { type Rect, keepDistinct, overlapOfSmaller } from '../../shared/geometry.js';

/** Face finding for PPE: masked faces score lower, so the bar is below the gaze default. */
export const PPE_FACE_DECODE = {
  scoreThreshold: 0.45,
  iouThreshold: 0.3,
  maxFaces: Number.POSITIVE_INFINITY,
};

/** A tile side at which a 40-px face reaches 20 px of the model's 256. */
export const TILE_SIDE = 512;
/**
 * In a frame of at most LARGE_FRAME px, the tiles are smaller: a 24-px face (the smallest a PPE check
 * answers for) reaches 19 px of the model's 256. Such a frame takes 6 tiles, not 2 (on composites of
 * real faces, faces found 0.72 → 0.79, about 40 ms more a frame on WASM, only when a small face is seen).
 */
export const SMALL_FRAME_TILE_SIDE = 320;
const OVERLAP = 0.25;
const LARGE_FRAME = 640;
const SMALL_FACE = 48;
const CROWD = 15;

/** The tile side for a frame of this size. */
export function tileSide(width: number, height: number): number {
  return Math.max(width, height) > LARGE_FRAME ? TILE_SIDE : SMALL_FRAME_TILE_SIDE;
}

export function needsTiles(width: number, height: number, firstLook: readonly FaceDetection[]): boolean {
  if (Math.max(width, height) > LARGE_FRAME) return true;
  if (firstLook.length > CROWD) return true;
  return firstLook.some((f) => Math.max(f.box.width, f.box.height) < SMALL_FACE);
}

function starts(length: number, side: number): number[] {
  if (length <= side) return [0];
  const step = side * (1 - OVERLAP);
  const count = Math.ceil((length - side) / step) + 1;
  return Array.from({ length: count }, (_, i) => Math.round(i === count - 1 ? length - side : i * step));
}

/** Overlapping tiles covering the frame (none when one tile would be the frame). */
export function tilePlan(width: number, height: number, side = TILE_SIDE): Rect[] {
  const xs = starts(width, side);
  const ys = starts(height, side);
  if (xs.length === 1 && ys.length === 1) {
    // A frame at most one tile big: split it in two along its long side instead.
    const half = Math.round(Math.max(width, height) * (0.5 + OVERLAP / 2));
    return width >= height
      ? [
          { x: 0, y: 0, width: half, height },
          { x: width - half, y: 0, width: half, height },
        ]
      : [
          { x: 0, y: 0, width, height: half },
          { x: 0, y: height - half, width, height: half },
        ];
  }
  return ys.flatMap((y) =>
    xs.map((x) => ({ x, y, width: Math.min(side, width), height: Math.min(side, height) })),
  );
}

/** A face cut by a tile's inner edge is only part of a face; another tile or the full view has it whole. */
export function cutByTile(
  face: FaceDetection,
  tile: Rect,
  width: number,
  height: number,
  margin = 2,
): boolean {
  const b = face.box;
  return (
    (tile.x > 0 && b.x <= tile.x + margin) ||
    (tile.y > 0 && b.y <= tile.y + margin) ||
    (tile.x + tile.width < width && b.x + b.width >= tile.x + tile.width - margin) ||
    (tile.y + tile.height < height && b.y + b.height >= tile.y + tile.height - margin)
  );
}

/** One detection per face: best score first; a box mostly inside a kept one is the same face. */
export function mergeDetections(faces: readonly FaceDetection[], maxOverlap = 0.5): FaceDetection[] {
  return keepDistinct(faces, maxOverlap, Number.POSITIVE_INFINITY, overlapOfSmaller);
}

/**
 * The frame shrunk to half its size in the middle of a region twice as large
 * (outside the frame is padding): a face or hand filling the frame is larger
 * than the detectors learned parts to be, so close-ups are looked at again
 * zoomed out, as tiles zoom in for small faces.
 */
export function zoomedOut(width: number, height: number): Rect {
  const [padX, padY] = [Math.round(width / 2), Math.round(height / 2)];
  return { x: -padX, y: -padY, width: width + 2 * padX, height: height + 2 * padY };
}
