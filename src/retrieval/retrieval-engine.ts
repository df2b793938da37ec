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
  /** Global cosine. */
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
}

export class RetrievalEngine {
  private readonly records = new Map<string, IndexRecord>();
  private readonly global: GlobalIndex;

  constructor(
    private readonly extractor: () => Promise<FeatureExtractor>,
    options: GlobalIndexOptions = DEFAULT_GLOBAL_INDEX,
  ) {
    this.global = new GlobalIndex(options);
  }

  get size(): number {
    return this.records.size;
  }

  ids(): string[] {
    return [...this.records.keys()];
  }

  /** Describes an image and indexes it under `id` (replacing an image of that id); returns the record to store. */
  async addImage(id: string, image: ImageInput): Promise<IndexRecord> {
    const features = await (await this.extractor()).extract(image.pixels, image.width, image.height);
    const record: IndexRecord = { id, width: features.width, height: features.height, global: toInt8(features.global), local: features.local };
    this.load([record]);
    return record;
  }

  /** Puts stored records back (after a reload or an import). */
  load(records: readonly IndexRecord[]): void {
    for (const record of records) {
      this.records.set(record.id, record);
      this.global.set(record.id, fromInt8(record.global));
    }
  }

  remove(ids: readonly string[]): number {
    let removed = 0;
    for (const id of ids) {
      if (this.records.delete(id)) removed++;
      this.global.remove(id);
    }
    return removed;
  }

  clear(): void {
    this.records.clear();
    this.global.clear();
  }

  async search(image: ImageInput, options: SearchOptions = DEFAULT_SEARCH): Promise<SearchReport> {
    const t0 = performance.now();
    const query = await (await this.extractor()).extract(image.pixels, image.width, image.height);
    const t1 = performance.now();
    const candidates = this.global.search(query.global, Math.max(options.k, options.rerank));
    const t2 = performance.now();
    const reranked = candidates.slice(0, options.rerank).map((c) => c.id);
    const checks = verifyCandidates(query.local, reranked.map((id) => this.records.get(id)!), options.verify);
    const verified = candidates.map((c, i) => ({ ...c, inliers: checks[i]?.inliers ?? 0, pairs: checks[i]?.pairs ?? [] }));
    const ordered = [...rerankOrder(verified.slice(0, reranked.length), options.verify.minInliers), ...verified.slice(reranked.length)];
    const hits = ordered.slice(0, options.k).map(({ pairs, ...hit }, i) => (i < options.withPairs ? { ...hit, pairs } : hit));
    return { hits, query: { width: query.width, height: query.height }, globalOrder: candidates.map((c) => c.id), ms: { describe: t1 - t0, global: t2 - t1, rerank: performance.now() - t2 } };
  }

  stats(): IndexStats {
    let storedBytes = 0;
    let localBytes = 0;
    for (const r of this.records.values()) {
      const local = r.local.descriptors.byteLength + r.local.keypoints.byteLength;
      storedBytes += r.global.data.byteLength + 4 + local;
      localBytes += local;
    }
    return { images: this.size, whitenedFrom: this.global.whitenedFrom, storedBytes, memoryBytes: this.global.matrixBytes() + localBytes };
  }

  dispose(): void {
    this.global.dispose();
  }
}
