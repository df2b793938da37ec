/**
 * Nothing that is not a number is ever trained on, kept or saved: these say
 * which part of a model or record is not finite, so the caller can refuse it
 * by name and leave what it had untouched.
 */

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, string: 0 };

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype?: string;
}

/** The name of the first weight (TF.js weights format) holding NaN or an infinity, or null. */
export function nonFiniteWeight(data: ArrayBuffer, specs: readonly WeightSpec[]): string | null {
  let offset = 0;
  for (const spec of specs) {
    const count = spec.shape.reduce((n, d) => n * d, 1);
    const dtype = spec.dtype ?? 'float32';
    if (dtype === 'float32' && !new Float32Array(data, offset, count).every(Number.isFinite))
      return spec.name;
    offset += count * (BYTES[dtype] ?? 4);
  }
  return null;
}

/** The name of the first entry that is, or holds, a number that is not finite, or null. */
export function nonFiniteEntry(
  named: Record<string, number | ArrayLike<number> | null | undefined>,
): string | null {
  for (const [name, value] of Object.entries(named)) {
    // A saved file can hold null where a number was (JSON writes NaN as null).
    const values = typeof value === 'number' ? [value] : value == null ? [NaN] : Array.from(value);
    if (!values.every(Number.isFinite)) return name;
  }
  return null;
}
