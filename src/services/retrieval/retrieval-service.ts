/**
 * The retrieval capability in its worker (contracts/retrieval.ts): one image
 * index per key, each described by the CenterNet backbone and searched here.
 * Pictures that arrive are closed here.
 */
import {
  DEFAULT_SEARCH,
  type IndexRecord,
  type IndexStats,
  type RetrievalApi,
  type SearchOptions,
  type SearchReport,
} from '../../contracts/retrieval.js';
import { DEFAULT_GLOBAL_INDEX } from '../../core/retrieval/global-index.js';
import { FeatureExtractor } from '../../core/retrieval/image-features.js';
import { LOCAL_FEATURES_IN_MEMORY } from '../../core/retrieval/local-feature-cache.js';
import { RetrievalEngine } from '../../core/retrieval/retrieval-engine.js';
import { nonFiniteEntry } from '../../core/learning/finite.js';
import { RuntimeService, loadOnce } from '../../runtime/runtime-service.js';
import { StoredLocalFeatures } from '../../storage/image-db.js';
import { bitmapInput } from './bitmap-pixels.js';

/** A record whose descriptor scale or keypoints are not all numbers would poison every search. */
function refuseNonFinite(record: IndexRecord): void {
  const bad = nonFiniteEntry({ scale: record.global.scale, keypoints: record.local.keypoints });
  if (bad) throw new Error(`${record.id}: its description is not usable (the ${bad} is not a number)`);
}

export class RetrievalService extends RuntimeService implements RetrievalApi {
  private readonly indexes = new Map<string, RetrievalEngine>();
  private readonly extractor = loadOnce(
    async () => new FeatureExtractor((await this.models().load('centernet')).model),
  );

  async addImage(key: string, id: string, image: ImageBitmap): Promise<IndexRecord> {
    try {
      const engine = this.index(key);
      // Described before it joins the index: a description that is not all numbers never does.
      const record = await engine.describe(id, bitmapInput(image));
      refuseNonFinite(record);
      engine.load([record]);
      return record;
    } finally {
      image.close();
    }
  }

  async loadRecords(key: string, records: IndexRecord[]): Promise<IndexStats> {
    records.forEach(refuseNonFinite);
    this.index(key).load(records);
    return this.index(key).stats();
  }

  async removeImages(key: string, ids: string[]): Promise<number> {
    return this.index(key).remove(ids);
  }

  async clearIndex(key: string): Promise<void> {
    this.index(key).clear();
  }

  async stats(key: string): Promise<IndexStats> {
    return this.index(key).stats();
  }

  async search(key: string, query: ImageBitmap, options: Partial<SearchOptions> = {}): Promise<SearchReport> {
    try {
      return await this.index(key).search(bitmapInput(query), { ...DEFAULT_SEARCH, ...options });
    } finally {
      query.close();
    }
  }

  async configureIndex(key: string, keepLocalInMemory: number): Promise<void> {
    this.indexes.get(key)?.dispose();
    this.indexes.set(key, this.newIndex(key, keepLocalInMemory));
  }

  private index(key: string): RetrievalEngine {
    let engine = this.indexes.get(key);
    if (!engine) this.indexes.set(key, (engine = this.newIndex(key, LOCAL_FEATURES_IN_MEMORY)));
    return engine;
  }

  /**
   * Local features beyond `keep` are read back from the element's IndexedDB rows (none behind an unbounded
   * index).
   */
  private newIndex(key: string, keep: number): RetrievalEngine {
    const store = Number.isFinite(keep) ? new StoredLocalFeatures(key) : null;
    return new RetrievalEngine(this.extractor, DEFAULT_GLOBAL_INDEX, { keep, store });
  }
}
