/**
 * The classic few-shot baselines on clip embeddings (clip-embedding.ts),
 * each fitted in closed form in milliseconds, so leave-one-out calibration
 * costs nothing:
 * - `subspace`: a linear autoencoder solved exactly (PCA): the score is what
 *   the top principal directions of the normal clips cannot explain. Our
 *   default autoencoder ([4], linear code) is this model trained by Adam.
 * - `gaussian`: Mahalanobis distance to the normal clips' mean under a
 *   Ledoit–Wolf shrunk covariance (a handful of clips cannot estimate a
 *   1024 × 1024 covariance; the shrinkage weight is estimated from the data).
 * - `knn`: squared distance to the nearest normal clip.
 * - `logistic` (supervised, once clips are labelled abnormal): L2-regularised
 *   logistic regression, classes weighted to balance, fitted by full-batch
 *   gradient descent (a few hundred steps over a few dozen clips: milliseconds,
 *   where the spectrogram CNN took minutes). Score = P(abnormal).
 * All work in the normal clips' standardised units with the overall level
 * projected out, and scores are divided by the dimension. ml-matrix does the eigen and inverse work.
 */
import { CholeskyDecomposition, EigenvalueDecomposition, Matrix, inverse } from 'ml-matrix';

export type ClassicMethod = 'subspace' | 'gaussian' | 'knn' | 'logistic';

export interface ClassicModel {
  method: ClassicMethod;
  center: Float32Array;
  scale: Float32Array;
  /** Unit vector of a change in overall level, in standardised units: projected out of every input. */
  gain: Float32Array;
  /**
   * Row-major [rows × dim]: subspace, its orthonormal basis; gaussian, the precision; knn, the standardised
   * training embeddings; logistic, one row of weights followed by the bias.
   */
  matrix: Float32Array;
  rows: number;
}

/** Principal directions kept by `subspace` (at most n − 2, so some normal variation stays unexplained). */
const COMPONENTS = 2;
/** Added to every spread: a band that never moves in a few clips must not divide by ~0 (dB). */
const SCALE_FLOOR = 0.5;

function standardiser(rows: readonly Float32Array[]): { center: Float32Array; scale: Float32Array } {
  const dim = rows[0]!.length;
  const center = new Float32Array(dim);
  const scale = new Float32Array(dim);
  for (const r of rows) for (let i = 0; i < dim; i++) center[i]! += r[i]! / rows.length;
  for (const r of rows) for (let i = 0; i < dim; i++) scale[i]! += (r[i]! - center[i]!) ** 2 / rows.length;
  for (let i = 0; i < dim; i++) scale[i] = Math.sqrt(scale[i]!) + SCALE_FLOOR;
  return { center, scale };
}

/**
 * A gain of g dB adds g to every band mean (the first half of an embedding) and nothing to the spreads: in
 * standardised units that is the direction (1/scale, 0). Inputs lose their component along it, so no model
 * sees the level, and nothing else of the spectrum is lost (subtracting each clip's mean level before
 * standardising also removed the level, but blurred the faults: MIMII fan AUC 0.68 against 0.9).
 */
function gainDirection(scale: Float32Array): Float32Array {
  const half = scale.length / 2;
  const g = Float32Array.from(scale, (s, i) => (i < half ? 1 / s : 0));
  const norm = Math.hypot(...g);
  return g.map((v) => v / norm);
}

function standardised(
  row: Float32Array,
  model: Pick<ClassicModel, 'center' | 'scale' | 'gain'>,
): Float64Array {
  const z = Float64Array.from(row, (v, i) => (v - model.center[i]!) / model.scale[i]!);
  const along = z.reduce((a, v, i) => a + v * model.gain[i]!, 0);
  return z.map((v, i) => v - along * model.gain[i]!);
}

/**
 * The rows' Gram matrix Z·Zᵀ (n × n). A few clips in a thousand dimensions: every second-moment quantity the
 * models need is computed from it, never from the dim × dim covariance (whose eigen-decomposition took
 * seconds per fit in ml-matrix at 1024 dimensions, and leave-one-out fits once per clip).
 */
function gram(z: readonly Float64Array[]): Matrix {
  const g = new Matrix(z.length, z.length);
  for (let a = 0; a < z.length; a++)
    for (let b = 0; b <= a; b++) {
      const dot = z[a]!.reduce((sum, v, i) => sum + v * z[b]![i]!, 0);
      g.set(a, b, dot);
      g.set(b, a, dot);
    }
  return g;
}

