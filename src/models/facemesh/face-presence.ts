/**
 * A second opinion on a face detection: FaceMesh's face flag for the face's
 * 192-px crop. BlazeFace at a low bar (masked faces score low) and searched
 * tile by tile finds faces in curtains and clothes too; FaceMesh, which saw
 * faces up close only, rejects them. About 8 ms a face on WASM.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type { FaceDetection } from '../../core/face/decode.js';
import { CropRenderer, type CropSource } from '../embedding/crop-renderer.js';
import { squareAround } from '../../core/ppe/body-part-boxes.js';

const MESH_SIZE = 192;
/** FaceMesh's own crop: the detector's box grown 1.4x. */
const MESH_CROP_SCALE = 1.4;

export class FacePresence {
  private readonly renderer = new CropRenderer(MESH_SIZE);

  constructor(private readonly meshModel: GraphModel) {}

  /** P(face) per detection. */
  async scores(frame: CropSource, faces: readonly FaceDetection[]): Promise<number[]> {
    const out: number[] = [];
    for (const face of faces) {
      const pixels = this.renderer.render(frame, squareAround(face.box, MESH_CROP_SCALE));
      const outputs = tf.tidy(
        () =>
          this.meshModel.execute(
            tf.div(tf.expandDims(tf.cast(tf.browser.fromPixels(pixels, 3), 'float32')), 255),
          ) as tf.Tensor[],
      );
      try {
        const flag = outputs.find((t) => t.shape[t.shape.length - 1] === 1);
        out.push(flag ? ((await flag.data())[0] ?? 0) : 1);
      } finally {
        tf.dispose(outputs);
      }
    }
    return out;
  }
}
