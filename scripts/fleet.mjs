#!/usr/bin/env node
/**
 * npm run fleet -- [--cameras 8] [--minutes 3] [--outage 30] [--interval 1000] [--report-every 5]
 *                  [--sweep 1,8,32] [--sweep-seconds 10]
 *
 * A site's cameras, shortened: a throwaway ClickHouse from Debian's package
 * (scripts/clickhouse.mjs, installed where missing), N headless kiosk pages
 * (`?kiosk=ppe-monitor`, each its own browser context, so its own IndexedDB)
 * on the fake camera, each with its own camera id and `report-url` holding
 * the kiosk credential. In the middle of the run ClickHouse is stopped for
 * `outage` seconds and started again; at the end the pages stop sampling,
 * their queues drain, and what they made is compared with what is stored.
 * Then a synthetic sender measures what one node takes: for each count in
 * `--sweep`, that many senders post kiosk-sized batches (`report-every` rows)
 * back to back. Last line of stdout:
 *
 *   {"task":"fleet","cameras","recordsMade","recordsStored","duplicates","lost","maxQueue",
 *    "drainSeconds","insertsPerSecond", …}
 *
 * duplicates: rows a dashboard query (FINAL) would count twice. insertsPerSecond: inserts (HTTP posts)
 * per second one node accepted from `cameras` senders (else the last of the sweep); rowsPerSecond the
 * rows they carried; each sweep entry also gives the active parts left at its end (bounded when the
 * merges keep up). `--cameras 0` runs the sweep alone: `--cameras 0 --sweep 8,32 --sweep-seconds 180`
 * measures what a node sustains.
 */
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { guardedContext, launchChromium, startServer } from './browser-task.mjs';
import { assertChromium } from './chromium.mjs';
import { startClickHouse } from './clickhouse.mjs';

const fixtures = join(import.meta.dirname, '..', 'test', 'fixtures', 'generated');
const CAMERA = join(fixtures, 'camera-group-640x480.y4m');
const PREFIX = 'fleet-cam-';

