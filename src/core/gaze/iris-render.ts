/**
 * The eyes of gaze frames synthesised from one portrait: each iris disc is
 * lifted out of its eye, the sclera it covered is filled in (sclera-fill.ts),
 * and the disc is put back shifted, clipped to the eyelids.
 */
import type { Point, Rect } from '../../shared/geometry.js';
import {
  type RgbaImage,
  bilinear,
  bilinearAt,
  boundingRect,
  cropRgba,
  polygonCoverage,
} from './rgba-image.js';
import type { GazeGrid } from './gaze-mapping.js';
import { meanColour, scleraPlate } from './sclera-fill.js';

export interface EyeGeometry {
  /** Closed outline of the visible eye opening (eyelid margins), image pixels. */
  opening: Point[];
  iris: { x: number; y: number; radius: number };
}

export interface PreparedEye {
  eye: EyeGeometry;
  /** Region of the eye within the union rectangle's coordinates. */
  region: Rect;
  /** Opening coverage per region pixel. */
  opening: Float32Array;
  /** The region with the iris replaced by sclera. */
  plate: Float32Array;
  /** The iris as it would look unoccluded: RGB per pixel of a square patch around its centre. */
  irisPatch: Float32Array;
  patchSize: number;
  /** Iris centre in region coordinates. */
  centre: Point;
}

export interface GazeTravel {
  left: number;
  right: number;
  up: number;
  down: number;
}

const IRIS_EDGE = 0.8; // px of anti-aliasing at the disc edge

function discCoverage(dx: number, dy: number, radius: number): number {
  return Math.min(1, Math.max(0, (radius - Math.hypot(dx, dy)) / IRIS_EDGE + 0.5));
}

/**
 * The iris texture, completed where the eyelids hide it: a hidden pixel takes
 * its vertical mirror image through the centre when that is visible (irises
 * are nearly symmetric), else the mean visible iris colour.
 */
function irisPatch(
  region: RgbaImage,
  opening: Float32Array,
  centre: Point,
  radius: number,
): { patch: Float32Array; size: number } {
  const half = Math.ceil(radius + 2);
  const size = half * 2 + 1;
  const visible = (x: number, y: number) => {
    const px = Math.floor(x);
    const py = Math.floor(y);
    return (
      px >= 0 && py >= 0 && px < region.width && py < region.height && opening[py * region.width + px]! > 0.5
    );
  };
  const mean = meanColour(
    region,
    (x, y) => visible(x + 0.5, y + 0.5) && Math.hypot(x + 0.5 - centre[0], y + 0.5 - centre[1]) < radius,
  );
  const patch = new Float32Array(size * size * 3);
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const dx = i - half;
      const dy = j - half;
      const direct: Point = [centre[0] + dx, centre[1] + dy];
      const mirrored: Point = [centre[0] + dx, centre[1] - dy];
      const source = visible(...direct) ? direct : visible(...mirrored) ? mirrored : null;
      for (let c = 0; c < 3; c++)
        patch[(j * size + i) * 3 + c] = source
          ? bilinear(region, source[0] - 0.5, source[1] - 0.5, c)
          : mean[c]!;
    }
  }
  return { patch, size };
}

export function prepareEye(area: RgbaImage, areaRect: Rect, eye: EyeGeometry): PreparedEye {
  const local = (p: Point): Point => [p[0] - areaRect.x, p[1] - areaRect.y];
  const outline = eye.opening.map(local);
  const region = boundingRect(outline, 2, area.width, area.height);
  const pixels = cropRgba(area, region);
  const inRegion = (p: Point): Point => [p[0] - region.x, p[1] - region.y];
  const opening = polygonCoverage(outline.map(inRegion), {
    x: 0,
    y: 0,
    width: region.width,
    height: region.height,
  });
  const centre = inRegion(local([eye.iris.x, eye.iris.y]));
  const { patch, size } = irisPatch(pixels, opening, centre, eye.iris.radius);
  return {
    eye,
    region,
    opening,
    plate: scleraPlate(pixels, opening, centre, eye.iris.radius),
    irisPatch: patch,
    patchSize: size,
    centre,
  };
}

