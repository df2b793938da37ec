/** The fleet's pure cores: the reported row, the insert body, retries, and the dashboard's roll-ups. */
import { describe, expect, it } from 'vitest';
import {
  checkedTable,
  clickHouseUrl,
  fleetRow,
  insertBody,
  recordId,
  retryDelay,
} from '../../src/core/fleet/fleet-row.js';
import { type RollupRow, rollupSeries, rollupSql, sqlString } from '../../src/core/fleet/fleet-rollups.js';
import { complianceMetrics, complianceRecord } from '../../src/core/ppe/compliance-metrics.js';
import { breakAtGaps } from '../../src/core/ppe/history-buckets.js';

const person = (id: string) => ({ Id: id }) as never;

function record(nonCompliant: number, compliant: number) {
  const summary = {
    PersonsWithRequiredEquipment: Array.from({ length: compliant }, (_, i) => person(`c${i}`)),
    PersonsWithoutRequiredEquipment: Array.from({ length: nonCompliant }, (_, i) => person(`n${i}`)),
    PersonsIndeterminate: [],
  };
  const metrics = complianceMetrics(summary as never);
  return { metrics, record: complianceRecord('gate-1', new Date('2026-11-30T10:00:05.250Z'), metrics) };
}

describe('fleet rows', () => {
  it('carries counts and percentages only, with the frame time in ms and the given id', () => {
    const { record: r, metrics } = record(1, 3);
    const row = fleetRow(r, metrics, 'gate-1/x/1');
    expect(row).toEqual({
      camera_id: 'gate-1',
      record_id: 'gate-1/x/1',
      ts_ms: Date.parse('2026-11-30T10:00:05.250Z'),
      result: 'non-compliant',
      persons: 4,
      compliant: 3,
      non_compliant: 1,
      unknown: 0,
      face_cover_non_compliant: 1,
      face_cover_non_compliant_pct: 25,
      detected_face_rate: 100,
    });
    expect(Object.values(row).every((v) => typeof v === 'number' || typeof v === 'string')).toBe(true);
  });

  it('makes record ids that differ with the random bits and name the camera', () => {
    const a = recordId('gate-1', 1_764_500_000_000, new Uint32Array([1, 2]));
    const b = recordId('gate-1', 1_764_500_000_000, new Uint32Array([1, 3]));
    expect(a).not.toBe(b);
    expect(a.startsWith('gate-1/')).toBe(true);
  });

  it('writes one INSERT … FORMAT JSONEachRow with a JSON object per line', () => {
    const { record: r, metrics } = record(0, 2);
    const body = insertBody('fleet_ingest.records', [fleetRow(r, metrics, 'a'), fleetRow(r, metrics, 'b')]);
    const [statement, ...lines] = body.trimEnd().split('\n');
    expect(statement).toBe('INSERT INTO fleet_ingest.records FORMAT JSONEachRow');
    expect(lines.map((l) => JSON.parse(l).record_id)).toEqual(['a', 'b']);
  });

  it('refuses a table name that is not one (it is spliced into SQL)', () => {
    expect(checkedTable('fleet.records')).toBe('fleet.records');
    for (const bad of ['fleet.records; DROP TABLE x', 'a b', '', '1table', 'a.b.c'])
      expect(() => checkedTable(bad)).toThrow(/not a table name/);
  });

  it('backs off from 2 s, doubling, to at most 30 s (plus up to a quarter of jitter)', () => {
    expect([1, 2, 3, 4, 5, 9].map((n) => retryDelay(n, 0))).toEqual([2000, 4000, 8000, 16000, 30000, 30000]);
    expect(retryDelay(1, 1)).toBe(2500);
    expect(retryDelay(9, 1)).toBe(37500);
  });

  it('adds add_http_cors_header=1 to the URL and keeps its credentials; refuses other schemes', () => {
    const url = new URL(clickHouseUrl('http://ch.example:8123/?user=kiosk&password=p%26q'));
    expect(url.searchParams.get('add_http_cors_header')).toBe('1');
    expect(url.searchParams.get('password')).toBe('p&q');
    expect(clickHouseUrl('/clickhouse/', 'https://site.example/kiosk')).toBe(
      'https://site.example/clickhouse/?add_http_cors_header=1',
    );
    expect(() => clickHouseUrl('ftp://x/')).toThrow(/not an http/);
  });
});

describe('fleet roll-ups', () => {
  it('asks per camera and bucket, FINAL (a retried row counts once), only the cameras named', () => {
    const sql = rollupSql({
      table: 'fleet.records',
      unit: 'hour',
      cameras: ['gate-1', "o'brien"],
      now: 1e12,
    });
    expect(sql).toContain('FROM fleet.records FINAL');
    expect(sql).toContain('toStartOfHour(ts)');
    expect(sql).toContain("camera_id IN ('gate-1', 'o\\'brien')");
    expect(sql).toMatch(/FORMAT JSON$/);
    expect(sqlString("a\\'b")).toBe("'a\\\\\\'b'");
  });

  it('makes per-camera series and a site series summed over cameras; named cameras without rows stay', () => {
    const rows: RollupRow[] = [
      { camera_id: 'a', start: '60000', frames: '10', non_compliant: '5', pct_sum: '250', last_ms: '119000' },
      { camera_id: 'a', start: 120000, frames: 10, non_compliant: 0, pct_sum: 0, last_ms: 179000 },
      { camera_id: 'b', start: 60000, frames: 30, non_compliant: 30, pct_sum: 3000, last_ms: 100000 },
    ];
    const { site, cameras } = rollupSeries(rows, ['b', 'a', 'quiet']);
    expect(cameras.map((c) => c.camera)).toEqual(['b', 'a', 'quiet']);
    const a = cameras[1]!;
    expect(a.buckets).toEqual([
      { start: 60000, frames: 10, nonCompliant: 0.5, percentage: 25 },
      { start: 120000, frames: 10, nonCompliant: 0, percentage: 0 },
    ]);
    expect([a.frames, a.nonCompliant, a.percentage, a.lastSeen]).toEqual([20, 5, 12.5, 179000]);
    expect(cameras[2]).toMatchObject({ frames: 0, buckets: [], lastSeen: 0, percentage: 0 });
    expect(site.buckets[0]).toEqual({ start: 60000, frames: 40, nonCompliant: 0.88, percentage: 81.25 });
    expect([site.frames, site.nonCompliant, site.lastSeen]).toEqual([50, 35, 179000]);
  });
});

describe('chart points', () => {
  it('break the line one bucket after a stretch that stops, and nowhere else', () => {
    const b = (minute: number) => ({ start: minute * 60_000, frames: 1, nonCompliant: 1, percentage: 50 });
    const points = breakAtGaps([b(1), b(2), b(5), b(6)], 'minute');
    expect(points.map((p) => [p.start / 60_000, p.nonCompliant])).toEqual([
      [1, 1],
      [2, 1],
      [3, null],
      [5, 1],
      [6, 1],
    ]);
    expect(breakAtGaps([b(1), b(2)], 'minute')).toHaveLength(2);
    expect(breakAtGaps([b(60), b(120)], 'hour')).toHaveLength(2);
  });
});
