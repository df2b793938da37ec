/**
 * Train/validation split that keeps near-duplicates together: photos of one
 * person with and without a mask, and the rotated or zoomed copies the data
 * set contains, land on the same side, so validation measures files whose
 * content the classifier never saw. Pure; unit-tested.
 */
export class UnionFind {
  private readonly parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) i = this.parent[i] = this.parent[this.parent[i]!]!;
    return i;
  }
  union(a: number, b: number): void {
    const [ra, rb] = [this.find(a), this.find(b)];
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/** FNV-1a, for a stable, seedable choice of validation groups. */
export function hashString(text: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export interface SplitInput {
  keys: string[];
  /** Pairs of indices known to show the same content. */
  links: [number, number][];
}

/** Indices of the validation set: whole groups, about `fraction` of them, chosen by hash. */
export function groupedSplit(
  { keys, links }: SplitInput,
  fraction: number,
  seed: number,
): { train: number[]; validation: number[]; groups: number; largestGroup: number } {
  const uf = new UnionFind(keys.length);
  links.forEach(([a, b]) => uf.union(a, b));
  const root = keys.map((_, i) => uf.find(i));
  const inValidation = (i: number) => hashString(keys[root[i]!]!, seed) / 2 ** 32 < fraction;
  const train: number[] = [];
  const validation: number[] = [];
  keys.forEach((_, i) => (inValidation(i) ? validation : train).push(i));
  const sizes = new Map<number, number>();
  root.forEach((r) => sizes.set(r, (sizes.get(r) ?? 0) + 1));
  return { train, validation, groups: sizes.size, largestGroup: Math.max(0, ...sizes.values()) };
}

/** Links between rows whose unit vectors have cosine similarity ≥ threshold. */
export function similarLinks(vectors: Float32Array, dim: number, threshold: number): [number, number][] {
  const n = vectors.length / dim;
  const links: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let dot = 0;
      for (let k = 0; k < dim; k++) dot += vectors[i * dim + k]! * vectors[j * dim + k]!;
      if (dot >= threshold) links.push([i, j]);
    }
  }
  return links;
}
