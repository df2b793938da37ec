import { describe, expect, it } from 'vitest';
import { WorkerClient } from '../../src/page/worker-client.js';
import type { GazeFrameSet } from '../../src/contracts/gaze.js';
import { loadBitmap } from './helpers.js';

const MONA_LISA = '/portraits/mona-lisa.jpg';
const GRID = { columns: 9, rows: 1 };

function pixels(source: ImageBitmap, width = source.width, height = source.height): Uint8ClampedArray {
  const ctx = new OffscreenCanvas(width, height).getContext('2d')!;
  ctx.drawImage(source, 0, 0, width, height);
  return ctx.getImageData(0, 0, width, height).data;
}

/** Largest change (0–255) of a frame against the base, over the frame's pixels that `where` picks. */
function largestChange(
  set: GazeFrameSet,
  frame: ImageBitmap,
  where: (x: number, y: number) => boolean,
): number {
  const base = pixels(set.base);
  const shown = pixels(frame);
  let largest = 0;
  for (let y = 0; y < set.rect.height; y++)
    for (let x = 0; x < set.rect.width; x++) {
      const [gx, gy] = [set.rect.x + x, set.rect.y + y];
      if (!where(gx, gy)) continue;
      const [o, f] = [(gy * set.width + gx) * 4, (y * set.rect.width + x) * 4];
      for (let c = 0; c < 3; c++) largest = Math.max(largest, Math.abs(shown[f + c]! - base[o + c]!));
    }
  return largest;
}

describe('the head turns with the eyes', () => {
  it('moves nose and mouth on the Mona Lisa, nothing outside 1.3x the face box, and caches the frames', async () => {
    const client = new WorkerClient('gaze', 'wasm', { rememberChoice: false });
    const settings = { headTurn: 12, range: 0.85 };
    const made = await client.service.synthesizeFrames(await loadBitmap(MONA_LISA), GRID, settings);
    expect(made.notice).toBeNull();
    expect(made.cached).toBe(false);
    const { head, face } = made;
    const box = face!.box;
    const near = (p: [number, number]) => (x: number, y: number) =>
      Math.hypot(x - p[0], y - p[1]) < box.width * 0.06;
    const [first, last] = [made.frames[0]!, made.frames.at(-1)!];
    for (const frame of [first, last]) {
      expect(largestChange(made, frame, near(head!.nose))).toBeGreaterThan(40);
      expect(largestChange(made, frame, near(head!.mouth))).toBeGreaterThan(20);
      const outside = (x: number, y: number) =>
        Math.abs(x + 0.5 - (box.x + box.width / 2)) > box.width * 0.65 ||
        Math.abs(y + 0.5 - (box.y + box.height / 2)) > box.height * 0.65;
      expect(largestChange(made, frame, outside)).toBeLessThanOrEqual(8);
    }
    // Frames made once come back from IndexedDB, pixel for pixel; other settings are made anew.
    const again = await client.service.synthesizeFrames(await loadBitmap(MONA_LISA), GRID, settings);
    expect(again.cached).toBe(true);
    expect(again.head).toEqual(made.head);
    expect(pixels(again.frames.at(-1)!)).toEqual(pixels(made.frames.at(-1)!));
    const other = await client.service.synthesizeFrames(await loadBitmap(MONA_LISA), GRID, { headTurn: 6 });
    expect(other.cached).toBe(false);
    client.terminate();
  });

  it('falls back to the eyes alone, and says why, when the face is too small', async () => {
    const client = new WorkerClient('gaze', 'wasm', { rememberChoice: false });
    const painting = await loadBitmap(MONA_LISA);
    const small = await createImageBitmap(painting, { resizeWidth: 320, resizeHeight: 477 });
    const set = await client.service.synthesizeFrames(small, GRID, { headTurn: 12 });
    client.terminate();
    expect(set.head).toBeNull();
    expect(set.notice).toMatch(/too small to turn the head .*only the eyes move/);
    expect(set.frames).toHaveLength(9);
  });
});
