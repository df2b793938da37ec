/** Compliance records as CSV (RFC 4180 quoting) and JSON Lines, for download. Pure. */
import type { ComplianceRecord } from './compliance-metrics.js';

export const RECORD_COLUMNS = [
  'CameraID',
  'Timestamp',
  'Result',
  'FaceCoverNonCompliant',
  'FaceCoverNonCompliantPercentage',
  'detectedFaceRate',
  'NonCompliant',
] as const;

function csvCell(value: unknown): string {
  const text = String(value ?? '');
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function recordsToCsv(records: readonly ComplianceRecord[]): string {
  const rows = records.map((r) => RECORD_COLUMNS.map((c) => csvCell(r[c])).join(','));
  return `${[RECORD_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}

export function recordsToJsonLines(records: readonly ComplianceRecord[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : '');
}
