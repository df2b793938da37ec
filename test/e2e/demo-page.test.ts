/**
 * The demo page as a visitor on a phone sees it: served by Vite, opened in
 * Chromium at 360 px wide, with every request to another origin recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright';
import type { ViteDevServer } from 'vite';
import { guardedContext, launchChromium, startServer } from '../../scripts/browser-task.mjs';

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
  const { context, foreign } = await guardedContext(browser, origin, { viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto(`${origin}${path}`);
  return { page, foreign };
}

const statusText = (page: Page) =>
  page.waitForFunction(() => {
    const root = document.querySelector('ml-runtime-status')?.shadowRoot;
    const bars = [...(root?.querySelectorAll('progress') ?? [])];
    return bars.length > 0 && bars.every((b) => b.value === b.max) ? root!.textContent : null;
  }, undefined, { timeout: 120_000 }).then((h) => h.jsonValue() as Promise<string>);

describe('demo page', () => {
  it('runs at 360 px: runtime status with its backend, the gaze portrait drawn, the PPE monitor loaded, the elements still to come marked not available yet, no request to any other origin', async () => {
    const { page, foreign } = await open('/');
    const text = await statusText(page);
    expect(text).toMatch(/Running on (wasm|webgl|cpu|webgpu)/);
    expect(text).toMatch(/fastest measured backend|hardware adapter/);
    await page.waitForFunction(() => (document.querySelector('gaze-portrait')?.shadowRoot?.querySelector('canvas')?.width ?? 0) > 0, undefined, { timeout: 120_000 });
    const shown = await page.locator('gaze-portrait canvas').boundingBox();
    expect(shown!.width).toBeGreaterThan(200);
    expect(shown!.x + shown!.width).toBeLessThanOrEqual(360);
    // No camera is granted here: the monitor has its models loaded and waits for one, without an error.
    await page.waitForFunction(() => {
      const root = document.querySelector('ppe-monitor')?.shadowRoot;
      return root && !root.querySelector('progress') && !/Loading/.test(root.querySelector('[part=status]')?.textContent ?? 'Loading');
    }, undefined, { timeout: 120_000 });
    expect(await page.locator('ppe-monitor [part=error]').count()).toBe(0);
    expect(await page.locator('sound-anomaly [part=controls]').isVisible()).toBe(true);
    expect(await page.locator('sound-anomaly [part=error]').count()).toBe(0);
    for (const tag of ['image-finder']) {
      await expect(page.locator(`${tag} .unavailable`).isVisible()).resolves.toBe(true);
      expect(await page.locator(`${tag} .unavailable`).textContent()).toMatch(/^Not available yet/);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: 'test/fixtures/generated/demo-360.png', fullPage: true });
    expect(foreign).toEqual([]);
    await page.context().close();
  });

  it('honours ?backend= from the URL', async () => {
    const { page } = await open('/?backend=cpu');
    expect(await statusText(page)).toMatch(/Running on cpu\s+Forced to cpu/);
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
