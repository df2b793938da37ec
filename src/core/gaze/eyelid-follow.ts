/**
 * Upper eyelids that follow a vertical gaze: looking up lifts the lid, looking
 * down lowers it over the iris, as a real eye does. The eye's upper half is
 * warped vertically, most at the lid margin above the iris and not at all at
 * the eye corners, at the iris's centre line or a radius above the lid, so the
 * skin above stretches or folds smoothly and nothing outside the eye moves.
 */
import type { Rect } from '../../shared/geometry.js';
import { type RgbaImage, bilinear } from './rgba-image.js';

export interface LidEye {
  /** The eye's region in the picture being drawn. */
  region: Rect;
  /** Opening coverage per region pixel. */
  opening: Float32Array;
  /** Iris centre (region coordinates) and radius. */
  centre: [number, number];
  radius: number;
}

/** How much of the iris's vertical move the lid margin makes. */
export const LID_SHARE = 0.7;

/** The upper lid margin's row per region column (NaN where the column has no opening). */
function lidRows(eye: LidEye): Float64Array {
  const { width, height } = eye.region;
  const rows = new Float64Array(width).fill(NaN);
  for (let x = 0; x < width; x++)
    for (let y = 0; y < height; y++)
      if (eye.opening[y * width + x]! > 0.5) {
        rows[x] = y;
        break;
      }
  return rows;
}

/** Moves the upper lid of one eye in `image` (drawn in place) by `LID_SHARE` of the iris's move `dy`. */
export function followLid(image: RgbaImage, eye: LidEye, dy: number, share = LID_SHARE): void {
  if (Math.abs(dy) < 0.05) return;
  const lids = lidRows(eye);
  const columns = [...lids.keys()].filter((x) => !Number.isNaN(lids[x]!));
  if (columns.length < 3) return;
  const first = columns[0]!;
  const last = columns.at(-1)!;
  const lift = dy * share;
  const source: RgbaImage = { width: image.width, height: image.height, data: image.data.slice() };
  for (const x of columns) {
    // Most above the iris, nothing at the corners.
    const along = (x + 0.5 - first) / (last + 1 - first);
    const lid = lids[x]!;
    const top = lid - eye.radius;
    const bottom = Math.max(lid + 1, eye.centre[1]);
    // Never more than the room on either side allows, so the warp cannot fold.
    const room = Math.min(lid - top, bottom - lid) * 0.8;
    const move = Math.max(-room, Math.min(room, lift * Math.sin(Math.PI * Math.min(1, Math.max(0, along)))));
    const px = eye.region.x + x;
    for (let y = Math.floor(top); y < Math.ceil(bottom); y++) {
      const py = eye.region.y + y;
      if (py < 0 || py >= image.height || px < 0 || px >= image.width) continue;
      const at = y + 0.5;
      const weight = at <= lid ? (at - top) / (lid - top) : (bottom - at) / (bottom - lid);
      if (weight <= 0) continue;
      const from = py + 0.5 - move * Math.min(1, weight);
      const o = (py * image.width + px) * 4;
      for (let c = 0; c < 3; c++) image.data[o + c] = bilinear(source, px, from - 0.5, c);
    }
  }
}
