/**
 * Local features are most of an index's bytes (about 19 kB an image against
 * 148 for the global descriptor), and only the top candidates of a search
 * need them. So the worker keeps them for the most recently used images up to
 * a budget, and reads the others back from where they are stored (the
 * IndexedDB rows the element wrote) when a search re-ranks them.
 */
import type { LocalFeatures } from './image-features.js';

/** Where features not held in memory are read back from. */
export interface LocalFeatureStore {
  read(ids: readonly string[]): Promise<Map<string, LocalFeatures>>;
}

export interface LocalMemoryOptions {
  /** Images whose local features stay in memory (the most recently used). */
  keep: number;
  /** Where the others are read from; without one, every image's features stay in memory. */
  store: LocalFeatureStore | null;
}

export const KEEP_ALL: LocalMemoryOptions = { keep: Infinity, store: null };

/**
 * The worker's budget: about 19 kB an image, so about 100 MB; beyond it, features are read back from
 * IndexedDB when re-ranked.
 */
export const LOCAL_FEATURES_IN_MEMORY = 5000;

const EMPTY: LocalFeatures = {
  count: 0,
  dims: 0,
  keypoints: new Float32Array(0),
  descriptors: new Int8Array(0),
};

export const localBytes = (local: LocalFeatures): number =>
  local.descriptors.byteLength + local.keypoints.byteLength;

export class LocalFeatureCache {
  /** Insertion order is recency: the first entry is the least recently used. */
  private readonly held = new Map<string, LocalFeatures>();
  private heldBytes = 0;

  constructor(private readonly options: LocalMemoryOptions = KEEP_ALL) {}

  get bytes(): number {
    return this.heldBytes;
  }

  get size(): number {
    return this.held.size;
  }

  put(id: string, local: LocalFeatures): void {
    this.delete(id);
    this.held.set(id, local);
    this.heldBytes += localBytes(local);
    if (!this.options.store) return;
    for (const [oldest, features] of this.held) {
      if (this.held.size <= this.options.keep) break;
      this.held.delete(oldest);
      this.heldBytes -= localBytes(features);
    }
  }

  delete(id: string): void {
    const local = this.held.get(id);
    if (!local) return;
    this.held.delete(id);
    this.heldBytes -= localBytes(local);
  }

  clear(): void {
    this.held.clear();
    this.heldBytes = 0;
  }

  /**
   * Features of each id, in order: from memory, else from the store (then held); an image found nowhere has
   * none.
   */
  async get(ids: readonly string[]): Promise<LocalFeatures[]> {
    const missing = ids.filter((id) => !this.held.has(id));
    let read = new Map<string, LocalFeatures>();
    if (missing.length && this.options.store) read = await this.options.store.read(missing);
    const found = ids.map((id) => this.held.get(id) ?? read.get(id) ?? EMPTY);
    // Used now, so most recent: held (or held again) in the order asked.
    found.forEach((local, i) => {
      if (local.count > 0) this.put(ids[i]!, local);
    });
    return found;
  }
}