/** Zᵀ·v: a combination of the rows. */
function combineRows(z: readonly Float64Array[], weights: ArrayLike<number>): Float64Array {
  const out = new Float64Array(z[0]!.length);
  z.forEach((row, r) => row.forEach((v, i) => (out[i]! += weights[r]! * v)));
  return out;
}

/**
 * The top principal directions of the rows (mean zero by construction): the covariance's eigenvectors are
 * Zᵀu/√λ for the Gram matrix's eigenpairs (u, λ).
 */
function subspaceBasis(z: readonly Float64Array[]): number[][] {
  const k = Math.min(COMPONENTS, z.length - 2);
  if (k <= 0) return [];
  const eig = new EigenvalueDecomposition(gram(z), { assumeSymmetric: true });
  const order = eig.realEigenvalues.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]);
  return order.slice(0, k).map(([value, i]) => {
    const direction = combineRows(z, eig.eigenvectorMatrix.getColumn(i));
    const norm = Math.sqrt(Math.max(value, 1e-12));
    return Array.from(direction, (v) => v / norm);
  });
}

/**
 * Ledoit–Wolf: the covariance S = ZᵀZ/n shrunk towards a scaled identity by the weight that minimises
 * expected error, inverted by Woodbury's identity: (aI + cZᵀZ)⁻¹ = I/a − (c/a²)·Zᵀ(I + (c/a)·ZZᵀ)⁻¹Z = I/a − UUᵀ.
 * Stored as the n rows of Uᵀ and a last row starting with 1/a (n + 1 rows, fewer than the dimension), so a
 * model of 75 clips keeps 76 rows instead of a 1024 × 1024 precision, and scoring costs n dot products.
 * With as many clips as dimensions, the precision itself (dim rows; what models saved before the fine bands
 * hold).
 */
export function shrunkPrecision(z: readonly Float64Array[], form: 'auto' | 'dense' = 'auto'): number[][] {
  const n = z.length;
  const p = z[0]!.length;
  const g = gram(z);
  const mu = g.trace() / (n * p);
  const s2 = g.norm('frobenius') ** 2 / n ** 2; // ‖S‖²: ZᵀZ and ZZᵀ share their Frobenius norm
  const d2 = s2 - mu * mu * p; // ‖S − μI‖² = ‖S‖² − 2μ·tr S + μ²p, and tr S = μp
  let b2 = 0;
  for (let r = 0; r < n; r++) {
    const norm2 = g.get(r, r);
    const quadratic = g.getRow(r).reduce((a, v) => a + v * v, 0) / n; // zᵣᵀ S zᵣ
    b2 += norm2 * norm2 - 2 * quadratic + s2; // ‖zᵣzᵣᵀ − S‖²
  }
  b2 /= n ** 2;
  const weight = d2 > 0 ? Math.min(1, Math.min(b2, d2) / d2) : 1;
  const a = weight * Math.max(mu, 1e-6);
  const c = (1 - weight) / n;
  const inner = inverse(Matrix.eye(n).add(g.mul(c / a))).mul(c / (a * a));
  if (n + 1 >= p || form === 'dense') return densePrecision(z, inner, a);
  // inner = R·Rᵀ (Cholesky; symmetric positive definite), so UUᵀ = ZᵀRRᵀZ and U's columns are Zᵀ·R's columns.
  const symmetric = inner.clone().add(inner.transpose()).div(2); // the inverse's rounding breaks symmetry
  const r = new CholeskyDecomposition(symmetric).lowerTriangularMatrix;
  const rows = Array.from({ length: n }, (_, k) => Array.from(combineRows(z, r.getColumn(k))));
  const last = new Array<number>(p).fill(0);
  last[0] = 1 / a;
  return [...rows, last];
}

/** I/a − Zᵀ·inner·Z as a dim × dim matrix. */
function densePrecision(z: readonly Float64Array[], inner: Matrix, a: number): number[][] {
  const p = z[0]!.length;
  const mixed = z.map((_, r) => combineRows(z, inner.getRow(r))); // rows of inner·Z
  return Array.from({ length: p }, (_, i) =>
    Array.from({ length: p }, (_, j) => {
      let sum = 0;
      for (let r = 0; r < z.length; r++) sum += z[r]![i]! * mixed[r]![j]!;
      return (i === j ? 1 / a : 0) - sum;
    }),
  );
}

