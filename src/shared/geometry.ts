/**
 * Points and axis-aligned boxes in image pixels, the one geometry every
 * capability shares, and the greedy suppression every
 * detector here uses (BlazeFace, tiled faces, CenterNet people): the best
 * score first, a box dropped when it overlaps a kept one too much. Plain
 * numbers: detections are few, so tensors would only add copies.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Rect clipped to a frame (may come back empty). */
export function clipRect(r: Rect, width: number, height: number): Rect {
  const x = Math.max(0, r.x);
  const y = Math.max(0, r.y);
  return {
    x,
    y,
    width: Math.max(0, Math.min(width, r.x + r.width) - x),
    height: Math.max(0, Math.min(height, r.y + r.height) - y),
  };
}

/** The box scaled by `factor` about its own centre. */
export function scaledAbout(box: Rect, factor: number): Rect {
  const width = box.width * factor;
  const height = box.height * factor;
  return { x: box.x + box.width / 2 - width / 2, y: box.y + box.height / 2 - height / 2, width, height };
}

/** [x, y] in image pixels. */
export type Point = [number, number];

export interface Scored {
  box: Rect;
  score: number;
}

export function centreOf(r: Rect): Point {
  return [r.x + r.width / 2, r.y + r.height / 2];
}

/** Whether the point lies in the box (edges included). */
export function containsPoint(r: Rect, [x, y]: readonly [number, number, ...number[]]): boolean {
  return x >= r.x && x <= r.x + r.width && y >= r.y && y <= r.y + r.height;
}

function intersection(a: Rect, b: Rect): number {
  const ix = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  return ix * iy;
}

/** Intersection over union. */
export function iou(a: Rect, b: Rect): number {
  const inter = intersection(a, b);
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}

/** Intersection over the smaller box: 1 when one box lies inside the other. */
export function overlapOfSmaller(a: Rect, b: Rect): number {
  return intersection(a, b) / Math.max(1e-6, Math.min(a.width * a.height, b.width * b.height));
}

/**
 * Greedy suppression: best score first; a box whose overlap with a kept one exceeds maxOverlap is dropped.
 */
export function keepDistinct<T extends Scored>(
  items: readonly T[],
  maxOverlap: number,
  max = Number.POSITIVE_INFINITY,
  overlap: (a: Rect, b: Rect) => number = iou,
): T[] {
  const kept: T[] = [];
  for (const item of [...items].sort((a, b) => b.score - a.score)) {
    if (kept.length >= max) break;
    if (kept.every((k) => overlap(k.box, item.box) <= maxOverlap)) kept.push(item);
  }
  return kept;
}
