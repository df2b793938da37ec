/**
 * Where a person's head is, from body keypoints (COCO order, as MoveNet
 * gives them), when no face was found: a face turned away, masked past the
 * face detector, or under a helmet brim. The head's centre is the mean of
 * the nose, eyes and ears that are visible; its size comes from the widest
 * of ear-to-ear, eye-to-eye and shoulder spans (each scaled to a head width).
 * With no head point at all, the head sits above the shoulders. Pure.
 */
import { type Rect, containsPoint } from '../../shared/geometry.js';

/** [x, y, score] in frame pixels. */
export type Keypoint = [number, number, number];

const [NOSE, LEFT_EYE, RIGHT_EYE, LEFT_EAR, RIGHT_EAR, LEFT_SHOULDER, RIGHT_SHOULDER] = [0, 1, 2, 3, 4, 5, 6];
const HEAD_POINTS = [NOSE, LEFT_EYE, RIGHT_EYE, LEFT_EAR, RIGHT_EAR];

/** A keypoint counts when the model is at least this sure of it. */
export const MIN_KEYPOINT_SCORE = 0.3;

function span(points: readonly Keypoint[], a: number, b: number): number | null {
  const [p, q] = [points[a], points[b]];
  if (!p || !q || p[2] < MIN_KEYPOINT_SCORE || q[2] < MIN_KEYPOINT_SCORE) return null;
  return Math.hypot(p[0] - q[0], p[1] - q[1]);
}

/** Head width from whichever spans are visible (ears ≈ 0.75, eyes ≈ 0.35, shoulders ≈ 2.2 head widths). */
function headWidth(points: readonly Keypoint[]): number | null {
  const widths = [
    [span(points, LEFT_EAR, RIGHT_EAR), 1 / 0.75],
    [span(points, LEFT_EYE, RIGHT_EYE), 1 / 0.35],
    [span(points, LEFT_SHOULDER, RIGHT_SHOULDER), 1 / 2.2],
  ]
    .filter(([d]) => d !== null && d > 0)
    .map(([d, k]) => d! * k!);
  return widths.length ? Math.max(...widths) : null;
}

/** The head box, or null when the pose says too little (or the person box is too small to matter). */
export function headFromPose(points: readonly Keypoint[], person: Rect): Rect | null {
  const visible = HEAD_POINTS.map((i) => points[i]).filter(
    (p): p is Keypoint => !!p && p[2] >= MIN_KEYPOINT_SCORE,
  );
  const width = Math.min(headWidth(points) ?? person.width * 0.35, person.width);
  if (width < 4) return null;
  const height = width * 1.2;
  let cx: number;
  let cy: number;
  if (visible.length > 0) {
    cx = visible.reduce((s, p) => s + p[0], 0) / visible.length;
    // Eyes and ears sit a little below the middle of the head (the crown is taller than the chin is low).
    cy = visible.reduce((s, p) => s + p[1], 0) / visible.length - height * 0.08;
  } else {
    const shoulders = [points[LEFT_SHOULDER], points[RIGHT_SHOULDER]].filter(
      (p): p is Keypoint => !!p && p[2] >= MIN_KEYPOINT_SCORE,
    );
    if (shoulders.length < 2) return null;
    cx = (shoulders[0]![0] + shoulders[1]![0]) / 2;
    cy = (shoulders[0]![1] + shoulders[1]![1]) / 2 - height * 0.75;
  }
  return { x: cx - width / 2, y: cy - height / 2, width, height };
}

/**
 * The face of a person facing the camera (nose and both eyes visible), as a
 * box like the face detector's (brow to chin), or null. Width from the ears
 * when both show, else from the eyes.
 */
export function faceFromPose(points: readonly Keypoint[]): Rect | null {
  const [nose, left, right] = [points[NOSE], points[LEFT_EYE], points[RIGHT_EYE]];
  if (![nose, left, right].every((p) => p && p[2] >= MIN_KEYPOINT_SCORE)) return null;
  const ears = span(points, LEFT_EAR, RIGHT_EAR);
  const eyes = span(points, LEFT_EYE, RIGHT_EYE)!;
  const width = Math.max(ears ? ears * 0.9 : 0, eyes / 0.42);
  if (width < 8) return null;
  const eyeY = (left![1] + right![1]) / 2;
  return { x: nose![0] - width / 2, y: eyeY - width * 0.3, width, height: width * 1.05 };
}

/** How sure the pose is of the head: the mean score of its five head points. */
export function headScore(points: readonly Keypoint[]): number {
  return HEAD_POINTS.reduce((s, i) => s + (points[i]?.[2] ?? 0), 0) / HEAD_POINTS.length;
}

/** How many of the nose and eyes the pose is sure of inside the box (0–3). */
export function faceFeaturesInside(points: readonly Keypoint[], box: Rect): number {
  return [NOSE, LEFT_EYE, RIGHT_EYE].filter((i) => {
    const p = points[i];
    return !!p && p[2] >= MIN_KEYPOINT_SCORE && containsPoint(box, p);
  }).length;
}
