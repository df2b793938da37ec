/** Shared helpers for browser tests. */
import type { FaceDetection } from '../../src/core/face/decode.js';
import { eyeMidpoint } from '../../src/core/face/decode.js';
import { wav } from '../../src/core/audio/wav-writer.js';

export const GROUP_PHOTO = '/node_modules/@vladmandic/face-api/demo/sample1.jpg';

/**
 * Hand-labelled eye midpoints of the three faces in face-api's sample1.jpg,
 * as fractions of the photo's width and height, left to right.
 */
export const GROUP_PHOTO_EYES: [number, number][] = [
  [0.265, 0.36],
  [0.48, 0.42],
  [0.815, 0.25],
];

export { loadBitmap } from '../../tools/eval/tasks/task-files.js';

/** Eye midpoints as fractions of the frame, left to right. */
export function eyeFractions(faces: FaceDetection[], width: number, height: number): [number, number][] {
  return faces
    .map((f) => eyeMidpoint(f))
    .map(([x, y]): [number, number] => [x / width, y / height])
    .sort((a, b) => a[0] - b[0]);
}

export function sortByX(faces: FaceDetection[]): FaceDetection[] {
  return [...faces].sort((a, b) => a.box.x - b.box.x);
}

/** A ReactiveControllerHost stand-in for testing controllers without an element. */
export function fakeHost() {
  let updates = 0;
  return {
    addController() {},
    removeController() {},
    requestUpdate() {
      updates++;
    },
    get updateComplete() {
      return Promise.resolve(true);
    },
    get updates() {
      return updates;
    },
  };
}

/** Resolves once check() holds; throws after timeoutMs. */
export async function until(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const start = performance.now();
  while (!check()) {
    if (performance.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A blob of a solid-colour canvas. */
export async function solid(
  width: number,
  height: number,
  colour: string,
  type = 'image/png',
): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = colour;
  ctx.fillRect(0, 0, width, height);
  return canvas.convertToBlob({ type });
}

/** 16-bit mono PCM WAV bytes of a signal. */
export function wavBytes(samples: Float32Array, sampleRate: number): ArrayBuffer {
  return wav([samples], sampleRate, { bits: 16 });
}
