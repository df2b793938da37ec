/**
 * A camera's records grouped into minutes, hours or days for the dashboard's
 * time chart: per bucket the mean count of people without the required
 * equipment per analysed frame and the mean percentage without a face cover. Pure.
 */
import { type ComplianceRecord, nonCompliantOf } from './compliance-metrics.js';

export type BucketUnit = 'minute' | 'hour' | 'day';

export const BUCKET_MS: Record<BucketUnit, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

export interface HistoryBucket {
  /** Bucket start, ms since the epoch (UTC-aligned). */
  start: number;
  frames: number;
  nonCompliant: number;
  percentage: number;
}

/** Frames, non-compliant count and percentage summed over one bucket. */
export interface BucketSums {
  frames: number;
  count: number;
  pct: number;
}

/** Adds sums into the bucket starting at `start`. */
export function addToBucket(buckets: Map<number, BucketSums>, start: number, sums: BucketSums): void {
  const s = buckets.get(start) ?? { frames: 0, count: 0, pct: 0 };
  s.frames += sums.frames;
  s.count += sums.count;
  s.pct += sums.pct;
  buckets.set(start, s);
}

/** The chart's buckets from their sums: means per analysed frame, oldest first. */
export function bucketMeans(buckets: Map<number, BucketSums>): HistoryBucket[] {
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([start, s]) => ({
      start,
      frames: s.frames,
      nonCompliant: round(s.count / s.frames),
      percentage: round(s.pct / s.frames),
    }));
}

export function bucketRecords(records: readonly ComplianceRecord[], unit: BucketUnit): HistoryBucket[] {
  const size = BUCKET_MS[unit];
  const buckets = new Map<number, BucketSums>();
  for (const r of records) {
    const start = Math.floor(Date.parse(r.Timestamp) / size) * size;
    if (Number.isFinite(start))
      addToBucket(buckets, start, {
        frames: 1,
        count: nonCompliantOf(r),
        pct: r.FaceCoverNonCompliantPercentage,
      });
  }
  return bucketMeans(buckets);
}

/** A chart point: a bucket, or a break (nulls) where buckets are missing. */
export interface ChartPoint {
  start: number;
  nonCompliant: number | null;
  percentage: number | null;
}

/**
 * The buckets as chart points, with a break one bucket after each one that is followed by missing buckets
 * (nobody recorded), so a chart's line stops there instead of sloping across time nobody measured.
 */
export function breakAtGaps(buckets: readonly HistoryBucket[], unit: BucketUnit): ChartPoint[] {
  const step = BUCKET_MS[unit];
  return buckets.flatMap((b, i) => {
    const previous = buckets[i - 1];
    const gap = previous && b.start - previous.start > step;
    const point = { start: b.start, nonCompliant: b.nonCompliant, percentage: b.percentage };
    return gap ? [{ start: previous.start + step, nonCompliant: null, percentage: null }, point] : [point];
  });
}

const round = (v: number) => Math.round(v * 100) / 100;
