/**
 * The row a camera reports to the fleet table (fleet/schema.sql), made from a
 * frame's compliance record and metrics: counts and percentages only, never a
 * pixel. Pure.
 */
import type { ComplianceMetrics, ComplianceRecord } from '../ppe/compliance-metrics.js';

export interface FleetRow {
  camera_id: string;
  /** Stable across retries: the table keeps one row per (camera_id, record_id). */
  record_id: string;
  /** Frame time, ms since the epoch. */
  ts_ms: number;
  result: ComplianceRecord['Result'];
  persons: number;
  compliant: number;
  non_compliant: number;
  unknown: number;
  face_cover_non_compliant: number;
  face_cover_non_compliant_pct: number;
  detected_face_rate: number;
}

export function fleetRow(record: ComplianceRecord, metrics: ComplianceMetrics, recordId: string): FleetRow {
  return {
    camera_id: record.CameraID,
    record_id: recordId,
    ts_ms: Date.parse(record.Timestamp),
    result: record.Result,
    persons: metrics.detectedPeople,
    compliant: metrics.compliant,
    non_compliant: metrics.nonCompliant,
    unknown: metrics.unknown,
    face_cover_non_compliant: record.FaceCoverNonCompliant,
    face_cover_non_compliant_pct: record.FaceCoverNonCompliantPercentage,
    detected_face_rate: record.detectedFaceRate,
  };
}

/** A record id no other camera or page makes: the camera, the time in base 36, 64 random bits. */
export function recordId(cameraId: string, timeMs: number, random: Uint32Array): string {
  const bits = [...random.slice(0, 2)].map((n) => n.toString(16).padStart(8, '0')).join('');
  return `${cameraId}/${timeMs.toString(36)}/${bits}`;
}

/** Table names are spliced into SQL: only `name` or `database.name` of plain identifiers. */
export function checkedTable(table: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/.test(table))
    throw new Error(`"${table}" is not a table name (letters, digits and _, optionally database.table)`);
  return table;
}

/** One POST body: the INSERT statement, then one JSON object per line (ClickHouse's JSONEachRow). */
export function insertBody(table: string, rows: readonly FleetRow[]): string {
  return `INSERT INTO ${checkedTable(table)} FORMAT JSONEachRow\n${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;
}

/**
 * How long to wait before the next try after `failures` failed ones in a row: doubling from 2 s up to
 * `capMs`, with up to a quarter more at random so many kiosks coming back online do not all send at once.
 */
export function retryDelay(failures: number, jitter: number, capMs = 30_000): number {
  const base = Math.min(capMs, 2000 * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (1 + 0.25 * Math.min(1, Math.max(0, jitter))));
}

/**
 * The URL a browser can post to: the configured one with `add_http_cors_header=1` added (ClickHouse then
 * answers other origins; it answers no CORS preflight, so requests stay simple: POST, text/plain).
 */
export function clickHouseUrl(endpoint: string, base?: string): string {
  const url = new URL(endpoint, base);
  if (!/^https?:$/.test(url.protocol)) throw new Error(`"${endpoint}" is not an http(s) URL`);
  url.searchParams.set('add_http_cors_header', '1');
  return url.href;
}
