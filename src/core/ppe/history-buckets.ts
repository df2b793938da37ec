/**
 * A camera's records grouped into minutes, hours or days for the dashboard's
 * time chart: per bucket the mean non-compliant count per analysed frame and
 * the mean non-compliant percentage. Pure.
 */
import type { ComplianceRecord } from './compliance-metrics.js';

export type BucketUnit = 'minute' | 'hour' | 'day';

export const BUCKET_MS: Record<BucketUnit, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

export interface HistoryBucket {
  /** Bucket start, ms since the epoch (UTC-aligned). */
  start: number;
  frames: number;
  nonCompliant: number;
  percentage: number;
}

export function bucketRecords(records: readonly ComplianceRecord[], unit: BucketUnit): HistoryBucket[] {
  const size = BUCKET_MS[unit];
  const sums = new Map<number, { frames: number; count: number; pct: number }>();
  for (const r of records) {
    const start = Math.floor(Date.parse(r.Timestamp) / size) * size;
    if (!Number.isFinite(start)) continue;
    const s = sums.get(start) ?? { frames: 0, count: 0, pct: 0 };
    s.frames++;
    s.count += r.FaceCoverNonCompliant;
    s.pct += r.FaceCoverNonCompliantPercentage;
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

const round = (v: number) => Math.round(v * 100) / 100;
