/**
 * TF.js's threaded WASM in the production build: a host that sends the
 * cross-origin isolation headers and asks for threads
 * (`<meta name="ml-elements-wasm-threads">`) gets the threaded runtime, whose
 * helper workers evaluate TF.js's factory source on its own. Minified
 * without scripts/lib/wasm-threads-minify-safe.mjs, every helper worker
 * throws "e is not defined" and no thread starts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { launchChromium } from '../../scripts/browser-task.mjs';
import { STRICT_CSP, buildSite, serveFolder } from '../../scripts/built-site.mjs';

/**
 * What a host sends for threads (docs/embedding.md): the isolation headers, and the strict policy with
 * `blob:` scripts allowed, since each helper worker imports TF.js's factory from a blob.
 */
const ISOLATED = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
  'content-security-policy': STRICT_CSP.replace("script-src 'self'", "script-src 'self' blob:"),
};

let work: string;
let site: { origin: string; close: () => Promise<void> };
let browser: Browser;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ml-threads-'));
  const dist = join(work, 'dist');
  await buildSite(dist);
  // The demo page as a host would write it to opt in: the same page with one meta tag.
  const index = await readFile(join(dist, 'index.html'), 'utf8');
  const meta = '<meta name="ml-elements-wasm-threads" content="2" />';
  await writeFile(join(dist, 'threads.html'), index.replace('<head>', `<head>${meta}`));
  site = await serveFolder(dist, ISOLATED);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

describe('threaded WASM in the built site', () => {
  it('starts its helper threads without an error when the host isolates the page and asks for threads, and the portrait gets ready', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    const helpers: string[] = [];
    page.on('console', (m) =>
      m.type() === 'error' || /worker sent an error/.test(m.text()) ? errors.push(m.text()) : 0,
    );
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('worker', (w) => w.url().startsWith('blob:') && helpers.push(w.url()));
    // Listening from the start: the portrait may be ready before the page could be asked.
    await page.addInitScript(() =>
      document.addEventListener(
        'ml-portrait-ready',
        (e) =>
          ((window as unknown as { ready: number }).ready = (
            e as CustomEvent<{ frames: number }>
          ).detail.frames),
        true,
      ),
    );
    await page.goto(`${site.origin}/threads.html?kiosk=gaze-portrait`);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    // Ready, or an error from a helper worker (without the plugin: at once, and the portrait never gets ready).
    let ready = 0;
    for (const end = Date.now() + 90_000; !ready && !errors.length && Date.now() < end;) {
      await page.waitForTimeout(250);
      ready = await page.evaluate(() => (window as unknown as { ready?: number }).ready ?? 0);
    }
    expect(errors).toEqual([]);
    expect(ready).toBeGreaterThan(1);
    expect(helpers.length, 'helper threads started by the threaded WASM runtime').toBeGreaterThan(0);
    await page.close();
  }, 120_000);
});
