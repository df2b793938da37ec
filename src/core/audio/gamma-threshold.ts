/**
 * The decision threshold from normal clips' scores, as the DCASE 2021
 * baseline picks it: fit a gamma distribution to the scores and take its
 * 90th percentile. The fit is by moments and the quantile is Wilson and
 * Hilferty's cube-root normal approximation (within ~1% for shape ≥ 1,
 * which error scores have), so no special-function library is needed.
 */
const Z = new Map([
  [0.8, 0.8416],
  [0.9, 1.2816],
  [0.95, 1.6449],
  [0.99, 2.3263],
]);

export function gammaThreshold(scores: readonly number[], percentile = 0.9): number {
  const z = Z.get(percentile);
  if (z === undefined) throw new Error(`percentile must be one of ${[...Z.keys()].join(', ')}`);
  const n = scores.length;
  if (n === 0) throw new Error('a threshold needs scores of normal clips');
  const mean = scores.reduce((s, v) => s + v, 0) / n;
  const variance = scores.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, n - 1);
  if (n < 2 || variance <= 0) return mean;
  const shape = (mean * mean) / variance;
  const scale = variance / mean;
  const c = 1 - 1 / (9 * shape) + z / (3 * Math.sqrt(shape));
  return shape * scale * Math.max(0, c) ** 3;
}