const LOGISTIC_STEPS = 400;
const LOGISTIC_RATE = 0.5;
/** L2 weight in standardised units: a few clips in 1024 dimensions separate perfectly, so it must be firm. */
const LOGISTIC_L2 = 0.05;

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function logisticWeights(z: readonly Float64Array[], labels: readonly boolean[]): number[] {
  const dim = z[0]!.length;
  const positives = labels.filter(Boolean).length;
  const weightOf = (y: boolean) => z.length / (2 * (y ? positives : z.length - positives));
  const w = new Float64Array(dim + 1);
  for (let step = 0; step < LOGISTIC_STEPS; step++) {
    const grad = new Float64Array(dim + 1);
    z.forEach((row, i) => {
      const y = labels[i]!;
      const p = sigmoid(row.reduce((a, v, j) => a + v * w[j]!, w[dim]!));
      const e = (weightOf(y) * (p - (y ? 1 : 0))) / z.length;
      for (let j = 0; j < dim; j++) grad[j]! += e * row[j]!;
      grad[dim]! += e;
    });
    for (let j = 0; j < dim; j++) w[j]! -= LOGISTIC_RATE * (grad[j]! + LOGISTIC_L2 * w[j]!);
    w[dim]! -= LOGISTIC_RATE * grad[dim]!;
  }
  return Array.from(w);
}

/**
 * Fits the supervised classifier on labelled embeddings; standardised by the normal clips, as the others,
 * so the same gain projection applies.
 */
export function fitLogistic(rows: readonly Float32Array[], abnormal: readonly boolean[]): ClassicModel {
  const positives = abnormal.filter(Boolean).length;
  if (positives === 0 || positives === rows.length)
    throw new Error('supervised training needs both normal and abnormal clips');
  const normal = rows.filter((_, i) => !abnormal[i]);
  const { center, scale } = standardiser(normal.length >= 2 ? normal : rows);
  const gain = gainDirection(scale);
  const z = rows.map((r) => standardised(r, { center, scale, gain }));
  const matrix = Float32Array.from(logisticWeights(z, abnormal));
  return { method: 'logistic', center, scale, gain, matrix, rows: 1 };
}

/** Fits one unsupervised method on the normal clips' embeddings (at least 2). */
export function fitClassic(
  method: Exclude<ClassicMethod, 'logistic'>,
  rows: readonly Float32Array[],
): ClassicModel {
  if (rows.length < 2) throw new Error(`training needs at least 2 normal clips: got ${rows.length}`);
  const { center, scale } = standardiser(rows);
  const gain = gainDirection(scale);
  const z = rows.map((r) => standardised(r, { center, scale, gain }));
  const matrix =
    method === 'subspace'
      ? subspaceBasis(z)
      : method === 'gaussian'
        ? shrunkPrecision(z)
        : z.map((r) => Array.from(r));
  return { method, center, scale, gain, matrix: Float32Array.from(matrix.flat()), rows: matrix.length };
}

/** Anomaly score of one embedding: higher is more anomalous, ≥ 0. */
export function classicScore(model: ClassicModel, row: Float32Array): number {
  if (row.length !== model.center.length)
    throw new Error(`the model takes ${model.center.length} features, the clip gives ${row.length}`);
  const z = standardised(row, model);
  const dim = z.length;
  const m = model.matrix;
  if (model.method === 'logistic') return sigmoid(z.reduce((a, v, i) => a + v * m[i]!, m[dim]!));
  if (model.method === 'knn') {
    let best = Infinity;
    for (let r = 0; r < model.rows; r++) {
      let d = 0;
      for (let i = 0; i < dim; i++) d += (z[i]! - m[r * dim + i]!) ** 2;
      best = Math.min(best, d);
    }
    return best / dim;
  }
  if (model.method === 'gaussian' && model.rows !== dim) {
    // Low rank (shrunkPrecision): ‖z‖²/a − Σ (u·z)².
    const last = model.rows - 1;
    let q = m[last * dim]! * z.reduce((a, v) => a + v * v, 0);
    for (let r = 0; r < last; r++) q -= z.reduce((a, v, i) => a + v * m[r * dim + i]!, 0) ** 2;
    return Math.max(0, q) / dim;
  }
  if (model.method === 'gaussian') {
    let q = 0;
    for (let i = 0; i < dim; i++) {
      let row = 0;
      for (let j = 0; j < dim; j++) row += m[i * dim + j]! * z[j]!;
      q += z[i]! * row;
    }
    return q / dim;
  }
  // Residual after projecting on the basis.
  const residual = Float64Array.from(z);
  for (let r = 0; r < model.rows; r++) {
    let dot = 0;
    for (let i = 0; i < dim; i++) dot += z[i]! * m[r * dim + i]!;
    for (let i = 0; i < dim; i++) residual[i]! -= dot * m[r * dim + i]!;
  }
  return residual.reduce((a, v) => a + v * v, 0) / dim;
}
