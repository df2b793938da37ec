/**
 * Lets `@tensorflow-models/blazeface` (the classic API, made for the 128-px
 * front model with one [1, 896, 17] output) run on Human's 256-px back model:
 * the package's anchors for 128 px with strides 8/16 sit at exactly half the
 * positions of the back model's anchors for 256 px with strides 16/32, so the
 * adapter upsamples the input 2x and halves every coordinate of the output.
 * Used to benchmark the classic approach on the same weights.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BlazeFaceDetector } from './blazeface-detector.js';

/** The one method of a GraphModel that BlazeFaceModel calls. */
export interface ClassicPredictor {
  predict(input: tf.Tensor): tf.Tensor;
}

/** Scale of columns: score logit stays, every coordinate column is halved. */
function coordinateScale(): tf.Tensor1D {
  return tf.tensor1d([1, ...new Array<number>(16).fill(0.5)]);
}

export function classicAdapter(detector: BlazeFaceDetector): ClassicPredictor {
  const scale = coordinateScale();
  return {
    predict(input: tf.Tensor): tf.Tensor {
      return tf.tidy(() => {
        const size = detector.spec.inputSize;
        const upsampled = tf.image.resizeBilinear(input as tf.Tensor4D, [size, size]);
        return tf.mul(detector.predictRaw(upsampled), scale);
      });
    },
  };
}
