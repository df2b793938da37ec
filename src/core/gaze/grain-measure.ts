/**
 * How grainy a patch of picture is: the standard deviation of its high-pass
 * (each pixel less the mean of its 3 x 3 neighbourhood), over the pixels whose
 * whole neighbourhood is in the patch. It compares the sclera an iris
 * uncovers with the same eye's untouched sclera: a flat fill scores near 0.
 */
export function highPassSpread(
  value: (x: number, y: number) => number,
  inPatch: (x: number, y: number) => boolean,
  width: number,
  height: number,
): { spread: number; pixels: number } {
  const values: number[] = [];
  for (let y = 1; y < height - 1; y++)
    for (let x = 1; x < width - 1; x++) {
      let whole = true;
      let sum = 0;
      for (let j = -1; j <= 1 && whole; j++)
        for (let i = -1; i <= 1; i++) {
          whole &&= inPatch(x + i, y + j);
          sum += value(x + i, y + j);
        }
      if (whole) values.push(value(x, y) - sum / 9);
    }
  if (!values.length) return { spread: 0, pixels: 0 };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const spread = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return { spread, pixels: values.length };
}
