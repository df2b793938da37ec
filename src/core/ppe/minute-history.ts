/**
 * What the dashboard keeps of a camera's history in memory: per-minute sums,
 * never per-frame records, so a kiosk analysing frames all week holds at most
 * one entry per minute of the kept window (7 days: 10,080 entries, under a
 * megabyte), whatever its frame rate. Hour and day buckets are sums of
 * minutes, so the chart reads exactly as bucketing every record would. Pure.
 */
import type { ComplianceRecord } from './compliance-metrics.js';
import { BUCKET_MS, type BucketUnit, type HistoryBucket } from './history-buckets.js';

export const WEEK_MS = 7 * 86_400_000;

interface Sums {
  frames: number;
  count: number;
  pct: number;
}

const round = (v: number) => Math.round(v * 100) / 100;

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
    const sums = this.minutes.get(start) ?? { frames: 0, count: 0, pct: 0 };
    sums.frames++;
    sums.count += record.FaceCoverNonCompliant;
    sums.pct += record.FaceCoverNonCompliantPercentage;
    this.minutes.set(start, sums);
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
    const sums = new Map<number, Sums>();
    for (const [minute, m] of this.minutes) {
      const start = Math.floor(minute / size) * size;
      const s = sums.get(start) ?? { frames: 0, count: 0, pct: 0 };
      s.frames += m.frames;
      s.count += m.count;
      s.pct += m.pct;
      sums.set(start, s);
    }
    return [...sums.entries()]
      .sort(([a], [b]) => a - b)
      .map(([start, s]) => ({
        start,
        frames: s.frames,
        nonCompliant: round(s.count / s.frames),
        percentage: round(s.pct / s.frames),
      }));
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
