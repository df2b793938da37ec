/**
 * npm run screenshots [-- --out DIR] [--only NAME-PART]: what a visitor sees, as PNGs. The
 * landing page, each element's page (and, for the camera elements, after
 * "Start camera"), and each kiosk, at 1280x800 and 390x844, with the fake
 * camera showing a group of people. Written into screenshots/ (not committed);
 * look at every one before a change to the demo is called done. With
 * ClickHouse installed, also the fleet dashboard (desktop, phone, a 1920x1080
 * wall screen) over three hours of made-up records from four cameras.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { guardedContext, launchChromium, startServer } from './browser-task.mjs';
import { clickHouseMissing, startClickHouse } from './clickhouse.mjs';

const SIZES = [
  ['desktop', 1280, 800],
  ['phone', 390, 844],
];
const CAMERA = resolve('test/fixtures/generated/camera-group-640x480.y4m');
const outArg = process.argv.indexOf('--out');
const OUT = resolve(outArg > 0 ? process.argv[outArg + 1] : 'screenshots');
const onlyArg = process.argv.indexOf('--only');
/** `--only fleet`: only the shots whose name contains it. */
const wanted = (spec) => onlyArg < 0 || spec.name.includes(process.argv[onlyArg + 1]);

const pagesOf = (ELEMENTS) => [
  { name: 'landing', path: '/' },
  ...ELEMENTS.map(({ tag }) => ({ name: tag, path: `/?element=${tag}` })),
  ...['gaze-portrait', 'ppe-monitor'].map((tag) => ({
    name: `${tag}-live`,
    path: `/?element=${tag}`,
    click: 'Start camera',
  })),
  // The samples, as a visitor without files of their own tries them.
  {
    name: 'sound-anomaly-samples',
    path: '/?element=sound-anomaly',
    clicks: [
      ['Add 4 sample clips of a healthy fan', 8000],
      ['Train', 20_000],
      ['Add 2 sample clips of a faulty fan', 6000],
    ],
  },
  // Listening to the fake microphone (a beep, not a fan): a flagged moment kept for review.
  {
    name: 'sound-anomaly-listening',
    path: '/?element=sound-anomaly',
    clicks: [
      ['Add 4 sample clips of a healthy fan', 8000],
      ['Train', 8000],
      ['Listen to the microphone', 16_000],
    ],
  },
  {
    name: 'image-finder-samples',
    path: '/?element=image-finder',
    clicks: [
      ['Add 6 sample photos', 20_000],
      ['Search with a photo of the Mona Lisa', 10_000],
    ],
  },
  {
    name: 'ppe-monitor-sample',
    path: '/?element=ppe-monitor',
    clicks: [['Check a sample photo for hard hats', 10_000]],
  },
  ...ELEMENTS.filter((e) => e.kiosk).map(({ tag }) => ({ name: `kiosk-${tag}`, path: `/?kiosk=${tag}` })),
];

/** Loading is over: no progress bar left in any element, or a minute passed. */
async function settle(page) {
  await page
    .waitForFunction(
      () =>
        [...document.querySelectorAll('*')]
          .filter((e) => e.shadowRoot)
          .every((e) => !e.shadowRoot.querySelector('progress:not([value="1"])')),
      undefined,
      { timeout: 60_000, polling: 500 },
    )
    .catch(() => console.warn('  (still loading after a minute)'));
  await page.waitForTimeout(2500);
}

/** Three hours of records, one every 5 s, from four cameras with their own habits (a seeded generator). */
function madeUpRecords(now) {
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const cameras = { 'gate-1': 0.1, 'gate-2': 0.25, 'loading-bay': 0.5, canteen: 0.05 };
  const rows = [];
  for (const [camera, rate] of Object.entries(cameras))
    for (let t = now - 3 * 3_600_000; t < now; t += 5000) {
      const persons = Math.floor(random() * 4);
      const without = Array.from({ length: persons }, () => random() < rate * (1 + Math.sin(t / 2e6))).filter(
        Boolean,
      ).length;
      rows.push({
        camera_id: camera,
        record_id: `${camera}/${t}`,
        ts_ms: t,
        result: persons === 0 ? 'nobody' : without ? 'non-compliant' : 'compliant',
        persons,
        compliant: persons - without,
        non_compliant: without,
        face_cover_non_compliant: without,
        face_cover_non_compliant_pct: persons ? Math.round((1000 * without) / persons) / 10 : 0,
        detected_face_rate: persons ? 100 : 0,
      });
    }
  return { rows, cameras: Object.keys(cameras) };
}

async function fleetPages() {
  if (clickHouseMissing()) {
    console.warn(`fleet dashboard not shot: ${clickHouseMissing()}`);
    return { pages: [], allowed: [], dispose: async () => {} };
  }
  const ch = await startClickHouse();
  const { rows, cameras } = madeUpRecords(Date.now());
  const lines = rows.map((r) => JSON.stringify(r)).join('\n');
  await ch.query(`INSERT INTO fleet_ingest.records FORMAT JSONEachRow\n${lines}\n`, 'kiosk');
  const query = new URLSearchParams({ 'source-url': ch.urls.dashboard, cameras: cameras.join(',') });
  return {
    pages: [
      {
        // The entrance kiosk's admin view (Ctrl+Shift+A) while it reports: the queue and last delivery.
        name: 'ppe-monitor-reporting',
        path: `/?kiosk=ppe-monitor&camera-id=gate-1&${new URLSearchParams({ 'report-url': ch.urls.kiosk })}`,
        keys: ['Control+Shift+A'],
        sizes: SIZES,
      },
      {
        name: 'ppe-fleet-dashboard-data',
        path: `/?kiosk=ppe-fleet-dashboard&${query}`,
        sizes: [...SIZES, ['wall', 1920, 1080]],
      },
    ],
    allowed: [ch.origin],
    dispose: () => ch.dispose(),
  };
}

async function shoot(
  browser,
  origin,
  { name, path, click, clicks = [], keys = [] },
  [size, width, height],
  allowed = [],
) {
  const { context, foreign } = await guardedContext(
    browser,
    origin,
    { viewport: { width, height } },
    allowed,
  );
  const page = await context.newPage();
  await page.goto(origin + path);
  await settle(page);
  if (path.includes('kiosk')) await page.waitForTimeout(6000); // the camera's first frames and verdict
  if (click) {
    await page.getByRole('button', { name: click }).first().click();
    await page.waitForTimeout(5000);
  }
  for (const key of keys) {
    await page.keyboard.press(key);
    await page.waitForTimeout(6000);
  }
  for (const [label, wait] of clicks) {
    await page.getByRole('button', { name: label, exact: true }).first().click();
    await page.waitForTimeout(wait);
  }
  const file = join(OUT, `${name}-${size}.png`);
  await page.screenshot({ path: file, fullPage: !path.includes('kiosk') || keys.length > 0 });
  console.log(`${file}${foreign.length ? `  (${foreign.length} requests to other origins refused)` : ''}`);
  await context.close();
}

mkdirSync(OUT, { recursive: true });
const { server, origin } = await startServer();
const { ELEMENTS } = await server.ssrLoadModule('/src/elements/registry.ts');
const browser = await launchChromium({ camera: CAMERA });
const fleet = await fleetPages();
try {
  for (const spec of pagesOf(ELEMENTS).filter(wanted))
    for (const size of SIZES) await shoot(browser, origin, spec, size);
  for (const spec of fleet.pages.filter(wanted))
    for (const size of spec.sizes) await shoot(browser, origin, spec, size, fleet.allowed);
} finally {
  await fleet.dispose();
  await browser.close();
  await server.close();
}
