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
  /** The last buckets made, until a record is added or the history reloads (a render asks twice). */
  private made: { unit: BucketUnit; buckets: HistoryBucket[] } | null = null;

  constructor(private readonly store: PpeStore) {}

  /** Frames recorded in the dashboard's window. */
  get frames(): number {
    return this.minutes.frames;
  }

  buckets(unit: BucketUnit): HistoryBucket[] {
    if (this.made?.unit !== unit) this.made = { unit, buckets: this.minutes.buckets(unit) };
    return this.made.buckets;
  }

  /** The window's minutes from IndexedDB, read record by record: the week is never all in memory. */
  async load(cameraId: string, retentionMs: number): Promise<void> {
    await this.prune(cameraId, retentionMs);
    this.minutes.clear();
    this.made = null;
    const since = new Date(Date.now() - Math.min(WEEK_MS, retentionMs)).toISOString();
    await this.store.forEachRecord(cameraId, since, (r) => this.minutes.add(r)).catch(() => undefined);
    this.made = null;
  }

  /** One frame's record, into the dashboard and IndexedDB (best effort: private mode, a full quota). */
  add(record: ComplianceRecord, retentionMs: number): void {
    this.minutes.add(record);
    this.made = null;
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
