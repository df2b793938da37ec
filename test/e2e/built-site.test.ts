/**
 * The production build of the demo site as a host serves it: under a strict
 * Content Security Policy, and, after one online visit, with the network cut
 * (its service worker precaches the shell, workers, models and WASM).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright';
import { launchChromium } from '../../scripts/browser-task.mjs';
import { STRICT_CSP, buildSite, serveFolder } from '../../scripts/built-site.mjs';
import { expectEveryElementPage } from './page-checks.js';

let work: string;
let site: { origin: string; close: () => Promise<void> };
let browser: Browser;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ml-site-'));
  await buildSite(join(work, 'dist'));
  site = await serveFolder(join(work, 'dist'), { 'content-security-policy': STRICT_CSP });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
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
