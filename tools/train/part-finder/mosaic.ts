/**
 * Training pictures for the part finder, made from one-part crops: crops of
 * heads, faces and hands pasted at many sizes onto photos without people
 * (YOLO's mosaic idea). Each crop was cut as its part's box plus 15% a side,
 * so the part's box in the picture is known. Patches of other photos are
 * pasted too, so that "a pasted rectangle" never means "a part". Two in five
 * pictures hold one large crop, as a close-up photo does.
 */
import type { Rect } from '../../../src/shared/geometry.js';
import { overlapOfSmaller } from '../../../src/shared/geometry.js';
import type { FinderKind } from '../../../src/models/part-finder/part-finder.js';

export type PieceKind = FinderKind;

export interface Piece {
  /** The crop, still compressed. */
  image: Blob;
  kind: PieceKind;
}

export interface Mosaic {
  canvas: OffscreenCanvas;
  /** Per kind: the boxes of its parts. */
  boxes: Record<FinderKind, Rect[]>;
  /** Per kind: the crops of that kind as pasted (the other kind is unlabelled inside them). */
  pasted: Record<FinderKind, Rect[]>;
}

/** Margin the crops were cut with, a share of the part's box on each side (manifest.csv: "box+15%"). */
export const CROP_MARGIN = 0.15;
const ONE_LARGE_SHARE = 0.4;
const SMALLEST_SIDE = 20;
const LARGEST_SIDE = 170;

export function partOfCrop(r: Rect): Rect {
  const k = 1 / (1 + 2 * CROP_MARGIN);
  const width = r.width * k;
  const height = r.height * k;
  return { x: r.x + (r.width - width) / 2, y: r.y + (r.height - height) / 2, width, height };
}

export interface MosaicSources {
  /** Photos without people, still compressed. */
  backgrounds: Blob[];
  pick(kind: PieceKind): Piece;
}

/** Decodes, uses and frees: only one picture's bitmaps live at a time. */
async function withBitmap<T>(image: Blob, use: (bitmap: ImageBitmap) => T): Promise<T> {
  const bitmap = await createImageBitmap(image);
  try {
    return use(bitmap);
  } finally {
    bitmap.close();
  }
}

export async function makeMosaic(size: number, sources: MosaicSources, rand: () => number): Promise<Mosaic> {
  const canvas = new OffscreenCanvas(size, size);
  const ctx = canvas.getContext('2d')!;
  const background = () => sources.backgrounds[Math.floor(rand() * sources.backgrounds.length)]!;
  await withBitmap(background(), (bg) => drawBackground(ctx, size, bg, rand));
  const mosaic: Mosaic = {
    canvas,
    boxes: { head: [], face: [], hand: [] },
    pasted: { head: [], face: [], hand: [] },
  };
  const taken: Rect[] = [];
  const place = (piece: Piece, longSide: number) =>
    withBitmap(piece.image, (bitmap) => {
      const rect = placement(bitmap, longSide, size, taken, rand);
      if (!rect) return;
      taken.push(rect);
      drawPiece(ctx, bitmap, rect, rand);
      mosaic.boxes[piece.kind].push(partOfCrop(rect));
      mosaic.pasted[piece.kind].push(rect);
    });
  if (rand() < ONE_LARGE_SHARE) {
    const roll = rand();
    await place(
      sources.pick(roll < 0.45 ? 'head' : roll < 0.75 ? 'face' : 'hand'),
      size * (0.45 + 0.5 * rand()),
    );
    return mosaic;
  }
  const count = 2 + Math.floor(rand() * 6);
  for (let i = 0; i < count; i++) {
    const roll = rand();
    const kind: PieceKind = roll < 0.5 ? 'head' : roll < 0.75 ? 'face' : 'hand';
    await place(
      sources.pick(kind),
      Math.exp(Math.log(SMALLEST_SIDE) + rand() * Math.log(LARGEST_SIDE / SMALLEST_SIDE)),
    );
  }
  for (let i = Math.floor(rand() * 3); i > 0; i--)
    await withBitmap(background(), (bg) => pastePatch(ctx, size, bg, taken, rand));
  return mosaic;
}

function drawBackground(
  ctx: OffscreenCanvasRenderingContext2D,
  size: number,
  bg: ImageBitmap,
  rand: () => number,
): void {
  const zoom = (1 + 0.6 * rand()) * (size / Math.min(bg.width, bg.height));
  const w = bg.width * zoom;
  const h = bg.height * zoom;
  ctx.filter = `brightness(${0.7 + 0.6 * rand()})`;
  ctx.drawImage(bg, -rand() * (w - size), -rand() * (h - size), w, h);
  ctx.filter = 'none';
}

/** A free spot for a crop whose longer side is `longSide`, or null when none was found. */
function placement(
  bitmap: ImageBitmap,
  longSide: number,
  size: number,
  taken: Rect[],
  rand: () => number,
): Rect | null {
  const k = Math.min(longSide / Math.max(bitmap.width, bitmap.height), 1e3);
  const width = Math.min(size, bitmap.width * k);
  const height = Math.min(size, bitmap.height * k);
  for (let attempt = 0; attempt < 12; attempt++) {
    const rect = { x: rand() * (size - width), y: rand() * (size - height), width, height };
    if (taken.every((t) => overlapOfSmaller(t, rect) < 0.05)) return rect;
  }
  return null;
}

function drawPiece(
  ctx: OffscreenCanvasRenderingContext2D,
  bitmap: ImageBitmap,
  rect: Rect,
  rand: () => number,
) {
  ctx.save();
  ctx.filter = `brightness(${0.75 + 0.5 * rand()}) contrast(${0.85 + 0.3 * rand()})`;
  if (rand() < 0.5) {
    ctx.translate(rect.x + rect.width, rect.y);
    ctx.scale(-1, 1);
    ctx.drawImage(bitmap, 0, 0, rect.width, rect.height);
  } else ctx.drawImage(bitmap, rect.x, rect.y, rect.width, rect.height);
  ctx.restore();
}

/** A rectangle of another photo: an edge that is not a head. */
function pastePatch(
  ctx: OffscreenCanvasRenderingContext2D,
  size: number,
  bg: ImageBitmap,
  taken: Rect[],
  rand: () => number,
): void {
  const side = 30 + rand() * 120;
  const rect = placement(bg, side, size, taken, rand);
  if (!rect) return;
  const sx = rand() * bg.width * 0.5;
  const sy = rand() * bg.height * 0.5;
  ctx.drawImage(bg, sx, sy, bg.width * 0.5, bg.height * 0.5, rect.x, rect.y, rect.width, rect.height);
  taken.push(rect);
}
