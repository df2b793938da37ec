/**
 * People from faces (and hands): each face found is one person; the head box
 * extends the face upwards; each hand goes to the nearest person whose reach
 * it is in, as that person's LEFT or RIGHT hand (the person's own side: a
 * camera faces them, so their left hand is on the image's right). Pure.
 */
import type { FaceDetection } from '../models/blazeface/decode.js';
import { type Rect, headBox } from './body-part-boxes.js';
import type { AnalyzedPart, AnalyzedPerson } from './ppe-analysis.js';

export interface HandFound {
  box: Rect;
  score: number;
}

const centre = (r: Rect): [number, number] => [r.x + r.width / 2, r.y + r.height / 2];

/** The body below a face, estimated: about three face widths across, down to six face heights. */
export function personBox(face: Rect, frameHeight: number): Rect {
  const width = face.width * 3;
  const top = face.y - face.height * 0.6;
  return { x: face.x + face.width / 2 - width / 2, y: top, width, height: Math.min(frameHeight, face.y + face.height * 6) - top };
}

/** The person a hand belongs to: within 3.5 face widths sideways, not above the forehead, nearest first. */
function owner(hand: HandFound, faces: readonly FaceDetection[]): number {
  const [hx, hy] = centre(hand.box);
  let best = -1;
  let bestDistance = Number.POSITIVE_INFINITY;
  faces.forEach((f, i) => {
    const [fx, fy] = centre(f.box);
    const reach = f.box.width * 3.5;
    const dx = (hx - fx) / reach;
    const dy = (hy - fy) / (reach * 1.5);
    const d = Math.hypot(dx, dy);
    if (Math.abs(hx - fx) <= reach && hy >= f.box.y - f.box.height * 0.5 && d < bestDistance) [best, bestDistance] = [i, d];
  });
  return best;
}

export function assemblePersons(
  faces: readonly FaceDetection[],
  faceCovered: readonly (number | null)[],
  headCovered: readonly (number | null)[],
  hands: readonly HandFound[],
  handCovered: readonly (number | null)[],
  frameHeight: number,
): AnalyzedPerson[] {
  const persons: AnalyzedPerson[] = faces.map((f, i) => ({
    box: personBox(f.box, frameHeight),
    score: f.score,
    parts: [
      { name: 'FACE', box: f.box, score: f.score, covered: faceCovered[i] ?? null },
      { name: 'HEAD', box: headBox(f.box), score: f.score, covered: headCovered[i] ?? null },
    ],
  }));
  hands.forEach((hand, h) => {
    const i = owner(hand, faces);
    if (i < 0) return;
    const side: AnalyzedPart['name'] = centre(hand.box)[0] > centre(faces[i]!.box)[0] ? 'LEFT_HAND' : 'RIGHT_HAND';
    const parts = persons[i]!.parts;
    const existing = parts.find((p) => p.name === side);
    if (existing && existing.score >= hand.score) return; // one hand per side: the surer one
    if (existing) parts.splice(parts.indexOf(existing), 1);
    parts.push({ name: side, box: hand.box, score: hand.score, covered: handCovered[h] ?? null });
  });
  return persons;
}
