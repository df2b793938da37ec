/**
 * The classic seam-free blend of a head frame into the full painting: an alpha
 * that is the product of two sigmoids, one per axis, of the distance from the
 * rectangle's midpoint. With s the position across the rectangle (0..1):
 *
 *   a(s) = 1 / (1 + exp(j · (|s − m| − k)))
 *
 * j is the slope, k the inflection (how far from the midpoint the fade is
 * half-way), m the midpoint. The curve is rescaled so that it is exactly 1 at
 * the midpoint and exactly 0 on the rectangle's edge: no seam can show.
 */
import type { Rect } from '../../shared/geometry.js';
export interface SigmoidAlpha {
  /** Slope. */
  j: number;
  /** Inflection, as a distance from the midpoint (0..0.5). */
  k: number;
  /** Midpoint (0..1). */
  m: number;
}

export const DEFAULT_ALPHA: SigmoidAlpha = { j: 30, k: 0.35, m: 0.5 };

/** One axis of the mask, `size` samples at pixel centres. */
export function sigmoidProfile(size: number, { j, k, m }: SigmoidAlpha): Float32Array {
  const raw = (s: number) => 1 / (1 + Math.exp(j * (Math.abs(s - m) - k)));
  const edge = Math.max(raw(0), raw(1));
  const centre = raw(m);
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const s = (i + 0.5) / size;
    out[i] = Math.max(0, Math.min(1, (raw(s) - edge) / (centre - edge)));
  }
  return out;
}

/** The 2-D mask, row-major, width x height. */
export function sigmoidMask(
  width: number,
  height: number,
  alpha: SigmoidAlpha = DEFAULT_ALPHA,
): Float32Array {
  const across = sigmoidProfile(width, alpha);
  const down = sigmoidProfile(height, alpha);
  const mask = new Float32Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) mask[y * width + x] = across[x]! * down[y]!;
  return mask;
}

/**
 * Blends `head` (RGBA, rect.width x rect.height) into a copy of `painting`
 * (RGBA, paintingWidth wide) at `rect`, weighted by `mask`.
 */
export function blendHead(
  painting: Uint8ClampedArray,
  paintingWidth: number,
  head: Uint8ClampedArray,
  rect: Rect,
  mask: Float32Array,
): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(painting);
  const paintingHeight = painting.length / 4 / paintingWidth;
  for (let y = 0; y < rect.height; y++) {
    const py = rect.y + y;
    if (py < 0 || py >= paintingHeight) continue;
    for (let x = 0; x < rect.width; x++) {
      const px = rect.x + x;
      if (px < 0 || px >= paintingWidth) continue;
      const a = mask[y * rect.width + x]!;
      const o = (py * paintingWidth + px) * 4;
      const h = (y * rect.width + x) * 4;
      for (let c = 0; c < 3; c++) out[o + c] = painting[o + c]! + a * (head[h + c]! - painting[o + c]!);
    }
  }
  return out;
}
