/**
 * PCA whitening learned from the gallery itself (Jégou & Chum's "negative
 * evidences" finding: co-occurring directions are over-counted by the raw
 * cosine). Only learned once the gallery is large enough for a stable
 * covariance; the eigen-decomposition is ml-matrix's.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { unitVector } from './pooling.js';

/**
 * Eigenvalues are floored at this fraction of their mean, so near-empty directions are not blown up into
 * noise.
 */
const SHRINK = 0.1;

export interface Whitening {
  mean: Float32Array;
  /** dims × dims, row-major: whitened = P · (x − mean). */
  projection: Float32Array;
  dims: number;
  /** Vectors it was learned from. */
  learnedFrom: number;
}

export function learnWhitening(vectors: readonly Float32Array[]): Whitening {
  const dims = vectors[0]?.length ?? 0;
  if (vectors.length < 2 || dims === 0) throw new RangeError('whitening needs at least two vectors');
  const mean = new Float32Array(dims);
  for (const v of vectors) v.forEach((x, i) => (mean[i]! += x / vectors.length));
  const centred = new Matrix(vectors.map((v) => Array.from(v, (x, i) => x - mean[i]!)));
  const covariance = centred
    .transpose()
    .mmul(centred)
    .div(vectors.length - 1);
  const eig = new EigenvalueDecomposition(covariance, { assumeSymmetric: true });
  const values = eig.realEigenvalues;
  const floor = (SHRINK * values.reduce((a, b) => a + Math.max(b, 0), 0)) / dims;
  const scale = Matrix.diag(values.map((l) => 1 / Math.sqrt(Math.max(l, 0) + floor)));
  const vectorsT = eig.eigenvectorMatrix.transpose();
  return {
    mean,
    projection: Float32Array.from(scale.mmul(vectorsT).to1DArray()),
    dims,
    learnedFrom: vectors.length,
  };
}

export function applyWhitening(w: Whitening, v: Float32Array): Float32Array {
  const out = new Float32Array(w.dims);
  for (let r = 0; r < w.dims; r++) {
    let sum = 0;
    for (let c = 0; c < w.dims; c++) sum += w.projection[r * w.dims + c]! * (v[c]! - w.mean[c]!);
    out[r] = sum;
  }
  return unitVector(out);
}
