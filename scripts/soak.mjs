#!/usr/bin/env node
/**
 * npm run soak -- <element> [--minutes N] [--interval MS] [--sample-seconds S]
 *
 * A kiosk's day, shortened: the element alone on the demo page (`?kiosk=<tag>`)
 * in headless Chromium, fed by the fake camera, for N minutes. Every S seconds
 * it forces a garbage collection in the page and in every worker (DevTools
 * protocol) and reads their heaps, the element's frame count and each worker's
 * TF.js tensors. The last line of stdout is one JSON object:
 *
 *   {"task":"soak","element","minutes","frames","pageHeapSlopeMbPer1000","workerHeapSlopeMbPer1000",
 *    "tensors":{"start","end"},"resultsPerMinute":[…],"errors":[…], …}
 *
 * Slopes are least-squares fits of heap (MB) against frames, from the end of
 * the first minute (warm-up: models, shaders, caches) to the end.
 */
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { guardedContext, launchChromium, startServer } from './browser-task.mjs';
import { assertChromium } from './chromium.mjs';

const fixtures = join(import.meta.dirname, '..', 'test', 'fixtures', 'generated');

/** What each element is soaked with, and how its frames and results are counted in the page. */
const ELEMENTS = {
  'ppe-monitor': {
    camera: 'camera-group-640x480.y4m',
    frames: 'analysedCount',
    event: 'ml-ppe-result',
    // The element's defaults (the demo page adds `bodies`), as many frames a second as it manages.
    attributes: (o) => ({ interval: String(o.interval ?? 100), 'camera-id': 'soak' }),
    remove: ['bodies'],
  },
  'gaze-portrait': {
    camera: 'camera-gaze-sweep-640x480.y4m',
    frames: 'detections',
    event: 'ml-gaze-change',
    attributes: () => ({}),
    remove: [],
  },
};

function parse(argv) {
  const [element, ...rest] = argv;
  if (!ELEMENTS[element])
    throw new Error(`usage: npm run soak -- <${Object.keys(ELEMENTS).join('|')}> [--minutes N]`);
  const value = (name, fallback) => {
    const at = rest.indexOf(`--${name}`);
    return at >= 0 ? Number(rest[at + 1]) : fallback;
  };
  return {
    element,
    minutes: value('minutes', 10),
    interval: value('interval', undefined),
    sampleSeconds: value('sample-seconds', 15),
  };
}

/** Least-squares slope of y against x. */
function slope(xs, ys) {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den ? num / den : 0;
}

const round = (v, digits = 4) => Math.round(v * 10 ** digits) / 10 ** digits;
const mb = (bytes) => bytes / 1e6;

/** Forced GC and heap reads in the page and in every dedicated worker, through the DevTools protocol. */
async function heapProbe(browser, page) {
  const pageSession = await page.context().newCDPSession(page);
  const root = await browser.newBrowserCDPSession();
  const sessions = new Map(); // targetId → sessionId
  const pending = new Map();
  let next = 1;
  root.on('Target.receivedMessageFromTarget', (event) => {
    const message = JSON.parse(event.message);
    pending.get(message.id)?.(message);
  });
  /** A worker's answer, or undefined when the worker is gone (its session then is forgotten). */
  const call = (targetId, sessionId, method) =>
    new Promise((resolve) => {
      const id = next++;
      pending.set(id, (message) => resolve(message.result));
      root
        .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) })
        .catch(() => {
          sessions.delete(targetId);
          resolve(undefined);
        });
    });
  return async () => {
    const { targetInfos } = await root.send('Target.getTargets');
    for (const t of targetInfos.filter((t) => t.type === 'worker' && t.url.includes('capability.worker'))) {
      if (!sessions.has(t.targetId))
        sessions.set(
          t.targetId,
          (await root.send('Target.attachToTarget', { targetId: t.targetId, flatten: false })).sessionId,
        );
    }
    await pageSession.send('HeapProfiler.collectGarbage');
    const pageHeap = (await pageSession.send('Runtime.getHeapUsage')).usedSize;
    const workers = {};
    for (const [targetId, sessionId] of sessions) {
      await call(targetId, sessionId, 'HeapProfiler.collectGarbage');
      const usage = await call(targetId, sessionId, 'Runtime.getHeapUsage');
      if (usage) workers[targetId] = usage.usedSize;
    }
    return { pageHeap, workers };
  };
}

