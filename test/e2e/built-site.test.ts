/**
 * The production build of the demo site as a host serves it: under a strict
 * Content Security Policy, and, after one online visit, with the network cut
 * (its service worker precaches the shell, workers, models and WASM). The same
 * build served cross-origin isolated to a page that asks for WASM threads:
 * TF.js's helper workers evaluate its factory source on its own, and minified
 * without scripts/lib/wasm-threads-minify-safe.mjs every one throws
 * "e is not defined" and no thread starts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright';
import { launchChromium } from '../../scripts/browser-task.mjs';
import { STRICT_CSP, buildSite, serveFolder } from '../../scripts/built-site.mjs';
import { expectEveryElementPage } from './page-checks.js';

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
let isolated: { origin: string; close: () => Promise<void> };
let browser: Browser;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ml-site-'));
  const dist = join(work, 'dist');
  await buildSite(dist);
  // The demo page as a host would write it to opt in to threads: the same page with one meta tag.
  const index = await readFile(join(dist, 'index.html'), 'utf8');
  const meta = '<meta name="ml-elements-wasm-threads" content="2" />';
  await writeFile(join(dist, 'threads.html'), index.replace('<head>', `<head>${meta}`));
  site = await serveFolder(dist, { 'content-security-policy': STRICT_CSP });
  isolated = await serveFolder(dist, ISOLATED);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await isolated?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/**
 * A page whose CSP violations (the document's and its workers', reported on the console) and requests to
 * other origins are recorded.
 */
async function open(
  context: BrowserContext,
): Promise<{ page: Page; violations: string[]; foreign: string[] }> {
  const violations: string[] = [];
  const foreign: string[] = [];
  context.on('request', (r) => {
    const url = new URL(r.url());
    if (url.protocol.startsWith('http') && url.origin !== site.origin) foreign.push(url.href);
  });
  const page = await context.newPage();
  page.on('console', (m) => /Content Security Policy/i.test(m.text()) && violations.push(m.text()));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await page.goto(`${site.origin}/`);
  return { page, violations, foreign };
}

describe('the built demo site', () => {
  it('runs under a strict Content Security Policy: the landing page and every element page start, the shipped portrait and a drawn image are indexed and a crop of the portrait finds it first, nothing is blocked', async () => {
    const context = await browser.newContext();
    const { page, violations, foreign } = await open(context);
    await page.locator('.card').first().waitFor();
    await expectEveryElementPage(page, site.origin); // ends on the image finder's page
    const found = await page.evaluate(async () => {
      const finder = document.querySelector('image-finder')!;
      await finder.add('astronaut', 'portraits/astronaut.jpg');
      // A second gallery image (a blob, as files and snapshots are), so the search has a choice to make.
      const stripes = new OffscreenCanvas(400, 300);
      const ctx = stripes.getContext('2d')!;
      for (let x = 0; x < 400; x += 40) {
        ctx.fillStyle = `hsl(${x}, 70%, 50%)`;
        ctx.fillRect(x, 0, 40, 300);
      }
      await finder.add('stripes', await stripes.convertToBlob({ type: 'image/png' }));
      const bitmap = await createImageBitmap(await (await fetch('portraits/astronaut.jpg')).blob());
      const crop = new OffscreenCanvas(Math.round(bitmap.width * 0.6), Math.round(bitmap.height * 0.6));
      crop.getContext('2d')!.drawImage(bitmap, -bitmap.width * 0.2, -bitmap.height * 0.2);
      return (await finder.search(await crop.convertToBlob({ type: 'image/jpeg' }))).map((r) => r.id);
    });
    expect(found).toEqual(['astronaut', 'stripes']);
    expect(violations).toEqual([]);
    expect(foreign).toEqual([]);
    await context.close();
  });

  it('starts with the network off after one online visit', async () => {
    const context = await browser.newContext();
    const { page } = await open(context);
    await expectEveryElementPage(page, site.origin);
    // Installed (so the precache is complete) and in control of the page.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller)
        await new Promise((resolve) =>
          navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
        );
    });
    await context.setOffline(true);
    await page.goto(`${site.origin}/`);
    await page.locator('.card').first().waitFor();
    const status = await expectEveryElementPage(page, site.origin);
    expect(status).toMatch(/Running on/);
    // The network is really cut: what the service worker did not precache does not arrive.
    expect(
      await page.evaluate(() =>
        fetch(`not-precached-${Date.now()}.txt`).then(
          () => 'fetched',
          () => 'failed',
        ),
      ),
    ).toBe('failed');
    await context.close();
  });
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
    await page.goto(`${isolated.origin}/threads.html?kiosk=gaze-portrait`);
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
