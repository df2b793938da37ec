/**
 * Things on or near a face that are not a face cover, painted onto training
 * photos so the FACE_COVER head learns they do not count: a cap or beanie on
 * the head, and a hand over the chin or cheek in the person's own skin tone
 * (sampled from their forehead). Both are painted on covered and uncovered
 * faces alike, so neither can stand for "covered". Pure canvas drawing.
 */
import type { Rect } from '../../../src/shared/geometry.js';

export type Occluder = 'cap' | 'beanie' | 'hand';
export const OCCLUDERS: readonly Occluder[] = ['cap', 'beanie', 'hand'];

const HAT_COLOURS = ['#1f2937', '#7f1d1d', '#1e3a8a', '#374151', '#065f46', '#b45309', '#f5f5f4', '#6b21a8'];

function canvasOf(image: CanvasImageSource & { width: number; height: number }) {
  const canvas = new OffscreenCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(image, 0, 0);
  return { canvas, ctx };
}

/** Mean colour of the forehead (the top fifth of the face box, middle half). */
function skinTone(ctx: OffscreenCanvasRenderingContext2D, face: Rect): string {
  const x = Math.max(0, Math.round(face.x + face.width * 0.25));
  const y = Math.max(0, Math.round(face.y + face.height * 0.05));
  const w = Math.max(1, Math.round(face.width * 0.5));
  const h = Math.max(1, Math.round(face.height * 0.15));
  const { data } = ctx.getImageData(x, y, w, h);
  const sum = [0, 0, 0];
  for (let i = 0; i < data.length; i += 4) for (let c = 0; c < 3; c++) sum[c]! += data[i + c]!;
  const n = data.length / 4;
  return `rgb(${sum.map((s) => Math.round(s / n)).join(',')})`;
}

function paintHat(ctx: OffscreenCanvasRenderingContext2D, face: Rect, beanie: boolean, rand: () => number) {
  const cx = face.x + face.width / 2;
  const brow = face.y + face.height * (beanie ? 0.12 : 0.05);
  const rx = face.width * (beanie ? 0.62 : 0.58);
  const ry = face.height * (beanie ? 0.55 : 0.45);
  ctx.fillStyle = HAT_COLOURS[Math.floor(rand() * HAT_COLOURS.length)]!;
  ctx.beginPath();
  ctx.ellipse(cx, brow, rx, ry, 0, Math.PI, 2 * Math.PI);
  ctx.fill();
  if (!beanie) {
    // The peak of a cap: a flat band over the brow, to one side or straight ahead.
    const shift = (rand() - 0.5) * face.width * 0.4;
    ctx.fillRect(cx - rx + shift, brow - ry * 0.12, rx * 2.1, ry * 0.16);
  }
}

function paintHand(ctx: OffscreenCanvasRenderingContext2D, face: Rect, rand: () => number) {
  const onChin = rand() < 0.5;
  const cx = face.x + face.width * (onChin ? 0.5 + (rand() - 0.5) * 0.3 : rand() < 0.5 ? 0.2 : 0.8);
  const cy = face.y + face.height * (onChin ? 0.95 : 0.72);
  ctx.fillStyle = skinTone(ctx, face);
  ctx.beginPath();
  ctx.ellipse(cx, cy, face.width * 0.2, face.height * 0.28, (rand() - 0.5) * 1.2, 0, 2 * Math.PI);
  ctx.fill();
  // Fingers: darker creases so the patch reads as a hand, not a skin-coloured mask.
  ctx.strokeStyle = 'rgba(0,0,0,0.25)';
  ctx.lineWidth = Math.max(1, face.width * 0.012);
  for (let i = -1; i <= 1; i++) {
    ctx.beginPath();
    ctx.moveTo(cx + i * face.width * 0.07, cy - face.height * 0.2);
    ctx.lineTo(cx + i * face.width * 0.07, cy + face.height * 0.05);
    ctx.stroke();
  }
}

/** A copy of the image with the occluder painted on the face. */
export function withOccluder(
  image: CanvasImageSource & { width: number; height: number },
  face: Rect,
  occluder: Occluder,
  rand: () => number,
): OffscreenCanvas {
  const { canvas, ctx } = canvasOf(image);
  if (occluder === 'hand') paintHand(ctx, face, rand);
  else paintHat(ctx, face, occluder === 'beanie', rand);
  return canvas;
}
