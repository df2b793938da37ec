/**
 * The image index as the worker keeps it: records (what IndexedDB stores),
 * the global matrix for the first pass and each image's local features for
 * re-ranking. Framework-free: the worker feeds it canvas-resized pixels,
 * the Node tests bilinear-resized tensors.
 */
import type { PointPair } from './affine-ransac.js';
import { DEFAULT_GLOBAL_INDEX, GlobalIndex, type GlobalIndexOptions } from './global-index.js';
import type { FeatureExtractor, LocalFeatures, ScaledPixels } from './image-features.js';
import { DEFAULT_VERIFY, rerankOrder, verifyCandidates, type VerifySettings } from './local-matching.js';
import { KEEP_ALL, LocalFeatureCache, type LocalMemoryOptions, localBytes } from './local-feature-cache.js';
import { fromInt8, type Int8Vector, toInt8 } from './quantize.js';

/** One indexed image as it is stored and exported. */
export interface IndexRecord {
  id: string;
  width: number;
  height: number;
  global: Int8Vector;
  local: LocalFeatures;
}

export interface SearchOptions {
  /** Results returned. */
  k: number;
  /** Global candidates re-ranked by local matching (0: global only). */
  rerank: number;
  /** Results that carry their inlier pairs, for a match view. */
  withPairs: number;
  verify: VerifySettings;
}

export const DEFAULT_SEARCH: SearchOptions = { k: 10, rerank: 50, withPairs: 3, verify: DEFAULT_VERIFY };

export interface SearchHit {
  id: string;
  /**
   * Cosine of global descriptors: for a re-ranked candidate, the better of
   * the whole query's and its best region's (a picture that fills only part
   * of the photo); the whole query's otherwise.
   */
  score: number;
  /** RANSAC inliers (0 when not re-ranked). */
  inliers: number;
  /** Query → gallery inlier pairs, for the first `withPairs` results. */
  pairs?: PointPair[];
}

export interface SearchReport {
  hits: SearchHit[];
  query: { width: number; height: number };
  /** The global order before re-ranking (ids), for comparison. */
  globalOrder: string[];
  ms: { describe: number; global: number; rerank: number };
}

export interface ImageInput {
  pixels: ScaledPixels;
  width: number;
  height: number;
}

export interface IndexStats {
  images: number;
  whitenedFrom: number;
  /** Bytes of records as stored (global int8 + local features). */
  storedBytes: number;
  /** Bytes the search structures take in memory. */
  memoryBytes: number;
  /** Images whose local features are in memory (the others are read back when re-ranked). */
  localInMemory: number;
}

/** What the engine keeps of every image; local features live in the LocalFeatureCache. */
interface IndexEntry {
  width: number;
  height: number;
  storedBytes: number;
}

export class RetrievalEngine {
  private readonly entries = new Map<string, IndexEntry>();
  private readonly global: GlobalIndex;
  private readonly local: LocalFeatureCache;

  constructor(
    private readonly extractor: () => Promise<FeatureExtractor>,
    options: GlobalIndexOptions = DEFAULT_GLOBAL_INDEX,
    localMemory: LocalMemoryOptions = KEEP_ALL,
  ) {
    this.global = new GlobalIndex(options);
    this.local = new LocalFeatureCache(localMemory);
  }

  get size(): number {
    return this.entries.size;
  }

  ids(): string[] {
    return [...this.entries.keys()];
  }

  /**
   * Describes an image and indexes it under `id` (replacing an image of that id); returns the record to
   * store.
   */
  async addImage(id: string, image: ImageInput): Promise<IndexRecord> {
    const record = await this.describe(id, image);
    this.load([record]);
    return record;
  }

  /** An image's record, not yet in the index. */
  async describe(id: string, image: ImageInput): Promise<IndexRecord> {
    const features = await (await this.extractor()).extract(image.pixels, image.width, image.height);
    return {
      id,
      width: features.width,
      height: features.height,
      global: toInt8(features.global),
      local: features.local,
    };
  }

  /** Puts stored records back (after a reload or an import). */
  load(records: readonly IndexRecord[]): void {
    for (const record of records) {
      this.entries.set(record.id, {
        width: record.width,
        height: record.height,
        storedBytes: record.global.data.byteLength + 4 + localBytes(record.local),
      });
      this.global.set(record.id, fromInt8(record.global));
      this.local.put(record.id, record.local);
    }
  }

  remove(ids: readonly string[]): number {
    let removed = 0;
    for (const id of ids) {
      if (this.entries.delete(id)) removed++;
      this.global.remove(id);
      this.local.delete(id);
    }
    return removed;
  }

  clear(): void {
    this.entries.clear();
    this.global.clear();
    this.local.clear();
  }

  async search(image: ImageInput, options: SearchOptions = DEFAULT_SEARCH): Promise<SearchReport> {
    const t0 = performance.now();
    const query = await (
      await this.extractor()
    ).extract(image.pixels, image.width, image.height, { regions: options.rerank > 0 });
    const t1 = performance.now();
    const candidates = this.global.search(query.global, Math.max(options.k, options.rerank));
    const t2 = performance.now();
    const reranked = candidates.slice(0, options.rerank).map((c) => c.id);
    const locals = await this.local.get(reranked);
    const targets = reranked.map((id, i) => ({ ...this.entries.get(id)!, local: locals[i]! }));
    const checks = verifyCandidates(query.local, targets, options.verify);
    const regional = this.global.bestCosines(query.regions, reranked);
    const verified = candidates.map((c, i) => ({
      ...c,
      score: Math.max(c.score, regional[i] ?? -Infinity),
      inliers: checks[i]?.inliers ?? 0,
      pairs: checks[i]?.pairs ?? [],
    }));
    const ordered = [
      ...rerankOrder(verified.slice(0, reranked.length), options.verify.minInliers),
      ...verified.slice(reranked.length),
    ];
    const hits = ordered
      .slice(0, options.k)
      .map(({ pairs, ...hit }, i) => (i < options.withPairs ? { ...hit, pairs } : hit));
    return {
      hits,
      query: { width: query.width, height: query.height },
      globalOrder: candidates.map((c) => c.id),
      ms: { describe: t1 - t0, global: t2 - t1, rerank: performance.now() - t2 },
    };
  }

  stats(): IndexStats {
    let storedBytes = 0;
    for (const entry of this.entries.values()) storedBytes += entry.storedBytes;
    return {
      images: this.size,
      whitenedFrom: this.global.whitenedFrom,
      storedBytes,
      memoryBytes: this.global.matrixBytes() + this.local.bytes,
      localInMemory: this.local.size,
    };
  }

  dispose(): void {
    this.global.dispose();
  }
}
