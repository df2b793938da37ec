/**
 * The demo page as a visitor on a phone sees it: served by Vite, opened in
 * Chromium at 360 px wide, with every request to another origin recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright';
import type { ViteDevServer } from 'vite';
import { guardedContext, launchChromium, startServer } from '../../scripts/browser-task.mjs';
import { expectElementsStarted, pageAxeViolations, runtimeReady } from './page-checks.js';

let server: ViteDevServer;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  ({ server, origin } = await startServer());
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path: string): Promise<{ page: Page; foreign: string[] }> {
  const { context, foreign } = await guardedContext(browser, origin, {
    viewport: { width: 360, height: 740 },
  });
  const page = await context.newPage();
  await page.goto(`${origin}${path}`);
  return { page, foreign };
}

describe('demo page', () => {
  it('runs at 360 px: runtime status with its backend, the gaze portrait drawn, the PPE monitor loaded, the sound and image elements ready, no axe violation, no request to any other origin', async () => {
    const { page, foreign } = await open('/');
    const text = await expectElementsStarted(page);
    expect(text).toMatch(/fastest measured backend|hardware adapter/);
    const shown = await page.locator('gaze-portrait canvas').boundingBox();
    expect(shown!.width).toBeGreaterThan(200);
    expect(shown!.x + shown!.width).toBeLessThanOrEqual(360);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: 'test/fixtures/generated/demo-360.png', fullPage: true });
    expect(await pageAxeViolations(page)).toEqual([]);
    expect(foreign).toEqual([]);
    await page.context().close();
  });

  it('keeps the image index across a real reload, and a cropped, turned copy of a packaged photo finds it first', async () => {
    const { page, foreign } = await open('/');
    const photos = [1, 2, 3].map((i) => `/node_modules/@vladmandic/face-api/demo/sample${i}.jpg`);
    await page.evaluate(async (urls) => {
      const finder = document.querySelector('image-finder')!;
      await finder.clear();
      for (const url of urls) await finder.add(url.split('/').pop()!, url);
    }, photos);
    await page.reload();
    const found = await page.evaluate(async (url) => {
      const finder = document.querySelector('image-finder')!;
      const bitmap = await createImageBitmap(await (await fetch(url)).blob());
      const canvas = new OffscreenCanvas(Math.round(bitmap.width * 0.4), Math.round(bitmap.height * 0.4));
      const ctx = canvas.getContext('2d')!;
      ctx.translate(canvas.width / 2, canvas.height / 2);
      ctx.rotate(-0.2);
      ctx.scale(0.55, 0.55);
      ctx.drawImage(bitmap, -bitmap.width / 2, -bitmap.height / 2);
      const results = await finder.search(await canvas.convertToBlob({ type: 'image/jpeg' }));
      return { images: finder.images, first: results[0]?.id };
    }, photos[1]!);
    expect(found).toEqual({ images: ['sample1.jpg', 'sample2.jpg', 'sample3.jpg'], first: 'sample2.jpg' });
    expect(foreign).toEqual([]);
    await page.context().close();
  });

  it("works from the keyboard alone: Tab reaches every element's controls, and the portrait's eyes move with the arrow keys", async () => {
    const { page } = await open('/');
    await expectElementsStarted(page);
    /** The focused element, through shadow roots: "host-tag > tag[label]". */
    const focused = () =>
      page.evaluate(() => {
        let active: Element | null = document.activeElement;
        let host = '';
        while (active?.shadowRoot?.activeElement) {
          host = active.localName;
          active = active.shadowRoot.activeElement;
        }
        const label = active?.getAttribute('aria-label') ?? active?.textContent?.trim().slice(0, 40) ?? '';
        return `${host} > ${active?.localName ?? 'none'}[${label}]`;
      });
    const seen: string[] = [];
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      seen.push(await focused());
    }
    for (const tag of ['gaze-portrait', 'ppe-monitor', 'sound-anomaly', 'image-finder'])
      expect(
        seen.some((f) => f.startsWith(`${tag} > `)),
        tag,
      ).toBe(true);

    // Pause tracking with the keyboard, then move the eyes with the arrow keys.
    while (!(await focused()).startsWith('gaze-portrait > div')) await page.keyboard.press('Shift+Tab');
    const frame = () => page.evaluate(() => document.querySelector('gaze-portrait')!.frameIndex);
    await page.keyboard.press('Tab');
    expect(await focused()).toMatch(/^gaze-portrait > button\[Pause tracking/);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Shift+Tab');
    const before = await frame();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await frame()).toBe(before + 2);
    await page.context().close();
  });

  it('honours ?backend= from the URL', async () => {
    const { page } = await open('/?backend=cpu');
    expect(await runtimeReady(page)).toMatch(/Running on cpu\s+Forced to cpu/);
    await page.context().close();
  });

  it('shows one element fullscreen in ?kiosk mode', async () => {
    const { page } = await open('/?kiosk=sound-anomaly');
    await page.waitForFunction(() => document.body.classList.contains('kiosk'));
    expect(await page.locator('[data-element=sound-anomaly]').isVisible()).toBe(true);
    expect(await page.locator('[data-element=gaze-portrait]').isVisible()).toBe(false);
    expect(await page.locator('.page-header').isVisible()).toBe(false);
    const box = await page.locator('[data-element=sound-anomaly]').boundingBox();
    expect(box).toMatchObject({ width: 360, height: 740 });
    await page.context().close();
  });
});
