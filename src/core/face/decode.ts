/**
 * Decoding of BlazeFace's raw output ([anchors, 17]: score logit, box centre
 * offset x/y, box w/h, then 6 landmark x/y offsets) into faces, with hard NMS.
 * Done in plain JS on one downloaded array: one GPU→CPU read per frame instead
 * of a tensor op per box, and testable in Node.
 */
import { type Point, type Rect, keepDistinct } from '../../shared/geometry.js';
import { type Letterbox, toFrame } from './letterbox.js';

export const VALUES_PER_ANCHOR = 17;
export const LANDMARK_NAMES = ['rightEye', 'leftEye', 'nose', 'mouth', 'rightEar', 'leftEar'] as const;

/** One face in frame pixels. Landmarks follow MediaPipe: "right eye" is the subject's right. */
export interface FaceDetection {
  box: Rect;
  landmarks: Point[];
  score: number;
}

export interface DecodeOptions {
  scoreThreshold: number;
  iouThreshold: number;
  maxFaces: number;
}

export const DEFAULT_DECODE: DecodeOptions = { scoreThreshold: 0.6, iouThreshold: 0.3, maxFaces: 20 };

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Decodes every anchor above the score threshold, in model-input pixels. */
function candidates(raw: Float32Array, anchors: Float32Array, minScore: number): FaceDetection[] {
  const faces: FaceDetection[] = [];
  const count = anchors.length / 2;
  for (let i = 0; i < count; i++) {
    const o = i * VALUES_PER_ANCHOR;
    const score = sigmoid(raw[o]!);
    if (score < minScore) continue;
    const ax = anchors[2 * i]!;
    const ay = anchors[2 * i + 1]!;
    const cx = raw[o + 1]! + ax;
    const cy = raw[o + 2]! + ay;
    const w = raw[o + 3]!;
    const h = raw[o + 4]!;
    const landmarks = LANDMARK_NAMES.map((_, k): Point => [
      raw[o + 5 + 2 * k]! + ax,
      raw[o + 6 + 2 * k]! + ay,
    ]);
    faces.push({ box: { x: cx - w / 2, y: cy - h / 2, width: w, height: h }, landmarks, score });
  }
  return faces;
}

/** Hard non-maximum suppression, highest score first. */
export function nonMaxSuppression(
  faces: FaceDetection[],
  iouThreshold: number,
  maxFaces: number,
): FaceDetection[] {
  return keepDistinct(faces, iouThreshold, maxFaces);
}

function mapToFrame(face: FaceDetection, box: Letterbox): FaceDetection {
  const [x, y] = toFrame(box, face.box.x, face.box.y);
  return {
    score: face.score,
    box: { x, y, width: face.box.width * box.scale, height: face.box.height * box.scale },
    landmarks: face.landmarks.map(([lx, ly]) => toFrame(box, lx, ly)),
  };
}

/** Raw model output → faces in frame pixels, best first. */
export function decodeFaces(
  raw: Float32Array,
  anchors: Float32Array,
  box: Letterbox,
  options: DecodeOptions = DEFAULT_DECODE,
): FaceDetection[] {
  if (raw.length !== (anchors.length / 2) * VALUES_PER_ANCHOR) {
    throw new RangeError(
      `BlazeFace output has ${raw.length} values, expected ${(anchors.length / 2) * VALUES_PER_ANCHOR}`,
    );
  }
  const kept = nonMaxSuppression(
    candidates(raw, anchors, options.scoreThreshold),
    options.iouThreshold,
    options.maxFaces,
  );
  return kept.map((face) => mapToFrame(face, box));
}

/** The face with the largest box (the nearest person), or null. */
export function largestFace(faces: FaceDetection[]): FaceDetection | null {
  const area = (f: FaceDetection) => f.box.width * f.box.height;
  return faces.reduce<FaceDetection | null>((best, f) => (!best || area(f) > area(best) ? f : best), null);
}

/** Midpoint between the two eyes, in frame pixels. */
export function eyeMidpoint(face: FaceDetection): Point {
  const [r, l] = face.landmarks;
  return [((r?.[0] ?? 0) + (l?.[0] ?? 0)) / 2, ((r?.[1] ?? 0) + (l?.[1] ?? 0)) / 2];
}
