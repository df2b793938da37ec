/**
 * The first pass: every image's global descriptor in one [N, D] matrix on
 * the active TF.js backend, a query's cosines as one matrix product and
 * tf.topk. Raw descriptors are kept; once the gallery is large enough the
 * matrix holds their whitened form (learned from a sample of the gallery).
 */
import * as tf from '@tensorflow/tfjs-core';
import { applyWhitening, learnWhitening, type Whitening } from './whitening.js';

export interface GlobalHit {
  id: string;
  score: number;
}

export interface GlobalIndexOptions {
  /** Images needed before whitening is learned (a covariance of D² numbers needs several D samples). */
  whitenFrom: number;
  /** Most vectors the whitening is learned from. */
  whitenSample: number;
}

export const DEFAULT_GLOBAL_INDEX: GlobalIndexOptions = { whitenFrom: 1000, whitenSample: 10000 };

export class GlobalIndex {
  private readonly ids: string[] = [];
  private readonly vectors: Float32Array[] = [];
  private readonly rows = new Map<string, number>();
  private matrix: tf.Tensor2D | null = null;
  private whitening: Whitening | null = null;

  constructor(readonly options: GlobalIndexOptions = DEFAULT_GLOBAL_INDEX) {}

  get size(): number {
    return this.ids.length;
  }

  has(id: string): boolean {
    return this.rows.has(id);
  }

  /** Vectors it is whitened with, or 0 when raw cosines are used. */
  get whitenedFrom(): number {
    return this.whitening?.learnedFrom ?? 0;
  }

  set(id: string, vector: Float32Array): void {
    const row = this.rows.get(id);
    if (row === undefined) {
      this.rows.set(id, this.ids.length);
      this.ids.push(id);
      this.vectors.push(vector);
    } else {
      this.vectors[row] = vector;
    }
    this.invalidate();
  }

  remove(id: string): boolean {
    const row = this.rows.get(id);
    if (row === undefined) return false;
    // Swap the last row into the hole: O(1), order does not matter.
    const last = this.ids.length - 1;
    this.ids[row] = this.ids[last]!;
    this.vectors[row] = this.vectors[last]!;
    this.rows.set(this.ids[row], row);
    this.ids.pop();
    this.vectors.pop();
    this.rows.delete(id);
    this.invalidate();
    return true;
  }

  clear(): void {
    this.ids.length = 0;
    this.vectors.length = 0;
    this.rows.clear();
    this.whitening = null;
    this.invalidate();
  }

  /** Top k by cosine (after whitening, when learned). */
  search(query: Float32Array, k: number): GlobalHit[] {
    if (this.size === 0) return [];
    const matrix = this.searchMatrix();
    const q = this.whitening ? applyWhitening(this.whitening, query) : query;
    const count = Math.min(k, this.size);
    // Tensors leave tidy, not their data: tidy walks a returned typed array element by element.
    const top = tf.tidy(() =>
      tf.topk(tf.reshape(tf.matMul(matrix, tf.tensor2d(q, [q.length, 1])), [-1]), count),
    );
    const [indices, values] = [top.indices.dataSync(), top.values.dataSync()];
    tf.dispose([top.indices, top.values]);
    return Array.from(indices, (row, i) => ({ id: this.ids[row]!, score: values[i]! }));
  }

  /**
   * For each id, the best cosine any of `vectors` has with its row (whitened alike); -Infinity for an id not
   * indexed.
   */
  bestCosines(vectors: readonly Float32Array[], ids: readonly string[]): number[] {
    const rows = ids.map((id) => this.rows.get(id) ?? -1);
    const known = rows.filter((row) => row >= 0);
    if (vectors.length === 0 || known.length === 0) return ids.map(() => -Infinity);
    const matrix = this.searchMatrix();
    const queries = vectors.map((v) => (this.whitening ? applyWhitening(this.whitening, v) : v));
    const best = tf.tidy(() => {
      const gallery = tf.gather(matrix, tf.tensor1d(known, 'int32'));
      return tf.max(
        tf.matMul(
          gallery,
          tf.transpose(tf.tensor2d(concatRows(queries), [queries.length, queries[0]!.length])),
        ),
        1,
      );
    });
    const values = best.dataSync();
    best.dispose();
    let next = 0;
    return rows.map((row) => (row >= 0 ? values[next++]! : -Infinity));
  }

  /** Bytes the search matrix takes on the backend. */
  matrixBytes(): number {
    return this.size * (this.vectors[0]?.length ?? 0) * 4;
  }

  dispose(): void {
    this.invalidate();
  }

  private invalidate(): void {
    this.matrix?.dispose();
    this.matrix = null;
  }

  private searchMatrix(): tf.Tensor2D {
    if (this.matrix) return this.matrix;
    this.updateWhitening();
    const raw = tf.tensor2d(concatRows(this.vectors), [this.size, this.vectors[0]!.length]);
    this.matrix = this.whitening ? whitenRows(raw, this.whitening) : raw;
    return this.matrix;
  }

  /** Learned when the gallery first reaches whitenFrom, again when it has changed size by a tenth. */
  private updateWhitening(): void {
    if (this.size < this.options.whitenFrom) {
      this.whitening = null;
      return;
    }
    const learned = this.whitening?.learnedFrom ?? 0;
    const sampleSize = Math.min(this.size, this.options.whitenSample);
    if (learned && Math.abs(sampleSize - learned) < 0.1 * learned) return;
    const step = this.size / sampleSize;
    this.whitening = learnWhitening(
      Array.from({ length: sampleSize }, (_, i) => this.vectors[Math.floor(i * step)]!),
    );
  }
}

function concatRows(vectors: readonly Float32Array[]): Float32Array {
  const dims = vectors[0]?.length ?? 0;
  const out = new Float32Array(vectors.length * dims);
  vectors.forEach((v, i) => out.set(v, i * dims));
  return out;
}

/**
 * Whitens every row on the backend (a JS loop would take seconds at 100k images); disposes the raw matrix.
 */
function whitenRows(raw: tf.Tensor2D, w: Whitening): tf.Tensor2D {
  const out = tf.tidy(() => {
    const centred = tf.sub(raw, tf.tensor1d(w.mean));
    const projected = tf.matMul(centred, tf.tensor2d(w.projection, [w.dims, w.dims]), false, true);
    return tf.div(projected, tf.add(tf.norm(projected, 'euclidean', 1, true), 1e-12)) as tf.Tensor2D;
  });
  raw.dispose();
  return out;
}