function parse(argv) {
  const value = (name, fallback) => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 ? argv[at + 1] : fallback;
  };
  return {
    cameras: Number(value('cameras', 8)),
    minutes: Number(value('minutes', 3)),
    outage: Number(value('outage', 30)),
    interval: Number(value('interval', 1000)),
    reportEvery: Number(value('report-every', 5)),
    sweep: String(value('sweep', '1,8,32')).split(',').map(Number).filter(Boolean),
    sweepSeconds: Number(value('sweep-seconds', 10)),
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (text) => process.stderr.write(`fleet: ${text}\n`);
const round = (v, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;

/** One kiosk page: its own context (IndexedDB), the monitor reporting as `camera`. */
async function openKiosk(browser, origin, ch, camera, o) {
  const { context, foreign } = await guardedContext(
    browser,
    origin,
    { viewport: { width: 800, height: 600 } },
    [ch.origin],
  );
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const query = new URLSearchParams({
    kiosk: 'ppe-monitor',
    'camera-id': camera,
    interval: String(o.interval),
    'report-every': String(o.reportEvery),
    'report-url': ch.urls.kiosk,
  });
  await page.goto(`${origin}/?${query}`);
  return { camera, page, foreign, errors };
}

const readKiosk = (k) =>
  k.page.evaluate(() => {
    const el = document.querySelector('ppe-monitor');
    return { analysed: el?.analysedCount ?? 0, queued: el?.reportQueue ?? 0 };
  });

/** Every page's state, and the largest queue so far. */
async function readAll(kiosks, seen) {
  const states = await Promise.all(kiosks.map(readKiosk));
  seen.maxQueue = Math.max(seen.maxQueue, ...states.map((s) => s.queued));
  return states;
}

/** Waits (reading every second) until `done(states)`, or `timeoutMs`; returns the seconds waited. */
async function waitFor(kiosks, seen, done, timeoutMs) {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    if (done(await readAll(kiosks, seen))) return (Date.now() - start) / 1000;
    await sleep(1000);
  }
  throw new Error(`fleet: not reached within ${timeoutMs / 1000} s`);
}

async function runKiosks(ch, o) {
  assertChromium();
  if (!existsSync(CAMERA))
    execFileSync('node', [join(import.meta.dirname, 'make-fixtures.mjs')], { stdio: 'inherit' });
  const { server, origin } = await startServer();
  const browser = await launchChromium({ camera: CAMERA });
  try {
    const ids = Array.from({ length: o.cameras }, (_, i) => `${PREFIX}${i + 1}`);
    const kiosks = [];
    for (const id of ids) kiosks.push(await openKiosk(browser, origin, ch, id, o));
    const seen = { maxQueue: 0 };
    say(`${o.cameras} kiosks opened; waiting for every one's first frame`);
    await waitFor(kiosks, seen, (states) => states.every((s) => s.analysed > 0), 300_000);
    const runMs = o.minutes * 60_000;
    const started = Date.now();
    await sleep(Math.max(0, runMs / 2 - (o.outage * 1000) / 2));
    const normalQueue = seen.maxQueue;
    say(`stopping ClickHouse for ${o.outage} s`);
    await ch.stop();
    await sleep(o.outage * 1000);
    await ch.start();
    say('ClickHouse is back');
    await readAll(kiosks, seen);
    // Drained: every queue back to what it held while the engine was up.
    const drainSeconds = await waitFor(
      kiosks,
      seen,
      (states) => states.every((s) => s.queued <= Math.max(normalQueue, o.reportEvery + 1)),
      180_000,
    );
    say(`queues drained ${round(drainSeconds)} s after the restart`);
    await sleep(Math.max(0, runMs - (Date.now() - started)));
    await Promise.all(
      kiosks.map((k) =>
        k.page.evaluate(() => document.querySelector('ppe-monitor')?.setAttribute('source', 'none')),
      ),
    );
    await sleep(2000); // the frame in flight finishes and its row is queued
    say('sampling stopped; waiting for the last rows');
    await waitFor(kiosks, seen, (states) => states.every((s) => s.queued === 0), 120_000);
    const states = await readAll(kiosks, seen);
    return {
      recordsMade: states.reduce((n, s) => n + s.analysed, 0),
      maxQueue: seen.maxQueue,
      drainSeconds: round(drainSeconds),
      runSeconds: round((Date.now() - started) / 1000),
      externalRequests: kiosks.reduce((n, k) => n + k.foreign.length, 0),
      pageErrors: kiosks.flatMap((k) => k.errors.map((e) => `${k.camera}: ${e}`)),
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

/** What the table holds for the kiosks' cameras. */
async function storedCounts(ch) {
  const [unique, final, raw] = (
    await ch.query(
      `SELECT uniqExact(camera_id, record_id), (SELECT count() FROM fleet.records FINAL WHERE startsWith(camera_id, '${PREFIX}')), count()
       FROM fleet.records WHERE startsWith(camera_id, '${PREFIX}') FORMAT TSV`,
    )
  )
    .trim()
    .split('\t')
    .map(Number);
  return { recordsStored: unique, duplicates: final - unique, rowsSentTwiceUnmerged: raw - unique };
}

/** `senders` posting `batch`-row inserts back to back for `seconds`, as kiosks would. */
async function syntheticSenders(ch, senders, batch, seconds) {
  const row = (s, n) => ({
    camera_id: `synthetic-${senders}-${s}`,
    record_id: `${s}/${n}`,
    ts_ms: Date.now(),
    result: 'compliant',
    persons: 1,
    compliant: 1,
  });
  const end = Date.now() + seconds * 1000;
  let inserts = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: senders }, async (_, s) => {
      for (let n = 0; Date.now() < end; n++) {
        const lines = Array.from({ length: batch }, (_, i) => JSON.stringify(row(s, n * batch + i))).join(
          '\n',
        );
        try {
          await ch.query(`INSERT INTO fleet_ingest.records FORMAT JSONEachRow\n${lines}\n`, 'kiosk');
          inserts++;
        } catch {
          errors++;
        }
      }
    }),
  );
  // Parts the merges have not folded yet: bounded when the node keeps up with this insert rate.
  const parts = await ch.query(
    "SELECT count() FROM system.parts WHERE database = 'fleet' AND table = 'records' AND active",
  );
  return {
    senders,
    batch,
    insertsPerSecond: round(inserts / seconds),
    rowsPerSecond: round((inserts * batch) / seconds),
    errors,
    activeParts: Number(parts.trim()),
  };
}

const NO_KIOSKS = {
  recordsMade: 0,
  maxQueue: 0,
  drainSeconds: 0,
  runSeconds: 1,
  externalRequests: 0,
  pageErrors: [],
};

async function fleet(o) {
  const ch = await startClickHouse();
  try {
    say(`ClickHouse at ${ch.origin} (data in ${ch.dir})`);
    // --cameras 0: only the synthetic sender (a node's capacity, measured for as long as --sweep-seconds).
    const run = o.cameras > 0 ? await runKiosks(ch, o) : NO_KIOSKS;
    const stored = await storedCounts(ch);
    say(`synthetic senders: ${o.sweep.join(', ')} (${o.reportEvery}-row batches, ${o.sweepSeconds} s each)`);
    const sweep = [];
    for (const senders of o.sweep)
      sweep.push(await syntheticSenders(ch, senders, o.reportEvery, o.sweepSeconds));
    const same =
      sweep.find((s) => s.senders === o.cameras) ??
      (o.cameras > 0 ? await syntheticSenders(ch, o.cameras, o.reportEvery, o.sweepSeconds) : sweep.at(-1));
    return {
      task: 'fleet',
      cameras: o.cameras,
      minutes: o.minutes,
      outageSeconds: o.outage,
      recordsMade: run.recordsMade,
      recordsStored: stored.recordsStored,
      duplicates: stored.duplicates,
      lost: run.recordsMade - stored.recordsStored,
      maxQueue: run.maxQueue,
      drainSeconds: run.drainSeconds,
      insertsPerSecond: same.insertsPerSecond,
      rowsPerSecond: same.rowsPerSecond,
      rowsSentTwiceUnmerged: stored.rowsSentTwiceUnmerged,
      kioskRecordsPerSecond: round(run.recordsMade / run.runSeconds, 2),
      sweep,
      pageErrors: run.pageErrors,
      externalRequests: run.externalRequests,
    };
  } finally {
    await ch.dispose();
  }
}

try {
  const result = await fleet(parse(process.argv.slice(2)));
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.stdout.write(
    `${JSON.stringify({ task: 'fleet', error: error instanceof Error ? error.message.split('\n')[0] : String(error) })}\n`,
  );
  process.exitCode = 1;
}
