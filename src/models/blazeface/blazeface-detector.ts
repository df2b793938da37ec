/**
 * BlazeFace on Human's 256-px graph: letterboxes the frame on a small canvas
 * (so only 256x256 pixels are uploaded to the backend), runs the graph, joins
 * its four outputs into the classic [1, 896, 17] layout and reads it back once.
 * A search may ask for a smaller input (the graph's input size is left open):
 * a crop around a face already found needs 128 px, not 256.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { type AnchorSpec, BACK_256, backModelAt, generateAnchors } from '../../core/face/anchors.js';
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
 * The graph's four heads, read before its own reshapes (whose target shapes are
 * fixed for 256 px): per stride, scores (1 value per anchor) and boxes (16).
 */
const HEAD = 'StatefulPartitionedCall/functional_1/conv2d_';
const HEADS = [
  { node: `${HEAD}33/BiasAdd`, values: 1 }, // stride 16 scores
  { node: `${HEAD}35/BiasAdd`, values: 16 }, // stride 16 boxes
  { node: `${HEAD}34/BiasAdd`, values: 1 }, // stride 32 scores
  { node: `${HEAD}36/BiasAdd`, values: 16 }, // stride 32 boxes
] as const;

/**
 * Heads as [1, anchors, values] per stride, joined into the classic
 * [1, anchors, 17] layout: fine grid first, score before box.
 */
export function joinHeads(maps: tf.Tensor4D[]): tf.Tensor3D {
  if (maps.length !== HEADS.length) throw new Error(`BlazeFace graph gave ${maps.length} heads, expected 4`);
  const [s16, b16, s32, b32] = maps.map((map, i) => tf.reshape(map, [1, -1, HEADS[i]!.values])) as [
    tf.Tensor3D,
    tf.Tensor3D,
    tf.Tensor3D,
    tf.Tensor3D,
  ];
  return tf.concat([tf.concat([s16, b16], 2), tf.concat([s32, b32], 2)], 1);
}

export class BlazeFaceDetector {
  readonly anchors: Float32Array;
  /** Anchors and canvas per input size. */
  private readonly inputs = new Map<number, { anchors: Float32Array; canvas: OffscreenCanvas }>();

  constructor(
    private readonly model: GraphModel,
    readonly spec: AnchorSpec = BACK_256,
  ) {
    this.anchors = generateAnchors(spec);
  }

  /**
   * Runs the graph once at each input size, so a GPU backend compiles its shaders for every size here,
   * while loading (where progress is shown), not on the first frame tracked in a crop.
   */
  async warmUp(sizes: readonly number[] = [this.spec.inputSize]): Promise<void> {
    for (const size of sizes) {
      const raw = tf.tidy(() => this.predictRaw(tf.zeros([1, size, size, 3]) as tf.Tensor4D));
      await raw.data();
      raw.dispose();
    }
  }

  /** Raw [1, anchors, 17] prediction for an input already in [-1, 1] (896 anchors at 256 px). */
  predictRaw(normalized: tf.Tensor4D): tf.Tensor3D {
    return tf.tidy(() =>
      joinHeads(
        this.model.execute(
          normalized,
          HEADS.map((h) => h.node),
        ) as tf.Tensor4D[],
      ),
    );
  }

  /**
   * Faces in the frame, in frame pixels. With a region, only that part of the
   * frame is looked at (a tile, or a crop around a face being tracked: small
   * faces get more of the model's input). `inputSize` is the model input's side.
   */
  async detect(
    frame: FrameSource,
    options: DecodeOptions = DEFAULT_DECODE,
    region?: Rect,
    inputSize = this.spec.inputSize,
  ): Promise<FaceDetection[]> {
    const [width, height] = frameSize(frame);
    const area = region ?? { x: 0, y: 0, width, height };
    const input = this.input(inputSize);
    const box = letterbox(area.width, area.height, inputSize);
    const pixels = this.letterboxPixels(frame, box, area, input.canvas);
    const raw = tf.tidy(() => {
      const rgb = tf.cast(tf.browser.fromPixels(pixels, 3), 'float32');
      const normalized = tf.expandDims(tf.sub(tf.div(rgb, 127.5), 1), 0) as tf.Tensor4D;
      return this.predictRaw(normalized);
    });
    try {
      const faces = decodeFaces((await raw.data()) as Float32Array, input.anchors, box, options);
      return region ? faces.map((f) => offsetFace(f, region.x, region.y)) : faces;
    } finally {
      raw.dispose();
    }
  }

  private input(size: number): { anchors: Float32Array; canvas: OffscreenCanvas } {
    let input = this.inputs.get(size);
    if (!input) {
      const anchors = size === this.spec.inputSize ? this.anchors : generateAnchors(backModelAt(size));
      input = { anchors, canvas: new OffscreenCanvas(size, size) };
      this.inputs.set(size, input);
    }
    return input;
  }

  /** Draws the frame scaled and centred on a black square of the model's size. */
  private letterboxPixels(
    frame: FrameSource,
    box: Letterbox,
    area: Rect,
    canvas: OffscreenCanvas,
  ): ImageData {
    const size = canvas.width;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
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
