/**
 * A camera's compliance history, bounded by design: in memory only per-minute
 * sums of the dashboard's window (core/ppe/minute-history.ts, at most 10,080
 * entries for a week); every record in IndexedDB, pruned to the retention
 * window on start and every hour after.
 */
import type { ComplianceRecord } from '../../core/ppe/compliance-metrics.js';
import type { BucketUnit, HistoryBucket } from '../../core/ppe/history-buckets.js';
import { MinuteHistory, WEEK_MS } from '../../core/ppe/minute-history.js';
import type { PpeStore } from './ppe-store.js';

const PRUNE_EVERY_MS = 3_600_000;

export class CameraHistory {
  private readonly minutes = new MinuteHistory();
  private prunedAt = 0;

  constructor(private readonly store: PpeStore) {}

  /** Frames recorded in the dashboard's window. */
  get frames(): number {
    return this.minutes.frames;
  }

  buckets(unit: BucketUnit): HistoryBucket[] {
    return this.minutes.buckets(unit);
  }

  /** The window's minutes from IndexedDB, read record by record: the week is never all in memory. */
  async load(cameraId: string, retentionMs: number): Promise<void> {
    await this.prune(cameraId, retentionMs);
    this.minutes.clear();
    const since = new Date(Date.now() - Math.min(WEEK_MS, retentionMs)).toISOString();
    await this.store.forEachRecord(cameraId, since, (r) => this.minutes.add(r)).catch(() => undefined);
  }

  /** One frame's record, into the dashboard and IndexedDB (best effort: private mode, a full quota). */
  add(record: ComplianceRecord, retentionMs: number): void {
    this.minutes.add(record);
    void this.store.addRecord(record).catch(() => undefined);
    if (Date.now() - this.prunedAt > PRUNE_EVERY_MS) void this.prune(record.CameraID, retentionMs);
  }

  /** Every record IndexedDB keeps for the camera, read when an export asks for it. */
  records(cameraId: string): Promise<ComplianceRecord[]> {
    return this.store.records(cameraId);
  }

  private async prune(cameraId: string, retentionMs: number): Promise<void> {
    this.prunedAt = Date.now();
    const before = new Date(Date.now() - retentionMs).toISOString();
    await this.store.deleteBefore(cameraId, before).catch(() => undefined);
  }
}
