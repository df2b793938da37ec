/**
 * What a monitor keeps across reloads, in IndexedDB (through `idb`): every
 * camera's compliance records, and the examples and heads an operator taught
 * for head and hand covers (shared by all monitors on the origin).
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { ComplianceRecord } from '../../core/ppe/compliance-metrics.js';
import type { EncodedHead, EquipmentType } from '../../contracts/ppe.js';

export interface TaughtEquipment {
  type: EquipmentType;
  /** Per taught part, the embeddings of its views (plain crop first). */
  examples: Float32Array[][];
  /** Per taught part: 1 covered, 0 not. */
  labels: number[];
  head: EncodedHead | null;
}

interface PpeSchema extends DBSchema {
  records: { key: number; value: ComplianceRecord; indexes: { camera: [string, string] } };
  taught: { key: string; value: TaughtEquipment };
}

const DB_NAME = 'ml-elements-ppe';
/** 2: taught examples hold every view of a part. */
const DB_VERSION = 2;

export class PpeStore {
  private db: Promise<IDBPDatabase<PpeSchema>> | null = null;

  private open(): Promise<IDBPDatabase<PpeSchema>> {
    this.db ??= openDB<PpeSchema>(DB_NAME, DB_VERSION, {
      upgrade(db, oldVersion) {
        if (oldVersion < 1)
          db.createObjectStore('records', { autoIncrement: true }).createIndex('camera', [
            'CameraID',
            'Timestamp',
          ]);
        // Version 1's taught examples were single embeddings: they are dropped, records kept.
        if (oldVersion >= 1) db.deleteObjectStore('taught');
        db.createObjectStore('taught', { keyPath: 'type' });
      },
    });
    return this.db;
  }

  async addRecord(record: ComplianceRecord): Promise<void> {
    await (await this.open()).add('records', record);
  }

  /** A camera's records since a time (ISO), oldest first. */
  async records(cameraId: string, since = ''): Promise<ComplianceRecord[]> {
    return (await this.open()).getAllFromIndex(
      'records',
      'camera',
      IDBKeyRange.bound([cameraId, since], [cameraId, '\uffff']),
    );
  }

  /** Hands a camera's records since a time (ISO) to `visit`, oldest first, without holding them all. */
  async forEachRecord(
    cameraId: string,
    since: string,
    visit: (record: ComplianceRecord) => void,
  ): Promise<void> {
    const tx = (await this.open()).transaction('records', 'readonly');
    const range = IDBKeyRange.bound([cameraId, since], [cameraId, '\uffff']);
    for await (const cursor of tx.store.index('camera').iterate(range)) visit(cursor.value);
    await tx.done;
  }

  /** Deletes a camera's records older than a time (ISO): the retention rule. */
  async deleteBefore(cameraId: string, before: string): Promise<void> {
    const db = await this.open();
    const tx = db.transaction('records', 'readwrite');
    const range = IDBKeyRange.bound([cameraId, ''], [cameraId, before], false, true);
    for await (const cursor of tx.store.index('camera').iterate(range)) await cursor.delete();
    await tx.done;
  }

  async clearRecords(cameraId: string): Promise<void> {
    const db = await this.open();
    const tx = db.transaction('records', 'readwrite');
    for await (const cursor of tx.store
      .index('camera')
      .iterate(IDBKeyRange.bound([cameraId, ''], [cameraId, '\uffff'])))
      await cursor.delete();
    await tx.done;
  }

  async taught(type: EquipmentType): Promise<TaughtEquipment> {
    return (await (await this.open()).get('taught', type)) ?? { type, examples: [], labels: [], head: null };
  }

  async saveTaught(value: TaughtEquipment): Promise<void> {
    await (await this.open()).put('taught', value);
  }
}
