/**
 * One-tag embedding, as a developer would do it: the library build served
 * from one origin (a CDN, here a second port), a plain HTML page on another
 * that includes `ml-elements.js` with one <script type="module"> and uses
 * the tags. Models, WASM and portraits come from beside the module unless
 * the page names its own location.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright';
import { launchChromium } from '../../scripts/browser-task.mjs';
import { buildLibrary, serveFolder } from '../../scripts/built-site.mjs';
import { portraitReady, runtimeReady } from './page-checks.js';
import { ELEMENTS } from '../../src/elements/registry.js';

let work: string;
let library: { origin: string; close: () => Promise<void> };
let host: { origin: string; close: () => Promise<void> };
/** The assets on an origin that sends no CORS header, as a misconfigured host would. */
let noCors: { origin: string; close: () => Promise<void> };
let browser: Browser;

const TAGS = ELEMENTS.map((e) => e.tag);

function hostPage(libraryOrigin: string, head = ''): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>A host page</title>
  ${head}
  <script type="module" src="${libraryOrigin}/ml-elements.js"></script>
  <style>
    gaze-portrait { display: block; width: 240px; --ml-accent: rgb(1, 102, 3); }
    gaze-portrait::part(portrait) { outline: 4px solid rgb(9, 8, 7); }
  </style>
</head>
<body>
  <main>
    <h1>Embedded elements</h1>
    <ml-runtime-status models="blazeface"></ml-runtime-status>
    <gaze-portrait></gaze-portrait>
    <ppe-monitor></ppe-monitor>
    <sound-anomaly></sound-anomaly>
    <image-finder></image-finder>
  </main>
</body>
</html>`;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ml-embed-'));
  await buildLibrary(join(work, 'lib'));
  library = await serveFolder(join(work, 'lib'));
  noCors = await serveFolder(resolve('public'), {}, { cors: false });
  const site = join(work, 'host');
  await buildHostSite(site);
  host = await serveFolder(site);
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await library?.close();
  await host?.close();
  await noCors?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** The host's own pages, and a copy of the assets the host serves itself (for the second test). */
async function buildHostSite(site: string): Promise<void> {
  await mkdir(join(site, 'own-assets'), { recursive: true });
  for (const dir of ['models', 'wasm', 'portraits'])
    await symlink(resolve('public', dir), join(site, 'own-assets', dir));
  // The origin is only known once the library is served.
  await writeFile(join(site, 'embed.html'), hostPage(library.origin));
  await writeFile(
    join(site, 'own-assets.html'),
    hostPage(library.origin, '<meta name="ml-elements-assets" content="/own-assets/">'),
  );
  await writeFile(
    join(site, 'blocked-assets.html'),
    hostPage(library.origin, `<meta name="ml-elements-assets" content="${noCors.origin}/">`),
  );
}

async function open(path: string): Promise<{ page: Page; requests: URL[] }> {
  const context = await browser.newContext();
  const requests: URL[] = [];
  context.on('request', (request) => requests.push(new URL(request.url())));
  const page = await context.newPage();
  await page.goto(`${host.origin}${path}`);
  return { page, requests };
}

describe("embedding the library build in another origin's page", () => {
  it('one module script defines every tag; models, WASM and the portrait load from beside the module; the host sizes and themes the elements', async () => {
    const { page, requests } = await open('/embed.html');
    const status = await runtimeReady(page);
    expect(status).toMatch(/Running on (wasm|webgl|cpu|webgpu)/);
    await portraitReady(page);
    expect(await page.evaluate((tags) => tags.filter((t) => !customElements.get(t)), TAGS)).toEqual([]);
    for (const tag of ['ppe-monitor', 'sound-anomaly', 'image-finder'])
      expect(await page.locator(`${tag} [part=error]`).count(), tag).toBe(0);

    const fromLibrary = (path: string) =>
      requests.some((u) => u.origin === library.origin && u.pathname.startsWith(path));
    expect(fromLibrary('/models/blazeface/')).toBe(true);
    expect(fromLibrary('/portraits/')).toBe(true);
    expect(fromLibrary('/assets/capability.worker-')).toBe(true);
    if (/Running on wasm/.test(status)) expect(fromLibrary('/wasm/')).toBe(true);
    expect(
      requests.filter(
        (u) => u.origin !== library.origin && u.origin !== host.origin && u.protocol.startsWith('http'),
      ),
    ).toEqual([]);

    // Sized by the host page, themed through a custom property and ::part.
    const canvas = await page.locator('gaze-portrait canvas').boundingBox();
    expect(canvas!.width).toBeLessThanOrEqual(240);
    const look = await page.evaluate(() => {
      const canvas = document.querySelector('gaze-portrait')!.shadowRoot!.querySelector('canvas')!;
      const progress = getComputedStyle(document.querySelector('gaze-portrait')!)
        .getPropertyValue('--ml-accent')
        .trim();
      return { outline: getComputedStyle(canvas).outlineColor, accent: progress };
    });
    expect(look).toEqual({ outline: 'rgb(9, 8, 7)', accent: 'rgb(1, 102, 3)' });
    await page.context().close();
  });

  it('a host page that serves the assets itself names their folder in a meta tag, and they come from there', async () => {
    const { page, requests } = await open('/own-assets.html');
    expect(await runtimeReady(page)).toMatch(/Running on/);
    await portraitReady(page);
    const modelOrigins = new Set(
      requests
        .filter((u) => u.pathname.includes('/models/blazeface/'))
        .map((u) => u.origin + u.pathname.split('/models/')[0]),
    );
    expect([...modelOrigins]).toEqual([`${host.origin}/own-assets`]);
    expect(
      requests.some((u) => u.origin === host.origin && u.pathname.startsWith('/own-assets/portraits/')),
    ).toBe(true);
    await page.context().close();
  });

  it('assets the browser may not fetch (no CORS header): the elements say which URL failed and how to fix it', async () => {
    const { page } = await open('/blocked-assets.html');
    const problem = await page
      .waitForFunction(
        () =>
          [...document.querySelectorAll('ml-runtime-status, ppe-monitor')]
            .map((e) => e.shadowRoot?.querySelector('[part=error]')?.textContent ?? '')
            .find((t) => t.length > 0) ?? null,
        undefined,
        { timeout: 120_000 },
      )
      .then((h) => h.jsonValue());
    expect(problem).toContain(noCors.origin);
    expect(problem).toMatch(/Access-Control-Allow-Origin/);
    await page.context().close();
  });
});
