/**
 * Fleet reporting against a real ClickHouse (Debian's clickhouse-server on a
 * free port, scripts/clickhouse.mjs): the credentials do only what they are
 * for; a monitor delivers its records, queues them while the engine is down
 * (the count shows), keeps the queue across a reload and loses none; the
 * dashboard shows two cameras' numbers and is usable by keyboard and screen
 * reader. Skipped, saying why, where ClickHouse is not installed (.ci/run
 * installs it).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { guardedContext } from '../../scripts/browser-task.mjs';
import { type LocalClickHouse, clickHouseMissing, startClickHouse } from '../../scripts/clickhouse.mjs';
import { demoSite } from './demo-site.js';
import { pageAxeViolations } from './page-checks.js';

const CAMERA = resolve(import.meta.dirname, '../fixtures/generated/camera-group-640x480.y4m');
const missing = clickHouseMissing();
if (missing) console.warn(`fleet tests skipped: ${missing}`);

const site = demoSite({ camera: CAMERA });
let ch: LocalClickHouse;

beforeAll(async () => {
  if (!missing) ch = await startClickHouse();
}, 120_000);
afterAll(async () => ch?.dispose());

const count = async (sql: string) => Number((await ch.query(sql)).trim());
const stored = (camera: string) =>
  count(`SELECT uniqExact(record_id) FROM fleet.records WHERE camera_id = '${camera}'`);
const storedRows = (camera: string) =>
  count(`SELECT count() FROM fleet.records FINAL WHERE camera_id = '${camera}'`);

async function openPage(query: string, ready: (page: Page) => Promise<unknown>) {
  const { context, foreign } = await guardedContext(site.browser, site.origin, {}, [ch.origin]);
  const page = await context.newPage();
  await page.goto(`${site.origin}/?${query}`);
  await ready(page);
  return { page, foreign };
}

/** The monitor's numbers, read in the page. */
const monitor = (page: Page) =>
  page.evaluate(() => {
    const el = document.querySelector('ppe-monitor')!;
    const line =
      el.shadowRoot?.querySelector('[part=report]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
    return { analysed: el.analysedCount, queued: el.reportQueue, line };
  });

/** Stops the camera loop, so the counts hold still. */
const stopSampling = (page: Page) =>
  page.evaluate(() => document.querySelector('ppe-monitor')!.setAttribute('source', 'none'));

describe.skipIf(missing)('fleet reporting into ClickHouse', () => {
  it('gives the kiosk a credential that can only insert, and the dashboard one that can only read', async () => {
    const row = { camera_id: 'perm', record_id: 'p1', ts_ms: Date.now(), result: 'compliant' };
    await ch.query(`INSERT INTO fleet_ingest.records FORMAT JSONEachRow\n${JSON.stringify(row)}\n`, 'kiosk');
    const refusals = [
      ['kiosk', 'SELECT * FROM fleet.records', /Access denied to database fleet/],
      ['kiosk', 'SELECT * FROM fleet_ingest.records', /Access denied to database fleet/],
      ['kiosk', 'DROP TABLE fleet_ingest.records', /DDL queries are prohibited/],
      ['kiosk', 'CREATE TABLE fleet_ingest.copy (a UInt8) ENGINE = Memory', /DDL queries are prohibited/],
      ['kiosk', 'INSERT INTO fleet.records (camera_id) VALUES (1)', /Access denied to database fleet/],
      ['dashboard', 'DROP TABLE fleet.records', /readonly/],
      ['dashboard', `INSERT INTO fleet.records (camera_id) VALUES ('x')`, /readonly/],
      ['dashboard', 'SELECT * FROM fleet_ingest.records', /Access denied to database fleet_ingest/],
    ] as const;
    for (const [user, sql, said] of refusals)
      await expect(ch.query(sql, user), `${user}: ${sql}`).rejects.toThrow(said);
    await expect
      .poll(() => ch.query("SELECT count() FROM fleet.records WHERE camera_id = 'perm'", 'dashboard'), {
        timeout: 15_000,
      })
      .toMatch(/^1\s*$/);
  });

  it("the shipped queries (fleet/queries.sql) run with the dashboard's credential", async () => {
    const statements = readFileSync(resolve(import.meta.dirname, '../../fleet/queries.sql'), 'utf8')
      .replace(/--[^\n]*/g, '')
      .split(';')
      .map((q) => q.trim())
      .filter(Boolean);
    expect(statements.length).toBeGreaterThanOrEqual(4);
    for (const sql of statements) await expect(ch.query(sql, 'dashboard'), sql).resolves.toBeTypeOf('string');
  });

  it('a monitor delivers its records; with the engine down they queue (shown), survive a reload, and all arrive', async () => {
    const camera = 'e2e-gate';
    const query = `kiosk=ppe-monitor&camera-id=${camera}&interval=500&report-every=1&report-url=${encodeURIComponent(ch.urls.kiosk)}`;
    const admin = async (page: Page) => {
      await page.waitForFunction(
        () => (document.querySelector('ppe-monitor')?.analysedCount ?? 0) > 0,
        undefined,
        {
          timeout: 120_000,
        },
      );
      await page.keyboard.press('Control+Shift+A'); // the admin view shows the report line
    };
    const { page, foreign } = await openPage(query, admin);
    await expect.poll(() => stored(camera), { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
    await ch.stop();
    const before = (await monitor(page)).queued;
    await expect
      .poll(async () => (await monitor(page)).queued, { timeout: 60_000 })
      .toBeGreaterThan(before + 3);
    await expect
      .poll(async () => (await monitor(page)).line, { timeout: 20_000 })
      .toMatch(/ClickHouse could not be reached/);
    await stopSampling(page);
    await page.waitForTimeout(1500); // the last frame's row is written
    const first = await monitor(page);
    expect(first.line).toContain(`${first.queued} records waiting`);
    await page.reload();
    await admin(page);
    const reloaded = await monitor(page);
    expect(reloaded.queued, 'the queue survived the reload').toBeGreaterThanOrEqual(first.queued);
    await ch.start();
    await stopSampling(page);
    await page.waitForTimeout(1500);
    const second = await monitor(page);
    await expect.poll(async () => (await monitor(page)).queued, { timeout: 90_000 }).toBe(0);
    expect((await monitor(page)).line).toMatch(/0 records waiting · last delivery/);
    const made = first.analysed + second.analysed;
    await expect.poll(() => stored(camera), { timeout: 20_000 }).toBe(made);
    expect(await storedRows(camera)).toBe(made);
    expect(foreign, 'no request but to the page and the configured engine').toEqual([]);
    await page.context().close();
  });

  it('the dashboard shows two cameras and the site from ClickHouse, by keyboard and screen reader', async () => {
    const now = Date.now();
    const rows = [
      ...Array.from({ length: 6 }, (_, i) => ({
        camera_id: 'cam-a',
        record_id: `a${i}`,
        ts_ms: now - i * 1000,
        face_cover_non_compliant: 1,
        face_cover_non_compliant_pct: 50,
        compliant: 1,
        non_compliant: 1,
        persons: 2,
        result: 'non-compliant',
      })),
      ...Array.from({ length: 4 }, (_, i) => ({
        camera_id: 'cam-b',
        record_id: `b${i}`,
        ts_ms: now - i * 1000,
        face_cover_non_compliant: 0,
        face_cover_non_compliant_pct: 0,
        compliant: 1,
        persons: 1,
        result: 'compliant',
      })),
    ];
    const body = (list: object[]) =>
      `INSERT INTO fleet_ingest.records FORMAT JSONEachRow\n${list.map((r) => JSON.stringify(r)).join('\n')}\n`;
    await ch.query(body(rows), 'kiosk');
    await ch.query(body(rows.slice(0, 3)), 'kiosk'); // a retried batch: counted once
    // Stored at once (written through), twice until parts merge; FINAL, as every query reads, counts once.
    expect(await count("SELECT count() FROM fleet.records FINAL WHERE camera_id LIKE 'cam-%'")).toBe(10);

    const query = `kiosk=ppe-fleet-dashboard&cameras=cam-a,cam-b&source-url=${encodeURIComponent(ch.urls.dashboard)}`;
    const { page, foreign } = await openPage(query, (p) =>
      p.locator('ppe-fleet-dashboard table.cameras').waitFor({ timeout: 30_000 }),
    );
    const cells = () =>
      page.evaluate(() =>
        [
          ...document.querySelector('ppe-fleet-dashboard')!.shadowRoot!.querySelectorAll('table.cameras tr'),
        ].map((tr) => [...tr.children].slice(0, 4).map((c) => c.textContent!.trim())),
      );
    expect(await cells()).toEqual([
      ['Camera', 'Frames', 'Without a face cover', '% without'],
      ['cam-a', '6', '6', '50%'],
      ['cam-b', '4', '0', '0%'],
      ['Whole site', '10', '6', '30%'],
    ]);
    expect(await page.locator('ppe-fleet-dashboard .chart canvas').count()).toBe(3);
    expect(await pageAxeViolations(page)).toEqual([]);

    // Keyboard: the unit picker is reachable and changes what is read.
    await page.keyboard.press('Tab');
    const focused = () =>
      page.evaluate(() => document.querySelector('ppe-fleet-dashboard')!.shadowRoot!.activeElement?.tagName);
    expect(await focused()).toBe('SELECT');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator('ppe-fleet-dashboard caption').textContent()).toMatch(/last 7 days/);
    await expect.poll(async () => (await cells())[3]).toEqual(['Whole site', '10', '6', '30%']);
    expect(await page.getByRole('button', { name: 'Refresh' }).isEnabled()).toBe(true);
    expect(foreign).toEqual([]);
    await page.context().close();
  });
});
