/**
 * The sclera behind a painted iris, for when the iris moves away: the shading
 * is interpolated from the sclera on either side, and the painting's grain is
 * put back on top, copied from the same eye's visible sclera (a texture
 * transfer), so a close look finds no flat patch.
 */
import type { Point } from '../../shared/geometry.js';
import type { RgbaImage } from './rgba-image.js';

/**
 * Fills the disc (grown a little, since painted irises have soft edges): each
 * row is first interpolated between the sclera on either side (mean of the
 * nearest few sclera pixels, so one stray pixel cannot streak a row), then
 * relaxed toward the average of its neighbours inside the opening, which
 * smooths rows together without pulling in the dark eyelid margin. Last, the
 * grain is added (`addGrain`).
 */
export function scleraPlate(
  region: RgbaImage,
  opening: Float32Array,
  centre: Point,
  radius: number,
): Float32Array {
  const { width, height, data } = region;
  const plate = new Float32Array(width * height * 3);
  for (let i = 0; i < width * height; i++) for (let c = 0; c < 3; c++) plate[i * 3 + c] = data[i * 4 + c]!;
  const grown = radius * 1.3 + 1;
  const inOpening = (x: number, y: number) => x >= 0 && x < width && opening[y * width + x]! > 0.5;
  const inDisc = (x: number, y: number) => Math.hypot(x + 0.5 - centre[0], y + 0.5 - centre[1]) <= grown;
  const isSclera = (x: number, y: number) => inOpening(x, y) && !inDisc(x, y);
  const mean = meanColour(region, isSclera);
  const filled: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!inDisc(x, y) || opening[y * width + x] === 0) continue;
      const left = sideColour(region, y, x, -1, isSclera);
      const right = sideColour(region, y, x, 1, isSclera);
      for (let c = 0; c < 3; c++) {
        const a = left?.colour[c];
        const b = right?.colour[c];
        const t = left && right ? left.distance / (left.distance + right.distance) : 0;
        plate[(y * width + x) * 3 + c] =
          a !== undefined && b !== undefined ? a + t * (b - a) : (a ?? b ?? mean[c]!);
      }
      filled.push(y * width + x);
    }
  }
  relax(plate, filled, width, height, (i) => opening[i]! > 0.5);
  addGrain(plate, region, filled, isSclera, centre, grown);
  return plate;
}

/**
 * Mean colour of the (up to) three nearest sclera pixels from x along the row in direction `step`, and how
 * far they are.
 */
function sideColour(
  region: RgbaImage,
  y: number,
  x: number,
  step: number,
  isSclera: (x: number, y: number) => boolean,
): { colour: number[]; distance: number } | null {
  const sum = [0, 0, 0];
  let found = 0;
  let first = 0;
  for (let px = x + step; px >= 0 && px < region.width && found < 3; px += step) {
    if (!isSclera(px, y)) continue;
    if (!found) first = Math.abs(px - x);
    for (let c = 0; c < 3; c++) sum[c]! += region.data[(y * region.width + px) * 4 + c]!;
    found++;
  }
  return found ? { colour: sum.map((v) => v / found), distance: first } : null;
}

/** A few Jacobi steps of Laplace smoothing over the filled pixels, using neighbours that `usable` allows. */
function relax(
  plate: Float32Array,
  filled: number[],
  width: number,
  height: number,
  usable: (i: number) => boolean,
  steps = 12,
): void {
  for (let step = 0; step < steps; step++) {
    const next = plate.slice();
    for (const i of filled) {
      const x = i % width;
      const y = (i - x) / width;
      const neighbours = [
        x > 0 ? i - 1 : -1,
        x < width - 1 ? i + 1 : -1,
        y > 0 ? i - width : -1,
        y < height - 1 ? i + width : -1,
      ].filter((n) => n >= 0 && usable(n));
      if (!neighbours.length) continue;
      for (let c = 0; c < 3; c++)
        next[i * 3 + c] =
          (plate[i * 3 + c]! + neighbours.reduce((sum, n) => sum + plate[n * 3 + c]!, 0)) /
          (neighbours.length + 1);
    }
    plate.set(next);
  }
}

