/**
 * `npm run eval -- gaze --preview <portrait> [--head-turn 12] [--frames 33] [--rows 1]`:
 * synthesises the frames and returns the first, middle and last (row-major) as PNG data
 * URLs, with what changed measured against the portrait:
 * - `faceChange`: share of the face box's pixels that differ (more than 8/255) between the first and last frames,
 *   and the mean change around the nose tip and the mouth;
 * - `outside`: the largest change (0–255) of any pixel outside 1.3x the face box, over the three frames;
 * - `seam`: the change on the one-pixel band just inside the warped region's outline (mean and largest,
 *   0–255). The warp fades to nothing there, so a seam would show as a step in this band.
 * - `sclera` (eyes only, `--head-turn 0`): per eye, in the first and last frames, the grain (high-pass
 *   spread, grain-measure.ts) of the sclera the iris uncovered against that of the eye's untouched sclera.
 */
import type { GazeFrameSet } from '../../../src/contracts/gaze.js';
import { DEFAULT_IRIS_RANGE } from '../../../src/core/gaze/gaze-frames.js';
import { highPassSpread } from '../../../src/core/gaze/grain-measure.js';
import { insidePolygon } from '../../../src/core/gaze/rgba-image.js';
import { type Point, type Rect, scaledAbout } from '../../../src/shared/geometry.js';
import type { WorkerClient } from '../../../src/page/worker-client.js';
import { option, type TaskContext } from '../task-context.js';
import { loadBitmap } from './task-files.js';

type Pixels = Uint8ClampedArray;

function composite(set: GazeFrameSet, frame: ImageBitmap | null): OffscreenCanvas {
  const canvas = new OffscreenCanvas(set.width, set.height);
  const g = canvas.getContext('2d', { willReadFrequently: true })!;
  g.drawImage(set.base, 0, 0);
  if (frame) g.drawImage(frame, set.rect.x, set.rect.y);
  return canvas;
}

const pixelsOf = (canvas: OffscreenCanvas): Pixels =>
  canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;

async function dataUrl(canvas: OffscreenCanvas): Promise<string> {
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.readAsDataURL(blob);
  });
}

const change = (a: Pixels, b: Pixels, i: number) =>
  Math.max(Math.abs(a[i]! - b[i]!), Math.abs(a[i + 1]! - b[i + 1]!), Math.abs(a[i + 2]! - b[i + 2]!));

const inside = (r: Rect, x: number, y: number) =>
  x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height;

function meanChangeNear(a: Pixels, b: Pixels, width: number, at: Point, radius: number): number {
  let sum = 0;
  let n = 0;
  for (let y = Math.round(at[1] - radius); y <= at[1] + radius; y++)
    for (let x = Math.round(at[0] - radius); x <= at[0] + radius; x++) {
      sum += change(a, b, (y * width + x) * 4);
      n++;
    }
  return Math.round((sum / n) * 10) / 10;
}

/** Pixels inside the outline whose right, left, upper or lower neighbour is outside it. */
function innerBand(outline: Point[], bounds: Rect): Point[] {
  const band: Point[] = [];
  const on = (x: number, y: number) => insidePolygon(outline, x + 0.5, y + 0.5);
  for (let y = Math.floor(bounds.y); y < bounds.y + bounds.height; y++)
    for (let x = Math.floor(bounds.x); x < bounds.x + bounds.width; x++)
      if (on(x, y) && (!on(x + 1, y) || !on(x - 1, y) || !on(x, y + 1) || !on(x, y - 1))) band.push([x, y]);
  return band;
}

