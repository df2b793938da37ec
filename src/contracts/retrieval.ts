/**
 * The retrieval capability's worker: image indexes by key (two finders on a
 * page keep separate galleries), described and searched in the worker; the
 * page stores the records it gets back.
 */
import type {
  IndexRecord,
  IndexStats,
  SearchOptions,
  SearchReport,
} from '../core/retrieval/retrieval-engine.js';
import type { RuntimeApi } from './runtime.js';

export type {
  IndexRecord,
  IndexStats,
  SearchHit,
  SearchOptions,
  SearchReport,
} from '../core/retrieval/retrieval-engine.js';
export type { PointPair } from '../core/retrieval/affine-ransac.js';
export { DEFAULT_SEARCH } from '../core/retrieval/retrieval-engine.js';

export interface RetrievalApi extends RuntimeApi {
  /** Describes an image and indexes it under `id`; returns the record to store. */
  addImage(key: string, id: string, image: ImageBitmap): Promise<IndexRecord>;
  /** Stored records back into the index (after a reload or an import). */
  loadRecords(key: string, records: IndexRecord[]): Promise<IndexStats>;
  removeImages(key: string, ids: string[]): Promise<number>;
  clearIndex(key: string): Promise<void>;
  stats(key: string): Promise<IndexStats>;
  /** Global top-k, then local re-ranking. */
  search(key: string, query: ImageBitmap, options?: Partial<SearchOptions>): Promise<SearchReport>;
  /**
   * How many images of the index `key` keep their local features in memory
   * (the rest are read back from IndexedDB when re-ranked); Infinity keeps all,
   * for indexes with no rows behind them (eval, bench). Starts the index afresh.
   */
  configureIndex(key: string, keepLocalInMemory: number): Promise<void>;
}
