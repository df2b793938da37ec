/** Plain RGBA pixels, as ImageData holds them, usable in Node and in workers. */
import type { Point, Rect } from '../../shared/geometry.js';

export interface RgbaImage {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** A copy of `rect` (clipped to the image) out of `image`. */
export function cropRgba(image: RgbaImage, rect: Rect): RgbaImage {
  const out = new Uint8ClampedArray(rect.width * rect.height * 4);
  for (let y = 0; y < rect.height; y++) {
    const sy = rect.y + y;
    if (sy < 0 || sy >= image.height) continue;
    const x0 = Math.max(0, rect.x);
    const x1 = Math.min(image.width, rect.x + rect.width);
    if (x1 <= x0) continue;
    out.set(
      image.data.subarray((sy * image.width + x0) * 4, (sy * image.width + x1) * 4),
      (y * rect.width + (x0 - rect.x)) * 4,
    );
  }
  return { data: out, width: rect.width, height: rect.height };
}

/**
 * Bilinear sample at a fractional pixel position (pixel centres at integers,
 * clamped to the image) of any layout: `at(x, y)` reads one value.
 */
export function bilinearAt(
  width: number,
  height: number,
  x: number,
  y: number,
  at: (px: number, py: number) => number,
): number {
  const cx = Math.min(width - 1, Math.max(0, x));
  const cy = Math.min(height - 1, Math.max(0, y));
  const x0 = Math.floor(cx);
  const y0 = Math.floor(cy);
  const x1 = Math.min(width - 1, x0 + 1);
  const y1 = Math.min(height - 1, y0 + 1);
  const top = at(x0, y0) + (cx - x0) * (at(x1, y0) - at(x0, y0));
  const bottom = at(x0, y1) + (cx - x0) * (at(x1, y1) - at(x0, y1));
  return top + (cy - y0) * (bottom - top);
}

/** Bilinear sample of one channel of an RGBA image. */
export function bilinear(image: RgbaImage, x: number, y: number, channel: number): number {
  return bilinearAt(
    image.width,
    image.height,
    x,
    y,
    (px, py) => image.data[(py * image.width + px) * 4 + channel]!,
  );
}

/** Even-odd point-in-polygon test. */
export function insidePolygon(polygon: Point[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Fraction of each pixel of `rect` inside the polygon (4x4 supersampling): an anti-aliased mask. */
export function polygonCoverage(polygon: Point[], rect: Rect, samples = 4): Float32Array {
  const mask = new Float32Array(rect.width * rect.height);
  const step = 1 / samples;
  for (let y = 0; y < rect.height; y++) {
    for (let x = 0; x < rect.width; x++) {
      let hits = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++)
          if (insidePolygon(polygon, rect.x + x + (sx + 0.5) * step, rect.y + y + (sy + 0.5) * step)) hits++;
      }
      mask[y * rect.width + x] = hits / (samples * samples);
    }
  }
  return mask;
}

/** Smallest integer rectangle holding the points, grown by `pad` pixels and clipped to the image. */
export function boundingRect(points: Point[], pad: number, width: number, height: number): Rect {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const x0 = Math.max(0, Math.floor(Math.min(...xs) - pad));
  const y0 = Math.max(0, Math.floor(Math.min(...ys) - pad));
  const x1 = Math.min(width, Math.ceil(Math.max(...xs) + pad));
  const y1 = Math.min(height, Math.ceil(Math.max(...ys) + pad));
  return { x: x0, y: y0, width: Math.max(1, x1 - x0), height: Math.max(1, y1 - y0) };
}

export function unionRect(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  };
}
