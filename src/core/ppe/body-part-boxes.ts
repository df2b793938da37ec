/**
 * Where each body part is, given a detected face: the square crop the face
 * cover classifier sees, and the head box (hair and forehead included) a head
 * cover verdict is made on. Pure geometry in frame pixels.
 */
import { type Rect, clipRect } from '../../shared/geometry.js';

/** Face crop side relative to the detector's box: brow to chin plus the mask's edges. */
export const FACE_CROP_SCALE = 1.5;

export function squareAround(box: Rect, scale: number, shiftY = 0): Rect {
  const side = Math.max(box.width, box.height) * scale;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2 + shiftY * box.height;
  return { x: cx - side / 2, y: cy - side / 2, width: side, height: side };
}

export function faceCrop(face: Rect): Rect {
  return squareAround(face, FACE_CROP_SCALE);
}

/** BlazeFace's box runs brow to chin; a helmet or cap sits up to about one face height above it. */
export function headBox(face: Rect): Rect {
  const width = face.width * 1.5;
  const top = face.y - face.height * 0.8;
  return { x: face.x + face.width / 2 - width / 2, y: top, width, height: face.y + face.height * 1.05 - top };
}

/** A rect as ratios of the frame, as Rekognition reports boxes. */
export function ratioBox(
  r: Rect,
  width: number,
  height: number,
): { Left: number; Top: number; Width: number; Height: number } {
  const c = clipRect(r, width, height);
  return { Left: c.x / width, Top: c.y / height, Width: c.width / width, Height: c.height / height };
}
