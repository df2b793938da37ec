/**
 * The IndexedDB database of image indexes (through `idb`): one row per image
 * and index key. The element writes the rows; the worker reads local
 * features back from them when a search re-ranks an image whose features it
 * no longer holds in memory. Both open the database here, so they agree on
 * its layout.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { LocalFeatures } from '../core/retrieval/image-features.js';
import type { LocalFeatureStore } from '../core/retrieval/local-feature-cache.js';
import type { IndexRecord } from '../core/retrieval/retrieval-engine.js';

export interface StoredImage {
  /** `${indexKey}/${id}`. */
  key: string;
  indexKey: string;
  id: string;
  record: IndexRecord;
  thumbnail: Blob;
  added: number;
}

export interface ImageSchema extends DBSchema {
  images: { key: string; value: StoredImage; indexes: { 'by-index': string } };
}

export const rowKey = (indexKey: string, id: string) => `${indexKey}/${id}`;

export function openImageDb(): Promise<IDBPDatabase<ImageSchema>> {
  return openDB<ImageSchema>('ml-elements-images', 1, {
    upgrade: (db) => db.createObjectStore('images', { keyPath: 'key' }).createIndex('by-index', 'indexKey'),
  });
}

/**
 * The worker's reader: the local features of an index's images, from their rows, in one read-only
 * transaction.
 */
export class StoredLocalFeatures implements LocalFeatureStore {
  private db: Promise<IDBPDatabase<ImageSchema>> | null = null;

  constructor(private readonly indexKey: string) {}

  async read(ids: readonly string[]): Promise<Map<string, LocalFeatures>> {
    this.db ??= openImageDb();
    const tx = (await this.db).transaction('images', 'readonly');
    const rows = await Promise.all(ids.map((id) => tx.store.get(rowKey(this.indexKey, id))));
    await tx.done;
    return new Map(rows.flatMap((row) => (row ? [[row.id, row.record.local] as const] : [])));
  }
}
