/**
 * The kiosks as a museum or a factory entrance runs them: `?kiosk=<tag>` at
 * four screen sizes, the fake camera showing a group of people. Each fits the
 * screen with no scrollbar, its main view (the painting; the live video)
 * fills it in at least one dimension, it shows nothing but what it is for,
 * and the admin view comes only on a deliberate action.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { guardedContext } from '../../scripts/browser-task.mjs';
import { demoSite } from './demo-site.js';
import { visibleText } from './page-checks.js';

const CAMERA = resolve(import.meta.dirname, '../fixtures/generated/camera-group-640x480.y4m');
const SIZES = [
  [1920, 1080],
  [1080, 1920],
  [1280, 800],
  [390, 844],
] as const;

const site = demoSite({ camera: CAMERA });

interface Fit {
  scroll: [number, number];
  screen: [number, number];
  /** The painted picture inside its element (object-fit: contain), in CSS px. */
  picture: [number, number];
}

/** How the page and the main view (a canvas or video, letterboxed by object-fit: contain) fit the screen. */
const fitOf = (page: Page, tag: string, selector: string) =>
  page.evaluate(
    ([tag, selector]) => {
      const view = document
        .querySelector(tag)!
        .shadowRoot!.querySelector<HTMLCanvasElement | HTMLVideoElement>(selector)!;
      const box = view.getBoundingClientRect();
      const [w, h] =
        view instanceof HTMLVideoElement ? [view.videoWidth, view.videoHeight] : [view.width, view.height];
      const scale = Math.min(box.width / w, box.height / h);
      const root = document.documentElement;
      return {
        scroll: [root.scrollWidth, root.scrollHeight],
        screen: [window.innerWidth, window.innerHeight],
        picture: [w * scale, h * scale],
      } as Fit;
    },
    [tag, selector],
  );

function expectFits(fit: Fit, size: string): void {
  expect(fit.scroll[0], `${size}: page width`).toBeLessThanOrEqual(fit.screen[0]);
  expect(fit.scroll[1], `${size}: page height`).toBeLessThanOrEqual(fit.screen[1]);
  const filled = Math.max(fit.picture[0] / fit.screen[0], fit.picture[1] / fit.screen[1]);
  expect(filled, `${size}: share of the screen the main view fills`).toBeGreaterThanOrEqual(0.9);
}

async function openKiosk(tag: string, ready: () => boolean): Promise<{ page: Page; foreign: string[] }> {
  const [width, height] = SIZES[0];
  const { context, foreign } = await guardedContext(site.browser, site.origin, {
    viewport: { width, height },
  });
  const page = await context.newPage();
  await page.goto(`${site.origin}/?kiosk=${tag}`);
  await page.waitForFunction(ready, undefined, { timeout: 120_000 });
  return { page, foreign };
}

const expectFitsEverySize = async (page: Page, tag: string, selector: string) => {
  for (const [width, height] of SIZES) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(300);
    expectFits(await fitOf(page, tag, selector), `${width}x${height}`);
  }
};

describe('kiosk pages', () => {
  it('?kiosk=gaze-portrait: the painting alone, filling the screen at every size, no text; admin view on Ctrl+Shift+A', async () => {
    const { page, foreign } = await openKiosk(
      'gaze-portrait',
      // Its gaze frames ready (the painting alone is drawn earlier, while the models load).
      () => {
        const canvas = document.querySelector('gaze-portrait')?.shadowRoot?.querySelector('canvas');
        return (
          (canvas?.width ?? 0) > 0 && !/\(loading\)/.test(canvas?.getAttribute('aria-label') ?? '(loading)')
        );
      },
    );
    await expectFitsEverySize(page, 'gaze-portrait', 'canvas');
    expect((await visibleText(page)).trim()).toBe('');
    expect(await page.getByRole('button').count()).toBe(0);
    const letterbox = await page.evaluate(
      () =>
        getComputedStyle(document.querySelector('gaze-portrait')!.shadowRoot!.querySelector('canvas')!)
          .backgroundColor,
    );
    expect(letterbox).not.toMatch(/^rgba?\((0|17), \1, \1(, 0)?\)$/); // a colour taken from the painting, not the default

    await page.keyboard.press('Control+Shift+A');
    await expect.poll(() => page.getByRole('button', { name: /tracking/ }).count()).toBe(1);
    await page.keyboard.press('Control+Shift+A');
    await expect.poll(() => page.getByRole('button').count()).toBe(0);
    expect(foreign).toEqual([]);
    await page.context().close();
  });

  it('?kiosk=ppe-monitor: the live view large with one banner at every size, no admin controls until Ctrl+Shift+A', async () => {
    const { page, foreign } = await openKiosk('ppe-monitor', () => {
      const root = document.querySelector('ppe-monitor')?.shadowRoot;
      return (
        (root?.querySelector('video')?.videoWidth ?? 0) > 0 &&
        /mask/.test(root?.querySelector('[part=banner]')?.textContent ?? '')
      );
    });
    await expectFitsEverySize(page, 'ppe-monitor', 'video');
    // Three bare faces: the entrance says what to put on, and nothing else is written on the screen.
    expect((await visibleText(page)).trim()).toBe('Please wear a mask');
    expect(await page.getByRole('button').count()).toBe(0);

    await page.keyboard.press('Control+Shift+A');
    await expect.poll(() => page.getByRole('button', { name: 'Pause' }).count()).toBe(1);
    await page.keyboard.press('Control+Shift+A');
    await expect.poll(() => page.getByRole('button').count()).toBe(0);
    expect(foreign).toEqual([]);
    await page.context().close();
  });
});
