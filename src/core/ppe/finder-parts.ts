/**
 * What the part finder adds to the face pipeline: faces BlazeFace missed
 * (masked ones, mostly), heads no found face explains (helmeted heads seen
 * from above or afar, people turned away), and hands. A faceless whole body takes
 * the head that sits where its head would be; a head with no body stands
 * for a person of its own. Pure.
 */
import type { FaceDetection } from '../face/decode.js';
import { type Rect, type Scored, centreOf, containsPoint, iou } from '../../shared/geometry.js';
import { headBox } from './body-part-boxes.js';
import { bodiesOfFaces, personBox } from './person-assembly.js';

/** Two boxes of one part: enough overlap, or one's centre inside the other. */
export function samePart(a: Rect, b: Rect): boolean {
  return iou(a, b) >= 0.3 || containsPoint(a, centreOf(b)) || containsPoint(b, centreOf(a));
}

/** The finder's faces that no detected face already covers, as face detections (no landmarks). */
export function addedFaces(found: readonly FaceDetection[], finderFaces: readonly Scored[]): FaceDetection[] {
  return finderFaces
    .filter((f) => !found.some((k) => samePart(k.box, f.box)))
    .map((f) => ({ box: f.box, score: f.score, landmarks: [] }));
}

/**
 * Hands from both finders: the part finder's first (its boxes are drawn as
 * the hand cover's training crops were), then the hand detector's that it
 * did not find.
 */
export function mergedHands(finderHands: readonly Scored[], detected: readonly Scored[]): Scored[] {
  return [...finderHands, ...detected.filter((d) => !finderHands.some((f) => samePart(f.box, d.box)))];
}

/** Whether a finder head is this face's head: the face inside it, or where the face's head would be. */
function headOfFace(head: Rect, face: Rect): boolean {
  return containsPoint(head, centreOf(face)) || samePart(headBox(face), head);
}

/**
 * How far above the brow (in face heights) a head box must reach: a helmet or hair sits there. The
 * finder sometimes boxes only the face of a helmeted head it sees large, which leaves the helmet out.
 * Labelled hard hats' tops sit a median 0.65 face heights above BlazeFace's box (training photos), so a
 * box reaching under half of that cuts the crown off; at 0.25 a box to the brim still passed.
 */
const HEAD_ABOVE_BROW = 0.5;

/** Whether a finder head can stand for this face's head box: where, and about as big as, it would be. */
function fitsFace(head: Rect, face: Rect): boolean {
  return iou(headBox(face), head) >= 0.3 && head.y <= face.y - HEAD_ABOVE_BROW * face.height;
}

/**
 * Per face, the finder's head that can be its head box (or null): drawn
 * round the whole head, as the head cover learned from, where a box
 * extended up from the face only guesses at a helmet's size. A finder box
 * far off that size (a shoulder, a whole person) is not taken.
 */
export function headsOfFaces(faces: readonly Scored[], heads: readonly Scored[]): (Scored | null)[] {
  return faces.map((f) => heads.find((h) => fitsFace(h.box, f.box)) ?? null);
}

/** The finder's heads that belong to no face. */
export function headsWithoutFace<T extends Scored>(faces: readonly Scored[], heads: readonly T[]): T[] {
  return heads.filter((h) => !faces.some((f) => headOfFace(h.box, f.box)));
}

export interface HeadsOfBodies<T extends Scored = Scored> {
  /** Per body: the finder head where its head is, or null. */
  bodyHeads: (T | null)[];
  /** Heads no body took: each a person seen by the head alone. */
  alone: T[];
}

/** Hands each faceless body the head in its head region (bodies owned by a face are left alone). */
export function headsOfBodies<T extends Scored>(
  bodies: readonly Scored[],
  owned: ReadonlySet<number>,
  heads: readonly T[],
): HeadsOfBodies<T> {
  const free = bodies.map((b, i) => (owned.has(i) ? { ...b, box: { x: 0, y: 0, width: 0, height: 0 } } : b));
  const bodyOfHead = bodiesOfFaces(heads, free);
  const bodyHeads = bodies.map((_, b) => heads[bodyOfHead.indexOf(b)] ?? null);
  return { bodyHeads, alone: heads.filter((_, h) => bodyOfHead[h]! < 0) };
}

/** The body under a head seen alone: as under a face of that size. */
export function bodyUnderHead(head: Rect, frameHeight: number): Rect {
  return personBox(head, frameHeight);
}
