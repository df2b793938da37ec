/**
 * What the dashboard keeps of a camera's history in memory: per-minute sums,
 * never per-frame records, so a kiosk analysing frames all week holds at most
 * one entry per minute of the kept window (7 days: 10,080 entries, under a
 * megabyte), whatever its frame rate. Hour and day buckets are sums of
 * minutes, so the chart reads exactly as bucketing every record would. Pure.
 */
import { type ComplianceRecord, nonCompliantOf } from './compliance-metrics.js';
import {
  BUCKET_MS,
  type BucketSums,
  type BucketUnit,
  type HistoryBucket,
  addToBucket,
  bucketMeans,
} from './history-buckets.js';

export const WEEK_MS = 7 * 86_400_000;

type Sums = BucketSums;

export class MinuteHistory {
  private readonly minutes = new Map<number, Sums>();
  private total = 0;

  /** `keepMs`: minutes older than this before the newest record are dropped. */
  constructor(readonly keepMs = WEEK_MS) {}

  /** Frames recorded in the kept window. */
  get frames(): number {
    return this.total;
  }

  /** Minutes held: at most keepMs / 60 s. */
  get size(): number {
    return this.minutes.size;
  }

  add(record: ComplianceRecord): void {
    const at = Date.parse(record.Timestamp);
    if (!Number.isFinite(at)) return;
    const start = Math.floor(at / BUCKET_MS.minute) * BUCKET_MS.minute;
    addToBucket(this.minutes, start, {
      frames: 1,
      count: nonCompliantOf(record),
      pct: record.FaceCoverNonCompliantPercentage,
    });
    this.total++;
    this.forgetBefore(start - this.keepMs);
  }

  clear(): void {
    this.minutes.clear();
    this.total = 0;
  }

  /** The chart's buckets: mean non-compliant count and percentage per analysed frame, oldest first. */
  buckets(unit: BucketUnit): HistoryBucket[] {
    const size = BUCKET_MS[unit];
    const buckets = new Map<number, Sums>();
    for (const [minute, sums] of this.minutes) addToBucket(buckets, Math.floor(minute / size) * size, sums);
    return bucketMeans(buckets);
  }

  private forgetBefore(cutoff: number): void {
    // Map keys keep insertion order, and minutes arrive in time order: the oldest come first.
    for (const [minute, m] of this.minutes) {
      if (minute >= cutoff) break;
      this.forget(minute, m);
    }
    // A record out of order (a clock set back) must not let the map outgrow its bound either.
    while (this.minutes.size > this.keepMs / BUCKET_MS.minute + 1) {
      const oldest = Math.min(...this.minutes.keys());
      this.forget(oldest, this.minutes.get(oldest)!);
    }
  }

  private forget(minute: number, sums: Sums): void {
    this.minutes.delete(minute);
    this.total -= sums.frames;
  }
}
