/**
 * The image index kept across reloads in IndexedDB (through `idb`): one row
 * per image and index key (the worker's record: int8 global descriptor and
 * local features; plus a small JPEG thumbnail for the gallery and the match
 * view). The same rows export to and import from one JSON file.
 */
import type { IDBPDatabase } from 'idb';
import type { IndexRecord } from '../../contracts/retrieval.js';
import { fromBase64, toBase64 } from '../../shared/base64.js';
import { type ImageSchema, type StoredImage, openImageDb, rowKey } from '../../storage/image-db.js';

export type { StoredImage } from '../../storage/image-db.js';

export const INDEX_FILE_FORMAT = 'image-finder-index/1';

export class ImageStore {
  private db: Promise<IDBPDatabase<ImageSchema>> | null = null;

  private open(): Promise<IDBPDatabase<ImageSchema>> {
    this.db ??= openImageDb();
    return this.db;
  }

  async all(indexKey: string): Promise<StoredImage[]> {
    return (await (await this.open()).getAllFromIndex('images', 'by-index', indexKey)).sort(
      (a, b) => a.added - b.added,
    );
  }

  async put(image: StoredImage): Promise<void> {
    await (await this.open()).put('images', image);
  }

  async remove(indexKey: string, id: string): Promise<void> {
    await (await this.open()).delete('images', rowKey(indexKey, id));
  }

  async clear(indexKey: string): Promise<void> {
    const db = await this.open();
    const tx = db.transaction('images', 'readwrite');
    for (const key of await tx.store.index('by-index').getAllKeys(indexKey)) await tx.store.delete(key);
    await tx.done;
  }
}

export function storedImage(indexKey: string, record: IndexRecord, thumbnail: Blob): StoredImage {
  return { key: rowKey(indexKey, record.id), indexKey, id: record.id, record, thumbnail, added: Date.now() };
}

interface FileImage {
  id: string;
  width: number;
  height: number;
  scale: number;
  global: string;
  count: number;
  dims: number;
  keypoints: string;
  descriptors: string;
  thumbnail: string;
  thumbnailType: string;
}

/** Every image of an index as one JSON file (binary parts base64). */
export async function indexToFile(images: readonly StoredImage[]): Promise<Blob> {
  const rows: FileImage[] = [];
  for (const { record, thumbnail } of images) {
    rows.push({
      id: record.id,
      width: record.width,
      height: record.height,
      scale: record.global.scale,
      global: toBase64(record.global.data),
      count: record.local.count,
      dims: record.local.dims,
      keypoints: toBase64(record.local.keypoints),
      descriptors: toBase64(record.local.descriptors),
      thumbnail: toBase64(await thumbnail.arrayBuffer()),
      thumbnailType: thumbnail.type,
    });
  }
  return new Blob([JSON.stringify({ format: INDEX_FILE_FORMAT, images: rows })], {
    type: 'application/json',
  });
}

/** Reads a file written by indexToFile; throws a clear error for anything else (nothing is changed). */
export async function indexFromFile(file: Blob, indexKey: string): Promise<StoredImage[]> {
  const name = file instanceof File ? file.name : 'the file';
  let parsed: { format?: string; images?: FileImage[] };
  try {
    parsed = JSON.parse(await file.text()) as typeof parsed;
  } catch {
    throw new Error(`${name} is not an exported image index (not JSON)`);
  }
  if (parsed?.format !== INDEX_FILE_FORMAT || !Array.isArray(parsed.images))
    throw new Error(`${name} is not an exported image index`);
  return parsed.images.map((row) => {
    const keypoints = fromBase64(row.keypoints);
    const record: IndexRecord = {
      id: row.id,
      width: row.width,
      height: row.height,
      global: { scale: row.scale, data: new Int8Array(fromBase64(row.global).buffer) },
      local: {
        count: row.count,
        dims: row.dims,
        keypoints: new Float32Array(keypoints.buffer),
        descriptors: new Int8Array(fromBase64(row.descriptors).buffer),
      },
    };
    if (
      record.local.keypoints.length !== 2 * row.count ||
      record.local.descriptors.length !== row.count * row.dims
    )
      throw new Error(`${name}: image ${row.id} is damaged`);
    return storedImage(indexKey, record, new Blob([fromBase64(row.thumbnail)], { type: row.thumbnailType }));
  });
}