async function soak({ element, minutes, interval, sampleSeconds }) {
  assertChromium();
  const spec = ELEMENTS[element];
  const camera = join(fixtures, spec.camera);
  if (!existsSync(camera))
    execFileSync('node', [join(import.meta.dirname, 'make-fixtures.mjs')], { stdio: 'inherit' });
  const { server, origin } = await startServer();
  const browser = await launchChromium({ camera }).catch(async (error) => {
    await server.close();
    throw error;
  });
  try {
    const { context, foreign } = await guardedContext(browser, origin, {
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
    page.on('console', (msg) => msg.type() === 'error' && errors.push(`console: ${msg.text()}`));
    await page.goto(`${origin}/?kiosk=${element}`);
    await page.evaluate(
      ({ tag, event, attributes, remove }) => {
        const el = document.querySelector(tag);
        for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
        for (const name of remove) el.removeAttribute(name);
        const soak = { results: [], errors: [] };
        window.__soak = soak;
        el.addEventListener(event, () => soak.results.push(performance.now()));
        // An error shown by the element is an error of the soak (a missing camera would be one).
        new MutationObserver(() => {
          const shown = el.shadowRoot?.querySelector('[part=error]')?.textContent?.trim();
          if (shown && soak.errors.at(-1) !== shown) soak.errors.push(shown);
        }).observe(el.shadowRoot ?? el, { subtree: true, childList: true, characterData: true });
      },
      { tag: element, event: spec.event, attributes: spec.attributes({ interval }), remove: spec.remove },
    );
    const probe = await heapProbe(browser, page);
    const read = () =>
      page.evaluate(
        async ({ tag, frames }) => {
          const { workerMemory } = await import('/src/page/worker-client.ts');
          const el = document.querySelector(tag);
          return {
            frames: el[frames],
            results: window.__soak.results.length,
            memory: await workerMemory(),
            t: performance.now(),
          };
        },
        { tag: element, frames: spec.frames },
      );
    await page.waitForFunction(() => window.__soak.results.length > 0, undefined, { timeout: 180_000 });
    const startedAt = Date.now();
    const samples = [];
    process.stderr.write(`soak: ${element} running for ${minutes} min\n`);
    while (Date.now() - startedAt < minutes * 60_000) {
      await new Promise((resolve) => setTimeout(resolve, sampleSeconds * 1000));
      const heaps = await probe();
      const state = await read();
      samples.push({ seconds: (Date.now() - startedAt) / 1000, ...state, ...heaps });
      const last = samples.at(-1);
      process.stderr.write(
        `soak: ${Math.round(last.seconds)} s, ${last.frames} frames, page heap ${mb(last.pageHeap).toFixed(1)} MB\n`,
      );
    }
    const resultTimes = await page.evaluate(() => window.__soak.results);
    const shownErrors = await page.evaluate(() => window.__soak.errors);
    return summary(element, minutes, samples, resultTimes, [...errors, ...shownErrors], foreign.length);
  } finally {
    await browser.close();
    await server.close();
  }
}

function summary(element, minutes, samples, resultTimes, errors, externalRequests) {
  const fitted = samples.filter((s) => s.seconds >= 60);
  const frames = fitted.map((s) => s.frames);
  const workerIds = Object.keys(fitted.at(-1)?.workers ?? {});
  const workerSlopes = workerIds.map((id) => {
    const points = fitted.filter((s) => s.workers[id] !== undefined);
    return (
      slope(
        points.map((s) => s.frames),
        points.map((s) => mb(s.workers[id])),
      ) * 1000
    );
  });
  const tensors = (s) => s?.memory.map((m) => ({ capability: m.capability, tensors: m.tensors })) ?? [];
  const first = resultTimes[0] ?? 0;
  const perMinute = Array.from(
    { length: minutes },
    (_, m) => resultTimes.filter((t) => t >= first + m * 60_000 && t < first + (m + 1) * 60_000).length,
  );
  return {
    task: 'soak',
    element,
    minutes,
    frames: samples.at(-1)?.frames ?? 0,
    pageHeapSlopeMbPer1000: round(
      slope(
        frames,
        fitted.map((s) => mb(s.pageHeap)),
      ) * 1000,
    ),
    // The steepest of the workers', with its sign.
    workerHeapSlopeMbPer1000: round(workerSlopes.reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a), 0)),
    tensors: { start: tensors(fitted[0]), end: tensors(fitted.at(-1)) },
    resultsPerMinute: perMinute,
    errors,
    workers: workerSlopes.map((v, i) => ({
      heapSlopeMbPer1000: round(v),
      heapMb: [mb(fitted[0]?.workers[workerIds[i]] ?? 0), mb(fitted.at(-1)?.workers[workerIds[i]] ?? 0)].map(
        (x) => round(x, 2),
      ),
    })),
    pageHeapMb: [mb(fitted[0]?.pageHeap ?? 0), mb(fitted.at(-1)?.pageHeap ?? 0)].map((x) => round(x, 2)),
    samples: samples.length,
    externalRequests,
  };
}

try {
  const result = await soak(parse(process.argv.slice(2)));
  process.stdout.write(`${JSON.stringify(result)}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.stdout.write(
    `${JSON.stringify({ task: 'soak', error: error instanceof Error ? error.message.split('\n')[0] : String(error) })}\n`,
  );
  process.exitCode = 1;
}
