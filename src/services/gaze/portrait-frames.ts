/**
 * Gaze frames made in the worker, so the page only ever swaps bitmaps: a
 * portrait is scaled to at most `maxSide` pixels, its eyes found, and every
 * grid cell rendered (synthesised), or a pre-rendered head set is blended into
 * the painting with the 2-D sigmoid alpha.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BlazeFaceDetector } from '../../models/blazeface/blazeface-detector.js';
import { type FaceDetection, largestFace } from '../../core/face/decode.js';
import type { FaceLandmarker } from '../../models/facemesh/face-landmarker.js';
import type { GazeGrid } from '../../core/gaze/gaze-mapping.js';
import type { EyeGeometry } from '../../core/gaze/iris-render.js';
import { synthesizeFrames } from '../../core/gaze/gaze-frames.js';
import { type HeadMesh, headTurnRefusal } from '../../core/gaze/head-turn.js';
import { cropRgba } from '../../core/gaze/rgba-image.js';
import type { Rect } from '../../shared/geometry.js';
import { type GazeFrameSet, MAX_PORTRAIT_SIDE, type SynthesisSettings } from '../../contracts/gaze.js';
import { type SigmoidAlpha, blendHead, sigmoidMask } from '../../core/gaze/sigmoid-alpha.js';

/** Degrees the head turns at the outer frames unless a page says otherwise. */
export const DEFAULT_HEAD_TURN = 12;

/**
 * Draws the image at most `maxSide` on its long side and reads its pixels (an ImageData is also an
 * RgbaImage).
 */
export function rasterize(
  image: ImageBitmap,
  maxSide = MAX_PORTRAIT_SIDE,
): { pixels: ImageData; scale: number } {
  if (image.width < 1 || image.height < 1) throw new Error('the portrait image is empty');
  const scale = Math.min(1, maxSide / Math.max(image.width, image.height));
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  const ctx = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('2D canvas is not available in this worker');
  ctx.drawImage(image, 0, 0, width, height);
  return { pixels: ctx.getImageData(0, 0, width, height), scale };
}

/** `data` must be a fresh array: ImageData takes it over without a copy. */
export function toBitmap(
  data: Uint8ClampedArray<ArrayBuffer>,
  width: number,
  height: number,
): Promise<ImageBitmap> {
  return createImageBitmap(new ImageData(data, width, height));
}

/** The largest face in the portrait, its eyes and its 3-D mesh. */
export async function findEyes(
  pixels: ImageData,
  detector: BlazeFaceDetector,
  landmarker: FaceLandmarker,
): Promise<{ face: FaceDetection; eyes: EyeGeometry[]; mesh: HeadMesh }> {
  const face = largestFace(await detector.detect(pixels));
  if (!face) throw new Error('no face was found in the portrait, so its eyes cannot be moved');
  const image = tf.browser.fromPixels(pixels, 3);
  try {
    const { eyes, mesh, depth } = await landmarker.landmarks(image, face);
    return { face, eyes, mesh: { points: mesh, depth } };
  } finally {
    image.dispose();
  }
}

/** Nose tip and mouth middle among FaceMesh's points. */
const NOSE_TIP = 1;
const MOUTH_MIDDLE = 13;

export async function synthesizedFrameSet(
  pixels: ImageData,
  grid: GazeGrid,
  detector: BlazeFaceDetector,
  landmarker: FaceLandmarker,
  settings: SynthesisSettings,
  onFrame?: (done: number, total: number) => void,
): Promise<{ set: GazeFrameSet; rgba: Uint8ClampedArray<ArrayBuffer>[] }> {
  const { face, eyes, mesh } = await findEyes(pixels, detector, landmarker);
  const headTurn = settings.headTurn ?? DEFAULT_HEAD_TURN;
  const notice = headTurn > 0 ? headTurnRefusal(face.box.width, mesh) : null;
  const head = headTurn > 0 && !notice ? { mesh, face: face.box, maxTurn: headTurn } : undefined;
  const result = synthesizeFrames(pixels, eyes, grid, { range: settings.range, head, onFrame });
  const frames = await Promise.all(
    result.frames.map((f) => toBitmap(f, result.rect.width, result.rect.height)),
  );
  const base = await createImageBitmap(pixels);
  const set: GazeFrameSet = {
    source: 'synthesized',
    width: pixels.width,
    height: pixels.height,
    base,
    rect: result.rect,
    frames,
    grid,
    face,
    eyes,
    travel: result.travel,
    head: result.head && {
      maxTurn: headTurn,
      ring: result.head.ring,
      nose: mesh.points[NOSE_TIP]!,
      mouth: mesh.points[MOUTH_MIDDLE]!,
    },
    notice,
    cached: false,
  };
  return { set, rgba: result.frames };
}

/** Blends pre-rendered heads (any size; each is scaled to the head rectangle) into the painting. */
export async function blendedFrameSet(
  painting: ImageBitmap,
  heads: ImageBitmap[],
  head: Rect,
  grid: GazeGrid,
  alpha: SigmoidAlpha,
): Promise<GazeFrameSet> {
  const { pixels, scale } = rasterize(painting);
  const rect = {
    x: Math.round(head.x * scale),
    y: Math.round(head.y * scale),
    width: Math.max(1, Math.round(head.width * scale)),
    height: Math.max(1, Math.round(head.height * scale)),
  };
  const mask = sigmoidMask(rect.width, rect.height, alpha);
  // Only the head rectangle is blended and kept: the frames are drawn over the base there.
  const under = cropRgba(pixels, rect);
  const frames: ImageBitmap[] = [];
  for (const bitmap of heads) {
    const headPixels = rasterizeTo(bitmap, rect.width, rect.height);
    bitmap.close();
    const blended = blendHead(
      under.data,
      rect.width,
      headPixels,
      { x: 0, y: 0, width: rect.width, height: rect.height },
      mask,
    );
    frames.push(await toBitmap(blended, rect.width, rect.height));
  }
  const base = await createImageBitmap(pixels);
  return {
    source: 'pre-rendered',
    width: pixels.width,
    height: pixels.height,
    base,
    rect,
    frames,
    grid,
    face: null,
    eyes: [],
    travel: null,
    head: null,
    notice: null,
    cached: false,
  };
}

function rasterizeTo(image: ImageBitmap, width: number, height: number): Uint8ClampedArray {
  const ctx = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('2D canvas is not available in this worker');
  ctx.drawImage(image, 0, 0, width, height);
  return ctx.getImageData(0, 0, width, height).data;
}
