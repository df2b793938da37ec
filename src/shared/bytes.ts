/** Joins byte chunks (downloaded pieces, weight shards) into one buffer. */
export function concatBytes(chunks: readonly (ArrayBuffer | Uint8Array)[]): ArrayBuffer {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c instanceof Uint8Array ? c : new Uint8Array(c), at);
    at += c.byteLength;
  }
  return out.buffer;
}