function scleraGrain(set: GazeFrameSet, shown: Pixels[], base: Pixels) {
  if (set.head || !set.travel) return null;
  const moves = [-set.travel.left * DEFAULT_IRIS_RANGE, set.travel.right * DEFAULT_IRIS_RANGE];
  const green = (pixels: Pixels) => (x: number, y: number) => pixels[(y * set.width + x) * 4 + 1]!;
  return set.eyes.map((eye) => {
    const { x: cx, y: cy, radius } = eye.iris;
    // Inside the opening with a pixel to spare above and below (the lid margins are dark).
    const open = (x: number, y: number) =>
      insidePolygon(eye.opening, x + 0.5, y - 0.5) && insidePolygon(eye.opening, x + 0.5, y + 1.5);
    const clearOf = (x: number, y: number, dx: number, r: number) =>
      Math.hypot(x + 0.5 - cx - dx, y + 0.5 - cy) > r;
    return [shown[0]!, shown.at(-1)!].map((pixels, k) => {
      const dx = moves[k]!;
      const uncovered = (x: number, y: number) =>
        open(x, y) && !clearOf(x, y, 0, radius - 1) && clearOf(x, y, dx, radius + 2);
      const untouched = (x: number, y: number) =>
        open(x, y) && clearOf(x, y, 0, radius * 1.3 + 1) && clearOf(x, y, dx, radius + 2);
      const filled = highPassSpread(green(pixels), uncovered, set.width, set.height);
      const own = highPassSpread(green(base), untouched, set.width, set.height);
      const round = (v: number) => Math.round(v * 100) / 100;
      return {
        filled: round(filled.spread),
        untouched: round(own.spread),
        ratio: round(filled.spread / own.spread),
        pixels: [filled.pixels, own.pixels],
      };
    });
  });
}

function measures(set: GazeFrameSet, shown: Pixels[], base: Pixels) {
  const { width, height } = set;
  const face = set.face!.box;
  const [first, last] = [shown[0]!, shown.at(-1)!];
  let changed = 0;
  let count = 0;
  for (let y = Math.max(0, Math.floor(face.y)); y < Math.min(height, face.y + face.height); y++)
    for (let x = Math.max(0, Math.floor(face.x)); x < Math.min(width, face.x + face.width); x++) {
      count++;
      if (change(first, last, (y * width + x) * 4) > 8) changed++;
    }
  const near = face.width * 0.06;
  const outsideBox = scaledAbout(face, 1.3);
  let outside = 0;
  const r = set.rect;
  for (const pixels of shown)
    for (let y = r.y; y < r.y + r.height; y++)
      for (let x = r.x; x < r.x + r.width; x++)
        if (!inside(outsideBox, x + 0.5, y + 0.5))
          outside = Math.max(outside, change(pixels, base, (y * width + x) * 4));
  const band = set.head ? innerBand(set.head.ring, r) : [];
  const steps = band.flatMap(([x, y]) => [first, last].map((p) => change(p, base, (y * width + x) * 4)));
  return {
    faceChange: {
      changedShare: Math.round((changed / count) * 1000) / 1000,
      nose: set.head ? meanChangeNear(first, last, width, set.head.nose, near) : null,
      mouth: set.head ? meanChangeNear(first, last, width, set.head.mouth, near) : null,
    },
    outside: { box: outsideBox, maxChange: outside },
    sclera: scleraGrain(set, shown, base),
    seam: band.length
      ? {
          bandPixels: band.length,
          meanStep: Math.round((steps.reduce((a, b) => a + b, 0) / steps.length) * 100) / 100,
          maxStep: Math.max(...steps),
        }
      : null,
  };
}

export async function gazePreview(
  ctx: TaskContext,
  client: WorkerClient<'gaze'>,
  path: string,
  columns: number,
) {
  const portrait = await loadBitmap(ctx.fileUrl(path));
  const turn = option(ctx.args, 'head-turn');
  const settings = turn === undefined ? {} : { headTurn: Number(turn) };
  const started = performance.now();
  const rows = Number(option(ctx.args, 'rows') ?? 1);
  const set = await client.service.synthesizeFrames(portrait, { columns, rows }, settings);
  const ms = Math.round(performance.now() - started);
  const picked = [set.frames[0]!, set.frames[Math.floor(set.frames.length / 2)]!, set.frames.at(-1)!];
  const canvases = picked.map((frame) => composite(set, frame));
  const base = pixelsOf(composite(set, null));
  return {
    task: 'gaze:preview',
    ms,
    rect: set.rect,
    travel: set.travel,
    head: set.head && { maxTurn: set.head.maxTurn, nose: set.head.nose, mouth: set.head.mouth },
    notice: set.notice,
    eyes: set.eyes,
    face: set.face,
    ...measures(set, canvases.map(pixelsOf), base),
    previews: await Promise.all(canvases.map(dataUrl)),
  };
}