export function meanColour(region: RgbaImage, take: (x: number, y: number) => boolean): number[] {
  const sum = [0, 0, 0];
  let n = 0;
  for (let y = 0; y < region.height; y++) {
    for (let x = 0; x < region.width; x++) {
      if (!take(x, y)) continue;
      for (let c = 0; c < 3; c++) sum[c]! += region.data[(y * region.width + x) * 4 + c]!;
      n++;
    }
  }
  return n ? sum.map((s) => s / n) : [128, 128, 128];
}

/** The grain of one channel at a sclera pixel: its value less the mean of the sclera around it (5 x 5). */
function grainAt(
  region: RgbaImage,
  x: number,
  y: number,
  c: number,
  isSclera: (x: number, y: number) => boolean,
) {
  let sum = 0;
  let n = 0;
  for (let j = y - 2; j <= y + 2; j++)
    for (let i = x - 2; i <= x + 2; i++) {
      if (j < 0 || j >= region.height || !isSclera(i, j)) continue;
      sum += region.data[(j * region.width + i) * 4 + c]!;
      n++;
    }
  return region.data[(y * region.width + x) * 4 + c]! - sum / n;
}

/**
 * Where a filled pixel takes its grain from: its mirror image across the nearer end of the disc's chord on
 * its row (so the grain runs on across the edge), else across the farther end, else a sclera pixel picked
 * by a fixed hash of its position.
 */
function grainSource(
  x: number,
  y: number,
  centre: Point,
  grown: number,
  isSclera: (x: number, y: number) => boolean,
  sclera: number[],
  width: number,
): [number, number] | null {
  const dy = y + 0.5 - centre[1];
  const half = Math.sqrt(Math.max(0, grown * grown - dy * dy));
  const dx = x + 0.5 - centre[0];
  const side = dx < 0 ? -1 : 1;
  for (const end of [side, -side]) {
    const edge = centre[0] + end * half;
    const mirrored = Math.floor(2 * edge - (x + 0.5));
    if (isSclera(mirrored, y)) return [mirrored, y];
  }
  if (!sclera.length) return null;
  const pick = sclera[Math.abs((x * 73856093) ^ (y * 19349663)) % sclera.length]!;
  return [pick % width, Math.floor(pick / width)];
}

function addGrain(
  plate: Float32Array,
  region: RgbaImage,
  filled: number[],
  isSclera: (x: number, y: number) => boolean,
  centre: Point,
  grown: number,
): void {
  const { width, height } = region;
  const sclera: number[] = [];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) if (isSclera(x, y)) sclera.push(y * width + x);
  const limit = grainLimits(region, sclera, isSclera);
  for (const i of filled) {
    const x = i % width;
    const y = (i - x) / width;
    const from = grainSource(x, y, centre, grown, isSclera, sclera, width);
    if (!from) continue;
    for (let c = 0; c < 3; c++) {
      const grain = grainAt(region, from[0], from[1], c, isSclera);
      plate[i * 3 + c]! += Math.max(-limit[c]!, Math.min(limit[c]!, grain));
    }
  }
}

/**
 * Twice the grain's standard deviation over the whole sclera, per channel: a copied pixel beyond it is a
 * speck (a lash, the iris's soft rim), not grain, and is held to it.
 */
function grainLimits(region: RgbaImage, sclera: number[], isSclera: (x: number, y: number) => boolean) {
  return [0, 1, 2].map((c) => {
    let sum = 0;
    for (const i of sclera)
      sum += grainAt(region, i % region.width, Math.floor(i / region.width), c, isSclera) ** 2;
    return 2 * Math.sqrt(sum / Math.max(1, sclera.length));
  });
}
