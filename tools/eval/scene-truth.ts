/**
 * Scoring PPE on labelled scenes (`eval -- ppe-scenes`), pure: truth boxes
 * per file (`[[label, x1, y1, x2, y2], …]`, or that list under "boxes"),
 * labels mapped to a body part kind and a covered flag, and detected parts
 * matched one-to-one to truth boxes of their kind (IoU ≥ 0.3, or the
 * detected part's centre inside the box; best overlap first).
 */
import { type Rect, centreOf, containsPoint, iou } from '../../src/shared/geometry.js';

export type PartKind = 'faces' | 'heads' | 'hands';
export const PART_KINDS: PartKind[] = ['faces', 'heads', 'hands'];

const LABELS: Record<string, { kind: PartKind; covered: boolean }> = {
  with_mask: { kind: 'faces', covered: true },
  without_mask: { kind: 'faces', covered: false },
  with_incorrect_mask: { kind: 'faces', covered: false },
  mask_weared_incorrect: { kind: 'faces', covered: false },
  helmet: { kind: 'heads', covered: true },
  no_helmet: { kind: 'heads', covered: false },
  gloved: { kind: 'hands', covered: true },
  bare: { kind: 'hands', covered: false },
};

/** Faces smaller than this (shorter side, px) are not counted either way. */
export const MIN_FACE_SIDE = 24;

export interface TruthBox {
  kind: PartKind;
  covered: boolean;
  box: Rect;
}

export interface FoundPart {
  kind: PartKind;
  box: Rect;
  verdict: 'covered' | 'uncovered' | 'unknown';
  /** P(covered) as the classifier said it; null when not judged. */
  covered?: number | null;
}

/** A found part whose verdict was wrong (or unknown), beside its labelled box. */
export interface Miss {
  truth: TruthBox;
  part: FoundPart;
}

/** One file's labelled boxes of known labels (others are ignored). */
export function truthBoxes(entry: unknown): TruthBox[] {
  const list = Array.isArray(entry) ? entry : (entry as { boxes?: unknown } | null)?.boxes;
  if (!Array.isArray(list)) return [];
  return list.flatMap((row) => {
    if (!Array.isArray(row) || row.length < 5) return [];
    const [label, x1, y1, x2, y2] = row as [string, number, number, number, number];
    const known = LABELS[String(label).toLowerCase()];
    if (!known || ![x1, y1, x2, y2].every(Number.isFinite)) return [];
    return [{ ...known, box: { x: x1, y: y1, width: x2 - x1, height: y2 - y1 } }];
  });
}

const centreInside = (part: Rect, box: Rect) => containsPoint(box, centreOf(part));

/** Pairs [truth index, part index] of one kind, best overlap first, each used once. */
export function matchParts(truth: Rect[], parts: Rect[]): [number, number][] {
  const candidates: [number, number, number][] = [];
  truth.forEach((t, i) =>
    parts.forEach((p, j) => {
      const overlap = iou(t, p);
      if (overlap >= 0.3 || centreInside(p, t)) candidates.push([i, j, overlap]);
    }),
  );
  candidates.sort((a, b) => b[2] - a[2]);
  const [usedT, usedP] = [new Set<number>(), new Set<number>()];
  const pairs: [number, number][] = [];
  for (const [i, j] of candidates) {
    if (usedT.has(i) || usedP.has(j)) continue;
    usedT.add(i);
    usedP.add(j);
    pairs.push([i, j]);
  }
  return pairs;
}

export interface KindScore {
  truth: number;
  found: number;
  correct: number;
  extra: number;
  confusion: { tp: number; fp: number; tn: number; fn: number; unknown: number };
}

export const emptyScore = (): KindScore => ({
  truth: 0,
  found: 0,
  correct: 0,
  extra: 0,
  confusion: { tp: 0, fp: 0, tn: 0, fn: 0, unknown: 0 },
});

/** Adds one image's parts of one kind to the running score; returns the parts judged wrong. */
export function scoreImage(score: KindScore, truth: TruthBox[], parts: FoundPart[]): Miss[] {
  const pairs = matchParts(
    truth.map((t) => t.box),
    parts.map((p) => p.box),
  );
  // Small faces are neither required nor held against the detector.
  const counted = (t: TruthBox) => t.kind !== 'faces' || Math.min(t.box.width, t.box.height) >= MIN_FACE_SIDE;
  score.truth += truth.filter(counted).length;
  score.extra += parts.length - pairs.length;
  const misses: Miss[] = [];
  for (const [i, j] of pairs) {
    const [t, p] = [truth[i]!, parts[j]!];
    if (!counted(t)) continue;
    score.found++;
    if (p.verdict === 'unknown') {
      score.confusion.unknown++;
      misses.push({ truth: t, part: p });
    } else {
      const said = p.verdict === 'covered';
      score.confusion[said ? (t.covered ? 'tp' : 'fp') : t.covered ? 'fn' : 'tn']++;
      if (said === t.covered) score.correct++;
      else misses.push({ truth: t, part: p });
    }
  }
  return misses;
}

const round = (v: number) => Math.round(v * 10000) / 10000;

export function summary(score: KindScore) {
  return {
    truth: score.truth,
    found: score.found,
    recall: round(score.found / Math.max(1, score.truth)),
    verdictAccuracy: round(score.correct / Math.max(1, score.found)),
    extra: score.extra,
  };
}
