/** Compact storage of descriptor vectors: int8 with one float scale per vector. */

export interface Int8Vector {
  scale: number;
  data: Int8Array;
}

export function toInt8(v: Float32Array): Int8Vector {
  let max = 0;
  for (const x of v) max = Math.max(max, Math.abs(x));
  const scale = max / 127 || 1;
  return { scale, data: Int8Array.from(v, (x) => Math.round(x / scale)) };
}

export function fromInt8({ scale, data }: Int8Vector): Float32Array {
  return Float32Array.from(data, (x) => x * scale);
}
