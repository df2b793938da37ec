/**
 * The fleet reporter's queue, in IndexedDB (through `idb`): rows wait here
 * until ClickHouse has taken them, so an engine restart, a kiosk offline or a
 * page reload loses none. Oldest first, per camera.
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { FleetRow } from '../../core/fleet/fleet-row.js';

interface OutboxSchema extends DBSchema {
  rows: { key: number; value: FleetRow; indexes: { camera: string } };
}

export interface QueuedRow {
  key: number;
  row: FleetRow;
}

export class FleetOutbox {
  private db: Promise<IDBPDatabase<OutboxSchema>> | null = null;

  constructor(private readonly name = 'ml-elements-fleet-outbox') {}

  private open(): Promise<IDBPDatabase<OutboxSchema>> {
    this.db ??= openDB<OutboxSchema>(this.name, 1, {
      upgrade(db) {
        db.createObjectStore('rows', { autoIncrement: true }).createIndex('camera', 'camera_id');
      },
    });
    return this.db;
  }

  async add(row: FleetRow): Promise<void> {
    await (await this.open()).add('rows', row);
  }

  async count(camera: string): Promise<number> {
    return (await this.open()).countFromIndex('rows', 'camera', camera);
  }

  /** The camera's `limit` oldest rows with their keys (keys grow with insertion). */
  async oldest(camera: string, limit: number): Promise<QueuedRow[]> {
    const tx = (await this.open()).transaction('rows', 'readonly');
    const out: QueuedRow[] = [];
    for await (const cursor of tx.store.index('camera').iterate(camera)) {
      out.push({ key: cursor.primaryKey, row: cursor.value });
      if (out.length >= limit) break;
    }
    await tx.done;
    return out;
  }

  async remove(keys: readonly number[]): Promise<void> {
    const tx = (await this.open()).transaction('rows', 'readwrite');
    await Promise.all([...keys.map((key) => tx.store.delete(key)), tx.done]);
  }

  /** Drops the camera's rows made before `ms` (the retention rule: a kiosk offline for weeks stays bounded). */
  async dropBefore(camera: string, ms: number): Promise<number> {
    const tx = (await this.open()).transaction('rows', 'readwrite');
    let dropped = 0;
    for await (const cursor of tx.store.index('camera').iterate(camera)) {
      if (cursor.value.ts_ms >= ms) continue;
      await cursor.delete();
      dropped++;
    }
    await tx.done;
    return dropped;
  }
}
