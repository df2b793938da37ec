/**
 * People from what the detectors found. Each face is one person; a whole-body
 * detection whose head region holds that face becomes the person's box
 * (else the body is estimated below the face). A body with no face is a
 * person too: their face is turned away or hidden, so FACE_COVER is
 * indeterminate for them, but a head found from their pose is judged. Each hand goes to the nearest
 * face-person whose reach it is in, as that person's LEFT or RIGHT hand (the
 * person's own side: a camera faces them, so their left hand is on the
 * image's right). A hand near no face goes to the faceless body it is in,
 * or, when the detector is sure of it, stands for a person of its own (the
 * side is then unknown and reported as RIGHT_HAND). Pure.
 */
import type { FaceDetection } from '../face/decode.js';
import { type Rect, type Scored, centreOf, containsPoint } from '../../shared/geometry.js';
import { headBox } from './body-part-boxes.js';
import type { AnalyzedPart, AnalyzedPerson } from './ppe-analysis.js';

export type HandFound = Scored;

/** Everything found in one frame, with P(covered) per part (null = not taught). */
export interface FoundInFrame {
  faces: readonly FaceDetection[];
  faceCovered: readonly (number | null)[];
  headCovered: readonly (number | null)[];
  /** Per face: its head's box when a finder drew one (else absent or null: the box above the face). */
  faceHeads?: readonly (Rect | null)[];
  hands: readonly HandFound[];
  handCovered: readonly (number | null)[];
  /** Whole people (e.g. CenterNet); empty when not looked for. */
  bodies: readonly Scored[];
  /** Per body: its head found from its pose when no face was (else null or absent), with P(covered). */
  bodyHeads?: readonly ({ box: Rect; covered: number | null } | null)[];
}

/** The body below a face, estimated: about three face widths across, down to six face heights. */
export function personBox(face: Rect, frameHeight: number): Rect {
  const width = face.width * 3;
  const top = face.y - face.height * 0.6;
  return {
    x: face.x + face.width / 2 - width / 2,
    y: top,
    width,
    height: Math.min(frameHeight, face.y + face.height * 6) - top,
  };
}

/**
 * How well a face sits where this body's head would be (smaller is better),
 * or Infinity: the face centre inside the body's width, and in its top 40%
 * (people sit and bend, so not just the top 20%) or within two face heights
 * of its top (a body cut off by the frame's edge is short); the face not
 * wider than the body.
 */
function headFit(face: Rect, body: Rect): number {
  const [fx, fy] = centreOf(face);
  const headRoom = Math.max(body.height * 0.4, face.height * 2);
  const inside = fx >= body.x && fx <= body.x + body.width && fy >= body.y && fy <= body.y + headRoom;
  if (!inside || face.width > body.width) return Number.POSITIVE_INFINITY;
  return Math.abs(fx - (body.x + body.width / 2)) / body.width + (fy - body.y) / body.height;
}

/** The body of each face (index into bodies, or -1); surest faces choose first, one face per body. */
export function bodiesOfFaces(faces: readonly Scored[], bodies: readonly Scored[]): number[] {
  const owner = new Array<number>(faces.length).fill(-1);
  const taken = new Set<number>();
  const order = faces.map((_, i) => i).sort((a, b) => faces[b]!.score - faces[a]!.score);
  for (const i of order) {
    let best = -1;
    let bestFit = Number.POSITIVE_INFINITY;
    bodies.forEach((body, b) => {
      const fit = taken.has(b) ? Number.POSITIVE_INFINITY : headFit(faces[i]!.box, body.box);
      if (fit < bestFit) [best, bestFit] = [b, fit];
    });
    if (best >= 0) taken.add(best);
    owner[i] = best;
  }
  return owner;
}

/** The person a hand belongs to: within 3.5 face widths sideways, not above the forehead, nearest first. */
function handOwner(hand: HandFound, faces: readonly FaceDetection[]): number {
  const [hx, hy] = centreOf(hand.box);
  let best = -1;
  let bestDistance = Number.POSITIVE_INFINITY;
  faces.forEach((f, i) => {
    const [fx, fy] = centreOf(f.box);
    const reach = f.box.width * 3.5;
    const d = Math.hypot((hx - fx) / reach, (hy - fy) / (reach * 1.5));
    if (Math.abs(hx - fx) <= reach && hy >= f.box.y - f.box.height * 0.5 && d < bestDistance)
      [best, bestDistance] = [i, d];
  });
  return best;
}

/** A hand with no face or body near it counts as a person only when the detector is this sure. */
const MIN_LONE_HAND_SCORE = 0.6;

function handPart(name: AnalyzedPart['name'], hand: HandFound, covered: number | null): AnalyzedPart {
  return { name, box: hand.box, score: hand.score, covered };
}

/** `middle`: the face (or body) the hand's side is judged from. */
function addHand(person: AnalyzedPerson, hand: HandFound, covered: number | null, middle: Rect): void {
  const side: AnalyzedPart['name'] = centreOf(hand.box)[0] > centreOf(middle)[0] ? 'LEFT_HAND' : 'RIGHT_HAND';
  const existing = person.parts.find((p) => p.name === side);
  if (existing && existing.score >= hand.score) return; // one hand per side: the surer one
  if (existing) person.parts.splice(person.parts.indexOf(existing), 1);
  person.parts.push(handPart(side, hand, covered));
}

export function assemblePersons(found: FoundInFrame, frameHeight: number): AnalyzedPerson[] {
  const { faces, bodies } = found;
  const bodyOf = bodiesOfFaces(faces, bodies);
  const persons: AnalyzedPerson[] = faces.map((f, i) => ({
    box: bodyOf[i]! >= 0 ? bodies[bodyOf[i]!]!.box : personBox(f.box, frameHeight),
    score: f.score,
    parts: [
      { name: 'FACE', box: f.box, score: f.score, covered: found.faceCovered[i] ?? null },
      {
        name: 'HEAD',
        box: found.faceHeads?.[i] ?? headBox(f.box),
        score: f.score,
        covered: found.headCovered[i] ?? null,
      },
    ],
  }));
  const faceless: AnalyzedPerson[] = bodies.flatMap((body, b) => {
    if (bodyOf.includes(b)) return [];
    const head = found.bodyHeads?.[b];
    const parts: AnalyzedPart[] = head
      ? [{ name: 'HEAD', box: head.box, score: body.score, covered: head.covered }]
      : [];
    return [{ box: body.box, score: body.score, parts }];
  });
  const loneHands: AnalyzedPerson[] = [];
  found.hands.forEach((hand, h) => {
    const covered = found.handCovered[h] ?? null;
    const i = handOwner(hand, faces);
    if (i >= 0) return addHand(persons[i]!, hand, covered, faces[i]!.box);
    const body = faceless.find((p) => containsPoint(p.box, centreOf(hand.box)));
    if (body) return addHand(body, hand, covered, body.box);
    // A hand alone in view (a close-up, or an arm reaching in): a person seen only by that hand.
    if (hand.score >= MIN_LONE_HAND_SCORE)
      loneHands.push({ box: hand.box, score: hand.score, parts: [handPart('RIGHT_HAND', hand, covered)] });
  });
  return [...persons, ...faceless, ...loneHands];
}
