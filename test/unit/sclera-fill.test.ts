import { describe, expect, it } from 'vitest';
import { synthesizeFrames } from '../../src/core/gaze/gaze-frames.js';
import type { EyeGeometry } from '../../src/core/gaze/iris-render.js';
import type { Point } from '../../src/shared/geometry.js';

const [WIDTH, HEIGHT, CX, CY, RADIUS] = [120, 60, 60, 30, 10];

/** A seeded generator, so the grain is the same on every run. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** A painted eye: a wide almond of grainy sclera (like craquelure and brush marks), a dark iris. */
function grainyEye(): {
  data: Uint8ClampedArray;
  eye: EyeGeometry;
  inEye: (x: number, y: number) => boolean;
} {
  const next = random(7);
  const inEye = (x: number, y: number) => ((x + 0.5 - CX) / 40) ** 2 + ((y + 0.5 - CY) / 13) ** 2 < 1;
  const data = new Uint8ClampedArray(WIDTH * HEIGHT * 4);
  for (let y = 0; y < HEIGHT; y++)
    for (let x = 0; x < WIDTH; x++) {
      const grain = (next() - 0.5) * 40;
      const iris = Math.hypot(x + 0.5 - CX, y + 0.5 - CY) < RADIUS;
      const base = !inEye(x, y) ? [190, 140, 110] : iris ? [70, 50, 30] : [215 - y * 0.3, 205, 190];
      data.set([...base.map((v) => v + grain), 255], (y * WIDTH + x) * 4);
    }
  const opening: Point[] = [];
  for (let i = 0; i < 32; i++) {
    const a = (i / 32) * Math.PI * 2;
    opening.push([CX + 40 * Math.cos(a), CY + 13 * Math.sin(a)]);
  }
  return { data, eye: { opening, iris: { x: CX, y: CY, radius: RADIUS } }, inEye };
}

/** Standard deviation of the high-pass (pixel less its 3 x 3 mean, green) over pixels whose whole 3 x 3 is in `take`. */
function highPassSpread(
  pixel: (x: number, y: number) => number,
  take: (x: number, y: number) => boolean,
): number {
  const values: number[] = [];
  for (let y = 1; y < HEIGHT - 1; y++)
    for (let x = 1; x < WIDTH - 1; x++) {
      let all = true;
      let sum = 0;
      for (let j = -1; j <= 1; j++)
        for (let i = -1; i <= 1; i++) {
          all &&= take(x + i, y + j);
          sum += pixel(x + i, y + j);
        }
      if (all) values.push(pixel(x, y) - sum / 9);
    }
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
}

describe('the sclera an iris uncovers', () => {
  it('has the grain of the same eye’s untouched sclera (high-pass spread within 30 %)', () => {
    const { data, eye, inEye } = grainyEye();
    const result = synthesizeFrames({ width: WIDTH, height: HEIGHT, data }, [eye], { columns: 9, rows: 1 });
    const frame = result.frames[0]!;
    const { x: rx, y: ry, width } = result.rect;
    const shown = (x: number, y: number) => frame[((y - ry) * width + (x - rx)) * 4 + 1]!;
    const original = (x: number, y: number) => data[(y * WIDTH + x) * 4 + 1]!;
    const moved = -result.travel.left * 0.9;
    // Uncovered: under the old iris, clear of the moved one and of the eyelids.
    const uncovered = (x: number, y: number) =>
      Math.hypot(x + 0.5 - CX, y + 0.5 - CY) < RADIUS - 1 &&
      Math.hypot(x + 0.5 - CX - moved, y + 0.5 - CY) > RADIUS + 2 &&
      inEye(x, y - 2) &&
      inEye(x, y + 2);
    const untouched = (x: number, y: number) =>
      inEye(x, y - 2) &&
      inEye(x, y + 2) &&
      Math.hypot(x + 0.5 - CX, y + 0.5 - CY) > RADIUS * 1.3 + 3 &&
      Math.hypot(x + 0.5 - CX - moved, y + 0.5 - CY) > RADIUS + 2;
    const filled = highPassSpread(shown, uncovered);
    const own = highPassSpread(original, untouched);
    expect(moved).toBeLessThan(-8);
    expect(own).toBeGreaterThan(5);
    expect(filled / own).toBeGreaterThan(0.7);
    expect(filled / own).toBeLessThan(1.3);
  });
});