/** Bilinear sample of the iris patch (RGB floats) at patch coordinates (pixel centres at +0.5). */
function samplePatch(patch: Float32Array, size: number, x: number, y: number, channel: number): number {
  return bilinearAt(size, size, x - 0.5, y - 0.5, (px, py) => patch[(py * size + px) * 3 + channel]!);
}

/** Draws one eye looking (dx, dy) pixels away from where it looks in the portrait, into `out`. */
export function renderEye(
  out: RgbaImage,
  original: RgbaImage,
  eye: PreparedEye,
  dx: number,
  dy: number,
): void {
  const { region, opening, plate, irisPatch: patch, patchSize, centre } = eye;
  const half = (patchSize - 1) / 2;
  const radius = eye.eye.iris.radius;
  for (let y = 0; y < region.height; y++) {
    for (let x = 0; x < region.width; x++) {
      const cover = opening[y * region.width + x]!;
      if (cover === 0) continue;
      const o = ((region.y + y) * out.width + region.x + x) * 4;
      const px = x + 0.5 - (centre[0] + dx);
      const py = y + 0.5 - (centre[1] + dy);
      const disc = discCoverage(px, py, radius);
      for (let c = 0; c < 3; c++) {
        let colour = plate[(y * region.width + x) * 3 + c]!;
        if (disc > 0)
          colour += disc * (samplePatch(patch, patchSize, px + half + 0.5, py + half + 0.5, c) - colour);
        out.data[o + c] = original.data[o + c]! + cover * (colour - original.data[o + c]!);
      }
    }
  }
}

/** Horizontal extent of the opening on the row through the iris centre. */
function rowExtent(eye: PreparedEye): [number, number] {
  const y = Math.min(eye.region.height - 1, Math.max(0, Math.floor(eye.centre[1])));
  let first = -1;
  let last = -1;
  for (let x = 0; x < eye.region.width; x++) {
    if (eye.opening[y * eye.region.width + x]! < 0.5) continue;
    if (first < 0) first = x;
    last = x + 1;
  }
  return first < 0 ? [eye.centre[0], eye.centre[0]] : [first, last];
}

/**
 * How far the irises may move, the same for both eyes (eyes turn together):
 * sideways until the disc is a third hidden under an eye corner, up and down
 * by a third of the radius (the lids follow a real eye; here they stay put).
 */
export function gazeTravel(eyes: PreparedEye[]): GazeTravel {
  const sides = eyes.map((eye) => {
    const [first, last] = rowExtent(eye);
    const tuck = eye.eye.iris.radius * 0.35;
    return {
      left: Math.max(0, eye.centre[0] - first - tuck),
      right: Math.max(0, last - eye.centre[0] - tuck),
    };
  });
  const radius = Math.min(...eyes.map((e) => e.eye.iris.radius));
  return {
    left: Math.min(...sides.map((s) => s.left)),
    right: Math.min(...sides.map((s) => s.right)),
    up: radius / 3,
    down: radius / 3,
  };
}

/** Where a grid cell sits, -1..1 each way: column 0 (left) and row 0 (up) at -1, the middle at 0. */
export function cellPlace(column: number, row: number, grid: GazeGrid): [number, number] {
  const u = grid.columns > 1 ? (column / (grid.columns - 1)) * 2 - 1 : 0;
  const v = grid.rows > 1 ? (row / (grid.rows - 1)) * 2 - 1 : 0;
  return [u, v];
}

/**
 * Iris offset in pixels for a grid cell: column 0 looks left, row 0 looks up; the middle is the portrait's
 * own gaze.
 */
export function cellOffset(
  column: number,
  row: number,
  grid: GazeGrid,
  travel: GazeTravel,
  range = 1,
): [number, number] {
  const [u, v] = cellPlace(column, row, grid);
  const dx = (u < 0 ? u * travel.left : u * travel.right) * range;
  const dy = (v < 0 ? v * travel.up : v * travel.down) * range;
  return [dx, dy];
}
