/**
 * The colour a portrait is letterboxed on: the mean of its outer rim, so the
 * bars look like more of the painting's ground (the Mona Lisa's dark
 * green-brown) instead of a black frame. Pure, so it is tested in Node.
 */
export type Rgb = readonly [number, number, number];

/** Mean RGB of the pixels within `rim` (a fraction of the shorter side) of the image's edges. */
export function edgeColour(rgba: Uint8ClampedArray, width: number, height: number, rim = 0.04): Rgb {
  const band = Math.max(1, Math.round(Math.min(width, height) * rim));
  const sum = [0, 0, 0];
  let count = 0;
  for (let y = 0; y < height; y++) {
    const edgeRow = y < band || y >= height - band;
    for (let x = 0; x < width; x++) {
      if (!edgeRow && x >= band && x < width - band) continue;
      const i = (y * width + x) * 4;
      sum[0] += rgba[i]!;
      sum[1] += rgba[i + 1]!;
      sum[2] += rgba[i + 2]!;
      count++;
    }
  }
  if (!count) return [0, 0, 0];
  return [sum[0]! / count, sum[1]! / count, sum[2]! / count].map(Math.round) as unknown as Rgb;
}

export function cssColour([r, g, b]: Rgb): string {
  return `rgb(${r} ${g} ${b})`;
}
