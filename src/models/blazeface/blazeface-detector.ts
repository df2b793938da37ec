/**
 * BlazeFace on Human's 256-px graph: letterboxes the frame on a small canvas
 * (so only 256x256 pixels are uploaded to the backend), runs the graph, joins
 * its four outputs into the classic [1, 896, 17] layout and reads it back once.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { type AnchorSpec, BACK_256, generateAnchors } from '../../core/face/anchors.js';
import {
  type DecodeOptions,
  DEFAULT_DECODE,
  type FaceDetection,
  decodeFaces,
} from '../../core/face/decode.js';
import { type Letterbox, letterbox } from '../../core/face/letterbox.js';
import type { Rect } from '../../shared/geometry.js';

export type FrameSource = ImageBitmap | OffscreenCanvas | ImageData | VideoFrame;

function offsetFace(face: FaceDetection, dx: number, dy: number): FaceDetection {
  return {
    score: face.score,
    box: { ...face.box, x: face.box.x + dx, y: face.box.y + dy },
    landmarks: face.landmarks.map(([x, y]) => [x + dx, y + dy]),
  };
}

/** A frame's size in pixels, [width, height]. */
export function frameSize(frame: FrameSource): [number, number] {
  return frame instanceof VideoFrame
    ? [frame.displayWidth, frame.displayHeight]
    : [frame.width, frame.height];
}

/**
 * Human's graph returns scores and boxes per stride as four tensors
 * ([1,512,1], [1,512,16], [1,384,1], [1,384,16]); order them by anchor
 * count (fine grid first) then width (score first) and concatenate.
 */
export function joinOutputs(outputs: tf.Tensor[]): tf.Tensor3D {
  const sorted = [...outputs].sort((a, b) => b.shape[1]! - a.shape[1]! || a.shape[2]! - b.shape[2]!);
  if (sorted.length !== 4) throw new Error(`BlazeFace graph gave ${sorted.length} outputs, expected 4`);
  const [s16, b16, s32, b32] = sorted as [tf.Tensor3D, tf.Tensor3D, tf.Tensor3D, tf.Tensor3D];
  return tf.concat([tf.concat([s16, b16], 2), tf.concat([s32, b32], 2)], 1);
}

export class BlazeFaceDetector {
  readonly anchors: Float32Array;
  private canvas: OffscreenCanvas | null = null;

  constructor(
    private readonly model: GraphModel,
    readonly spec: AnchorSpec = BACK_256,
  ) {
    this.anchors = generateAnchors(spec);
  }

  /** Raw [1, 896, 17] prediction for an input already in [-1, 1] at the model's size. */
  predictRaw(normalized: tf.Tensor4D): tf.Tensor3D {
    return tf.tidy(() => {
      const out = this.model.execute(normalized);
      return Array.isArray(out) ? joinOutputs(out) : (out as tf.Tensor3D);
    });
  }

  /**
   * Faces in the frame, in frame pixels. With a region, only that part of the
   * frame is looked at (a tile: small faces get more of the model's input).
   */
  async detect(
    frame: FrameSource,
    options: DecodeOptions = DEFAULT_DECODE,
    region?: Rect,
  ): Promise<FaceDetection[]> {
    const [width, height] = frameSize(frame);
    const area = region ?? { x: 0, y: 0, width, height };
    const box = letterbox(area.width, area.height, this.spec.inputSize);
    const pixels = this.letterboxPixels(frame, box, area);
    const raw = tf.tidy(() => {
      const rgb = tf.cast(tf.browser.fromPixels(pixels, 3), 'float32');
      const normalized = tf.expandDims(tf.sub(tf.div(rgb, 127.5), 1), 0) as tf.Tensor4D;
      return this.predictRaw(normalized);
    });
    try {
      const faces = decodeFaces((await raw.data()) as Float32Array, this.anchors, box, options);
      return region ? faces.map((f) => offsetFace(f, region.x, region.y)) : faces;
    } finally {
      raw.dispose();
    }
  }

  /** Draws the frame scaled and centred on a black square of the model's size. */
  private letterboxPixels(frame: FrameSource, box: Letterbox, area: Rect): ImageData {
    const size = this.spec.inputSize;
    this.canvas ??= new OffscreenCanvas(size, size);
    const ctx = this.canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('2D canvas is not available in this worker');
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, size, size);
    const source = frame instanceof ImageData ? imageDataCanvas(frame) : frame;
    ctx.imageSmoothingQuality = 'medium';
    ctx.drawImage(
      source,
      area.x,
      area.y,
      area.width,
      area.height,
      box.offsetX,
      box.offsetY,
      box.drawWidth,
      box.drawHeight,
    );
    return ctx.getImageData(0, 0, size, size);
  }
}

function imageDataCanvas(data: ImageData): OffscreenCanvas {
  const canvas = new OffscreenCanvas(data.width, data.height);
  canvas.getContext('2d')?.putImageData(data, 0, 0);
  return canvas;
}
