/**
 * FaceMesh + Iris on one face: the face crop (BlazeFace's box grown 1.4x,
 * squared) goes through FaceMesh at 192 px; the eye corners it finds place
 * two 64-px crops for Iris, which gives the eyelid margins and the iris disc.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type { FaceDetection } from '../../core/face/decode.js';
import type { EyeGeometry } from '../../core/gaze/iris-render.js';
import type { Point } from '../../shared/geometry.js';
import { EYE_CORNERS, MIRRORED, type SquareBox, decodeEye, eyeBox } from './eye-crops.js';

export interface FaceLandmarks {
  /** 468 mesh points in image pixels. */
  mesh: Point[];
  /**
   * Each mesh point's depth toward the viewer, in image pixels, from the head's centre (FaceMesh's z, whose
   * smaller values are nearer the camera, negated).
   */
  depth: number[];
  /** FaceMesh's confidence that the crop holds a face. */
  faceScore: number;
  /** Image-left eye first. */
  eyes: EyeGeometry[];
}

const MESH_SIZE = 192;
const IRIS_SIZE = 64;

function faceCrop(face: FaceDetection, scale = 1.4): SquareBox {
  const size = Math.max(face.box.width, face.box.height) * scale;
  return {
    x: face.box.x + face.box.width / 2 - size / 2,
    y: face.box.y + face.box.height / 2 - size / 2,
    size,
  };
}

/** cropAndResize's box: [y1, x1, y2, x2] as fractions of the image. */
function cropBox(box: SquareBox, width: number, height: number): number[] {
  return [box.y / height, box.x / width, (box.y + box.size) / height, (box.x + box.size) / width];
}

function pickOutput(outputs: tf.Tensor[], width: number): tf.Tensor {
  const found = outputs.find((t) => t.shape[t.shape.length - 1] === width);
  if (!found) throw new Error(`FaceMesh gave no output of width ${width}`);
  return found;
}

export class FaceLandmarker {
  constructor(
    private readonly meshModel: GraphModel,
    private readonly irisModel: GraphModel,
  ) {}

  /** `image` is RGB, 0..255, [height, width, 3]. */
  async landmarks(image: tf.Tensor3D, face: FaceDetection): Promise<FaceLandmarks> {
    const [height, width] = image.shape;
    const crop = faceCrop(face);
    const batch = tf.tidy(() => tf.div(tf.cast(tf.expandDims(image, 0), 'float32'), 255) as tf.Tensor4D);
    const faceInput = tf.image.cropAndResize(
      batch,
      [cropBox(crop, width, height)],
      [0],
      [MESH_SIZE, MESH_SIZE],
    );
    batch.dispose();
    try {
      const { mesh, depth, faceScore } = await this.mesh(faceInput, crop);
      const eyes = await this.eyes(faceInput, mesh, crop);
      return { mesh, depth, faceScore, eyes };
    } finally {
      faceInput.dispose();
    }
  }

  private async mesh(
    faceInput: tf.Tensor4D,
    crop: SquareBox,
  ): Promise<{ mesh: Point[]; depth: number[]; faceScore: number }> {
    const outputs = this.meshModel.execute(faceInput) as tf.Tensor[];
    try {
      const coords = await pickOutput(outputs, 1404).data();
      const flag = (await pickOutput(outputs, 1).data())[0] ?? 0;
      const mesh: Point[] = [];
      const depth: number[] = [];
      const scale = crop.size / MESH_SIZE;
      for (let i = 0; i < 468; i++) {
        mesh.push([crop.x + coords[i * 3]! * scale, crop.y + coords[i * 3 + 1]! * scale]);
        depth.push(-coords[i * 3 + 2]! * scale);
      }
      return { mesh, depth, faceScore: flag };
    } finally {
      tf.dispose(outputs);
    }
  }

  private async eyes(faceInput: tf.Tensor4D, mesh: Point[], crop: SquareBox): Promise<EyeGeometry[]> {
    const toCrop = (p: Point): Point => [
      ((p[0] - crop.x) / crop.size) * MESH_SIZE,
      ((p[1] - crop.y) / crop.size) * MESH_SIZE,
    ];
    const boxes = EYE_CORNERS.map(([outer, inner]) => eyeBox(toCrop(mesh[outer]!), toCrop(mesh[inner]!)));
    const output = tf.tidy(() => {
      const crops = tf.image.cropAndResize(
        faceInput,
        boxes.map((b) => cropBox(b, MESH_SIZE, MESH_SIZE)),
        [0, 0],
        [IRIS_SIZE, IRIS_SIZE],
      );
      const eyesIn = tf.concat(
        MIRRORED.map((mirror, i) => {
          const one = tf.slice(crops, [i, 0, 0, 0], [1, IRIS_SIZE, IRIS_SIZE, 3]);
          return mirror ? tf.reverse(one, 2) : one;
        }),
      );
      const out = this.irisModel.execute(eyesIn);
      return (Array.isArray(out) ? out[0]! : out) as tf.Tensor2D;
    });
    const data = await output.data();
    output.dispose();
    const perEye = data.length / boxes.length;
    return boxes.map((box, i) => {
      const inCrop = decodeEye(data.subarray(i * perEye, (i + 1) * perEye), box, IRIS_SIZE, MIRRORED[i]!);
      const toImage = (p: Point): Point => [
        crop.x + (p[0] / MESH_SIZE) * crop.size,
        crop.y + (p[1] / MESH_SIZE) * crop.size,
      ];
      const centre = toImage([inCrop.iris.x, inCrop.iris.y]);
      return {
        opening: inCrop.opening.map(toImage),
        iris: { x: centre[0], y: centre[1], radius: (inCrop.iris.radius / MESH_SIZE) * crop.size },
      };
    });
  }
}
