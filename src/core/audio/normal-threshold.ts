/**
 * The decision threshold from the out-of-fold scores of n normal clips, and
 * how far to trust it. A quantile fitted to few scores sits too low about
 * half the time (the old gamma fit flagged every normal clip of a machine
 * trained on 5), so the threshold is a *prediction bound*: with log-scores
 * of normal clips roughly normal, a new normal clip's log-score exceeds
 * mean + t(n−1, p) · sd · √(1 + 1/n) with probability exactly 1 − p, for
 * any n (Student's t carries the uncertainty of mean and sd, √(1 + 1/n)
 * that of the new clip). The bound widens by itself when n is small.
 *
 * What one training set's threshold really lets through still varies with
 * the draw: `falseAlarm` gives the 10th–90th percentile of that rate over
 * training sets of this size (simulated, seeded, so the same n and p give
 * the same answer), and `clipsForReliable` the training clips at which its
 * 90th percentile drops to 1.5 × the nominal rate. The quantile functions
 * (Acklam's normal, Cornish–Fisher t) are a few lines each, so no
 * statistics library is needed. Pure.
 */
import { mulberry32 } from '../../shared/seeded-random.js';

export interface FalseAlarmRange {
  /** The rate the threshold aims at: 1 − percentile. */
  nominal: number;
  /** 10th and 90th percentile of the rate a threshold from this many clips really has. */
  low: number;
  high: number;
}

export interface ThresholdTrust {
  falseAlarm: FalseAlarmRange;
  /** Normal clips at which the rate's 90th percentile falls to 1.5 × nominal (≥ the clips given). */
  clipsForReliable: number;
}

/** Scores are errors or distances (≥ 0); the log needs them above zero. */
const FLOOR = 1e-12;
const RELIABLE_FACTOR = 1.5;
const SIMULATIONS = 2000;

/** Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`a probability strictly between 0 and 1 is needed, got ${p}`);
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
    ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}

/**
 * Student's t quantile: exact for 1 and 2 degrees of freedom, Cornish–Fisher (four terms) above, within
 * 0.5 % of the tables for p ≤ 0.95 and 1.5 % at p = 0.99, df = 3.
 */
export function tQuantile(p: number, df: number): number {
  if (df < 1) throw new Error('a t quantile needs at least 1 degree of freedom');
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  const z = normalQuantile(p);
  const [z3, z5, z7, z9] = [z ** 3, z ** 5, z ** 7, z ** 9];
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3) +
    (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * df ** 4)
  );
}

/** The prediction-bound multiplier of the sd: t(n−1, p) · √(1 + 1/n). */
function boundFactor(n: number, percentile: number): number {
  return tQuantile(percentile, n - 1) * Math.sqrt(1 + 1 / n);
}

/** Seeded standard normal draws (Box–Muller), so the same question gets the same answer. */
function gaussians(seed: number): () => number {
  const u = mulberry32(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** Upper-tail probability of the standard normal (Abramowitz–Stegun 7.1.26 via erfc, error < 1.5e-7). */
export function normalTail(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const half = 0.5 * poly * Math.exp(-z * z);
  return x >= 0 ? half : 1 - half;
}

/** 10th and 90th percentile of the false-alarm rate of a bound fitted to n normal draws. */
export function falseAlarmSpread(n: number, percentile: number): { low: number; high: number } {
  const draw = gaussians(1009 + n);
  const factor = boundFactor(n, percentile);
  const rates: number[] = [];
  for (let s = 0; s < SIMULATIONS; s++) {
    const x = Array.from({ length: n }, draw);
    const { mean, sd } = meanAndSd(x);
    rates.push(normalTail(mean + factor * sd));
  }
  rates.sort((a, b) => a - b);
  return { low: rates[Math.floor(0.1 * SIMULATIONS)]!, high: rates[Math.floor(0.9 * SIMULATIONS)]! };
}

/** Clip counts an answer is given in: the same for every n, so the advice does not depend on where it started. */
const LADDER = [
  2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 35, 40, 45, 50, 60, 70, 80, 100, 120, 150, 200, 300, 400,
];

/** Training clips (on a fixed ladder, at least n) at which the rate's 90th percentile is within 1.5 × nominal. */
export function clipsForReliable(n: number, percentile: number): number {
  const limit = RELIABLE_FACTOR * (1 - percentile);
  for (const m of LADDER) if (m >= n && falseAlarmSpread(m, percentile).high <= limit) return m;
  return Math.max(n, LADDER.at(-1)!);
}

function meanAndSd(values: readonly number[]): { mean: number; sd: number } {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, n - 1);
  return { mean, sd: Math.sqrt(variance) };
}

/**
 * The threshold from normal clips' out-of-fold scores at `percentile` (0.5 < p < 1): the prediction bound
 * on log-scores. One score gives no spread: twice that score.
 */
export function normalThreshold(scores: readonly number[], percentile = 0.9): number {
  if (scores.length === 0) throw new Error('a threshold needs scores of normal clips');
  if (!(percentile > 0.5 && percentile < 1)) throw new Error('the percentile must be between 0.5 and 1');
  const n = scores.length;
  if (n < 2) return 2 * Math.max(FLOOR, scores[0]!);
  const { mean, sd } = meanAndSd(scores.map((s) => Math.log(Math.max(FLOOR, s))));
  return Math.exp(mean + boundFactor(n, percentile) * sd);
}

/** How far a threshold from `n` normal clips can be trusted (the same for any scores: it depends on n). */
export function thresholdTrust(n: number, percentile = 0.9): ThresholdTrust {
  const nominal = 1 - percentile;
  const spread = n < 2 ? { low: 0, high: 1 } : falseAlarmSpread(n, percentile);
  return { falseAlarm: { nominal, ...spread }, clipsForReliable: clipsForReliable(n, percentile) };
}
