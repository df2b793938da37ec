/**
 * Square crops around the eyes for the Iris model, and the decoding of its
 * output, in plain numbers (testable in Node). The Iris model sees one eye
 * orientation; the eye on the image's right (mesh points 263/362) is mirrored
 * before it goes in and its points mirrored back, as MediaPipe does.
 */
import type { EyeGeometry } from '../../core/gaze/iris-render.js';
import type { Point } from '../../shared/geometry.js';

/** FaceMesh indices of each eye's two corners: [outer, inner]. Image-left eye first. */
export const EYE_CORNERS: [number, number][] = [
  [33, 133],
  [263, 362],
];

/** Which eye crops are mirrored for the Iris model. */
export const MIRRORED = [false, true];

export interface SquareBox {
  x: number;
  y: number;
  size: number;
}

/** The square, 2.3x the corner-to-corner span, centred on the eye (MediaPipe's crop). */
export function eyeBox(outer: Point, inner: Point, scale = 2.3): SquareBox {
  const size = Math.max(Math.abs(inner[0] - outer[0]), Math.abs(inner[1] - outer[1])) * scale;
  const cx = (outer[0] + inner[0]) / 2;
  const cy = (outer[1] + inner[1]) / 2;
  return { x: cx - size / 2, y: cy - size / 2, size };
}

const POINTS = 76; // 71 contour points + 5 iris points
const LOWER_LID = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const UPPER_LID = [9, 10, 11, 12, 13, 14, 15];

/**
 * One eye's geometry from the Iris model's 76 x 3 output (in `inputSize`
 * crop pixels), mapped back into the coordinates `box` is in.
 */
export function decodeEye(
  output: ArrayLike<number>,
  box: SquareBox,
  inputSize: number,
  mirrored: boolean,
): EyeGeometry {
  const point = (i: number): Point => {
    const x = output[i * 3]! / inputSize;
    const y = output[i * 3 + 1]! / inputSize;
    return [box.x + (mirrored ? 1 - x : x) * box.size, box.y + y * box.size];
  };
  if (output.length < POINTS * 3)
    throw new Error(`Iris model gave ${output.length} values, expected ${POINTS * 3}`);
  const opening = [...LOWER_LID.map(point), ...[...UPPER_LID].reverse().map(point)];
  const [centre, ...edge] = [71, 72, 73, 74, 75].map(point) as [Point, ...Point[]];
  const radius =
    edge.reduce((sum, p) => sum + Math.hypot(p[0] - centre[0], p[1] - centre[1]), 0) / edge.length;
  return { opening, iris: { x: centre[0], y: centre[1], radius } };
}
