import { describe, expect, it } from 'vitest';
import { blendHead, sigmoidMask, sigmoidProfile } from '../../src/core/gaze/sigmoid-alpha.js';
import type { EyeGeometry } from '../../src/core/gaze/iris-render.js';
import { synthesizeFrames } from '../../src/core/gaze/gaze-frames.js';
import type { RgbaImage } from '../../src/core/gaze/rgba-image.js';
import type { Point } from '../../src/shared/geometry.js';

describe('2-D sigmoid alpha', () => {
  it('is 1 in the middle, 0 on every edge, and falls monotonically between', () => {
    const p = sigmoidProfile(101, { j: 30, k: 0.35, m: 0.5 });
    expect(p[50]).toBeCloseTo(1, 5);
    expect(p[0]).toBeLessThan(0.01);
    expect(p[100]).toBeLessThan(0.01);
    for (let i = 1; i <= 50; i++) expect(p[i]!).toBeGreaterThanOrEqual(p[i - 1]!);
  });

  it('blends a head in without a seam: edge pixels keep the painting', () => {
    const painting = new Uint8ClampedArray(20 * 20 * 4).fill(0);
    const head = new Uint8ClampedArray(10 * 10 * 4).fill(200);
    const out = blendHead(painting, 20, head, { x: 5, y: 5, width: 10, height: 10 }, sigmoidMask(10, 10));
    const at = (x: number, y: number) => out[(y * 20 + x) * 4]!;
    expect(at(5, 5)).toBeLessThan(5);
    expect(at(10, 10)).toBeGreaterThan(150);
    expect(at(2, 2)).toBe(0);
  });
});

/** A synthetic eye: skin, a white almond opening, a dark iris disc. */
function eyeImage(): { image: RgbaImage; eye: EyeGeometry } {
  const width = 80;
  const height = 50;
  const opening: Point[] = [];
  for (let i = 0; i < 24; i++) {
    const a = (i / 24) * Math.PI * 2;
    opening.push([40 + 22 * Math.cos(a), 25 + 9 * Math.sin(a)]);
  }
  const eye: EyeGeometry = { opening, iris: { x: 40, y: 25, radius: 8 } };
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inEye = ((x + 0.5 - 40) / 22) ** 2 + ((y + 0.5 - 25) / 9) ** 2 < 1;
      const inIris = Math.hypot(x + 0.5 - 40, y + 0.5 - 25) < 8;
      const rgb = !inEye ? [200, 150, 120] : inIris ? [60, 40, 20] : [235, 230, 225];
      data.set([...rgb, 255], (y * width + x) * 4);
    }
  }
  return { image: { data, width, height }, eye };
}

function irisCentroidX(frame: Uint8ClampedArray, width: number): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < frame.length / 4; i++) {
    if (frame[i * 4]! < 120) {
      sum += i % width;
      n++;
    }
  }
  return sum / n;
}

describe('iris synthesis', () => {
  const { image, eye } = eyeImage();
  const result = synthesizeFrames(image, [eye], { columns: 33, rows: 1 });
  const width = result.rect.width;

  it('keeps the middle frame close to the portrait', () => {
    const middle = result.frames[16]!;
    let total = 0;
    let off = 0;
    for (let y = 0; y < result.rect.height; y++) {
      for (let x = 0; x < width; x++) {
        const o = ((result.rect.y + y) * image.width + result.rect.x + x) * 4;
        const diff = Math.abs(middle[(y * width + x) * 4]! - image.data[o]!);
        total += diff;
        if (diff > 40) off++;
      }
    }
    expect(total / (width * result.rect.height)).toBeLessThan(3);
    expect(off).toBeLessThan(2 * Math.PI * 8); // at most the one-pixel ring of the disc edge, softened
  });

  it('moves the iris left to right across the frames, monotonically', () => {
    const xs = result.frames.map((f) => irisCentroidX(f, width));
    for (let i = 1; i < xs.length; i++) expect(xs[i]!).toBeGreaterThan(xs[i - 1]!);
    expect(xs[32]! - xs[0]!).toBeGreaterThan(14);
  });

  it('changes nothing outside the eye opening, and leaves no iris colour in the sclera it uncovers', () => {
    const first = result.frames[0]!;
    for (let y = 0; y < result.rect.height; y++) {
      for (let x = 0; x < width; x++) {
        const gx = result.rect.x + x + 0.5;
        const gy = result.rect.y + y + 0.5;
        const outside = ((gx - 40) / 22) ** 2 + ((gy - 25) / 9) ** 2 > 1.15;
        const o = ((result.rect.y + y) * image.width + result.rect.x + x) * 4;
        if (outside) expect(first[(y * width + x) * 4]).toBe(image.data[o]);
      }
    }
    const centre = ((25 - result.rect.y) * width + (40 - result.rect.x)) * 4;
    expect(first[centre]).toBeGreaterThan(200); // the old iris spot is sclera again
  });
});

describe('upper eyelids', () => {
  const { image, eye } = eyeImage();
  const result = synthesizeFrames(image, [eye], { columns: 3, rows: 3 });
  /** The first row, from the top, where the column above the iris is no longer skin. */
  const lidRow = (frame: Uint8ClampedArray, x: number) => {
    const { width, height } = result.rect;
    for (let y = 0; y < height; y++) if (frame[(y * width + x - result.rect.x) * 4 + 1]! !== 150) return y;
    return height;
  };

  it('follow a vertical gaze: up when the eyes look up, down when they look down', () => {
    const [up, level, down] = [1, 4, 7].map((cell) => lidRow(result.frames[cell]!, 40));
    expect(up!).toBeLessThan(level!);
    expect(down!).toBeGreaterThan(level!);
    // At the eye corners the lid stays where it is.
    expect(lidRow(result.frames[7]!, 20)).toBe(lidRow(result.frames[4]!, 20));
  });
});
