/**
 * The IndexedDB cache of synthesised gaze frames (through `idb`), so a kiosk
 * that restarts shows the effect at once: one row per portrait and settings,
 * keyed by a SHA-256 of the portrait's pixels, the grid, the settings and the
 * renderer's version. Frames are kept as PNG. Only the newest few sets are
 * kept. The cache is a convenience: a browser without IndexedDB, or one out
 * of room, just renders again.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { GazeFrameSet, GazeGrid, SynthesisSettings } from '../contracts/gaze.js';

/** What a cached set keeps besides its frames (the base is the portrait itself). */
export type StoredFrameMeta = Omit<GazeFrameSet, 'base' | 'frames' | 'cached'>;

export interface StoredFrameSet {
  key: string;
  stored: number;
  meta: StoredFrameMeta;
  /** PNG of each frame, row-major over the grid. */
  frames: Blob[];
}

interface FrameSchema extends DBSchema {
  sets: { key: string; value: StoredFrameSet; indexes: { 'by-stored': number } };
}

/** How many portraits' frames are kept. */
export const KEPT_FRAME_SETS = 6;

function hex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The cache key: the pixels as rendered from, and everything that changes what is rendered. */
export async function frameSetKey(
  pixels: ImageData,
  grid: GazeGrid,
  settings: SynthesisSettings,
  version: number,
): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', pixels.data);
  const { range = 'default', headTurn = 'default' } = settings;
  return `v${version}/${hex(digest)}/${pixels.width}x${pixels.height}/${grid.columns}x${grid.rows}/${range}/${headTurn}`;
}

export class GazeFrameCache {
  private db: Promise<IDBPDatabase<FrameSchema>> | null = null;
  /** Writes under way, by key: a read of the same key waits for its write instead of missing it. */
  private readonly writing = new Map<string, Promise<boolean>>();

  constructor(private readonly name = 'ml-elements-gaze-frames') {}

  private open(): Promise<IDBPDatabase<FrameSchema>> {
    this.db ??= openDB<FrameSchema>(this.name, 1, {
      upgrade: (db) => db.createObjectStore('sets', { keyPath: 'key' }).createIndex('by-stored', 'stored'),
    });
    return this.db;
  }

  /** The stored set, or null when there is none (or no usable IndexedDB). */
  async read(key: string): Promise<StoredFrameSet | null> {
    await this.writing.get(key);
    try {
      return (await (await this.open()).get('sets', key)) ?? null;
    } catch {
      return null;
    }
  }

  /**
   * Stores a set whose frames may still be being encoded, and forgets the oldest beyond KEPT_FRAME_SETS;
   * resolves false when it could not be stored.
   */
  write(key: string, row: Promise<Omit<StoredFrameSet, 'stored' | 'key'>>): Promise<boolean> {
    const written = this.store(key, row).finally(() => this.writing.delete(key));
    this.writing.set(key, written);
    return written;
  }

  private async store(
    key: string,
    pending: Promise<Omit<StoredFrameSet, 'stored' | 'key'>>,
  ): Promise<boolean> {
    try {
      const row = await pending;
      const db = await this.open();
      await db.put('sets', { ...row, key, stored: Date.now() });
      const keys = await db.getAllKeysFromIndex('sets', 'by-stored');
      for (const old of keys.slice(0, Math.max(0, keys.length - KEPT_FRAME_SETS)))
        await db.delete('sets', old);
      return true;
    } catch {
      return false;
    }
  }

  async clear(): Promise<void> {
    await (await this.open()).clear('sets');
  }
}
