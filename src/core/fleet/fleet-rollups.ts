/**
 * The fleet dashboard's roll-ups (the same as fleet/queries.sql): per camera
 * and for the whole site, per minute, hour or day, the frames analysed, the
 * mean number of people without a face cover per frame and the mean share of
 * them, as the monitor's own history defines them (core/ppe/history-buckets).
 * Every query reads `FINAL`, so a row a retry sent twice counts once. Pure.
 */
import { BUCKET_MS, type BucketUnit, type HistoryBucket, bucketMeans } from '../ppe/history-buckets.js';
import { checkedTable } from './fleet-row.js';

const BUCKET_FUNCTION: Record<BucketUnit, string> = {
  minute: 'toStartOfMinute',
  hour: 'toStartOfHour',
  day: 'toStartOfDay',
};

/** How far back each unit looks: a day of minutes, a week of hours, a month of days. */
export const WINDOW_MS: Record<BucketUnit, number> = {
  minute: 86_400_000,
  hour: 7 * 86_400_000,
  day: 31 * 86_400_000,
};

/** A camera id as a ClickHouse string literal. */
export function sqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export interface RollupQuery {
  table: string;
  unit: BucketUnit;
  /** Only these cameras (all when empty). */
  cameras: readonly string[];
  /** ms since the epoch: the window ends here. */
  now: number;
}

/** Per camera and bucket; the site-wide series is summed from these rows (sumRows), not asked again. */
export function rollupSql({ table, unit, cameras, now }: RollupQuery): string {
  const since = Math.floor((now - WINDOW_MS[unit]) / BUCKET_MS[unit]) * BUCKET_MS[unit];
  const only = cameras.length ? ` AND camera_id IN (${cameras.map(sqlString).join(', ')})` : '';
  return [
    `SELECT camera_id, toUInt64(${BUCKET_FUNCTION[unit]}(ts)) * 1000 AS start,`,
    '  count() AS frames, sum(face_cover_non_compliant) AS non_compliant,',
    '  sum(face_cover_non_compliant_pct) AS pct_sum, max(ts_ms) AS last_ms',
    `FROM ${checkedTable(table)} FINAL`,
    `WHERE ts_ms >= ${since}${only}`,
    'GROUP BY camera_id, start ORDER BY camera_id, start',
    'FORMAT JSON',
  ].join('\n');
}

/** One row of rollupSql's answer (ClickHouse quotes 64-bit integers in JSON: numbers or strings). */
export interface RollupRow {
  camera_id: string;
  start: number | string;
  frames: number | string;
  non_compliant: number | string;
  pct_sum: number | string;
  last_ms: number | string;
}

export interface CameraSeries {
  camera: string;
  buckets: HistoryBucket[];
  frames: number;
  /** People-frames without a face cover in the window. */
  nonCompliant: number;
  /** Mean share without a face cover over the window's frames, percent. */
  percentage: number;
  /** ms since the epoch of the newest record, 0 when none. */
  lastSeen: number;
}

interface Sums {
  frames: number;
  count: number;
  pct: number;
  last: number;
}

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

function series(camera: string, sums: Map<number, Sums>): CameraSeries {
  const buckets = bucketMeans(sums);
  const total = [...sums.values()].reduce(
    (t, s) => ({
      frames: t.frames + s.frames,
      count: t.count + s.count,
      pct: t.pct + s.pct,
      last: Math.max(t.last, s.last),
    }),
    { frames: 0, count: 0, pct: 0, last: 0 },
  );
  return {
    camera,
    buckets,
    frames: total.frames,
    nonCompliant: total.count,
    percentage: total.frames ? round(total.pct / total.frames, 1) : 0,
    lastSeen: total.last,
  };
}

function add(map: Map<number, Sums>, start: number, s: Sums): void {
  const into = map.get(start) ?? { frames: 0, count: 0, pct: 0, last: 0 };
  map.set(start, {
    frames: into.frames + s.frames,
    count: into.count + s.count,
    pct: into.pct + s.pct,
    last: Math.max(into.last, s.last),
  });
}

/**
 * The rows as one series per camera (in `cameras` order, then any others by name; a named camera with no
 * rows gets an empty series) and the site's series over all of them.
 */
export function rollupSeries(
  rows: readonly RollupRow[],
  cameras: readonly string[],
): { site: CameraSeries; cameras: CameraSeries[] } {
  const perCamera = new Map<string, Map<number, Sums>>(cameras.map((c) => [c, new Map()]));
  const site = new Map<number, Sums>();
  for (const row of rows) {
    const s = {
      frames: Number(row.frames),
      count: Number(row.non_compliant),
      pct: Number(row.pct_sum),
      last: Number(row.last_ms),
    };
    const start = Number(row.start);
    if (!perCamera.has(row.camera_id)) perCamera.set(row.camera_id, new Map());
    add(perCamera.get(row.camera_id)!, start, s);
    add(site, start, s);
  }
  const named = new Set(cameras);
  const others = [...perCamera.keys()].filter((c) => !named.has(c)).sort();
  return {
    site: series('site', site),
    cameras: [...cameras, ...others].map((c) => series(c, perCamera.get(c)!)),
  };
}
