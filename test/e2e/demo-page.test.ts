/**
 * The demo site as a visitor sees it: served by Vite, opened in Chromium on a
 * phone (360 px) and a large screen (1920 px), a fake camera plugged in, every
 * request to another origin recorded, and every getUserMedia call counted.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright';
import { guardedContext } from '../../scripts/browser-task.mjs';
import { demoSite } from './demo-site.js';
import { ELEMENTS } from '../../src/elements/registry.js';
import { cameraCalls, elementReady, pageAxeViolations, runtimeReady, visibleText } from './page-checks.js';

const CAMERA = resolve(import.meta.dirname, '../fixtures/generated/camera-group-640x480.y4m');
/** What a visitor must not read unless they open the details: timings and GPU adapter talk. */
const DEVELOPER_TEXT = /\b\d+(\.\d+)?\s?ms\b|swiftshader|adapter|fastest measured|probe/i;
const VISITOR_PAGES = ELEMENTS.filter((e) => e.tag !== 'ml-runtime-status');

const site = demoSite({ camera: CAMERA });

async function open(path: string, width = 360, height = 740): Promise<{ page: Page; foreign: string[] }> {
  const { context, foreign } = await guardedContext(site.browser, site.origin, {
    viewport: { width, height },
  });
  await context.addInitScript(() => {
    const media = navigator.mediaDevices;
    const original = media.getUserMedia.bind(media);
    (window as unknown as { cameraCalls: number }).cameraCalls = 0;
    media.getUserMedia = (constraints) => {
      (window as unknown as { cameraCalls: number }).cameraCalls++;
      return original(constraints);
    };
  });
  const page = await context.newPage();
  await page.goto(`${site.origin}${path}`);
  return { page, foreign };
}

const overflowsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

describe('landing page', () => {
  for (const [width, height] of [
    [360, 740],
    [1920, 1080],
  ] as const)
    it(`at ${width} px: a card per capability (picture, sentence, "Try it"), the runtime in one closed line, no developer text, no camera, no axe violation, nothing fetched from elsewhere`, async () => {
      const { page, foreign } = await open('/', width, height);
      const cards = page.locator('.card');
      await expect.poll(() => cards.count(), { timeout: 30_000 }).toBe(4);
      for (const card of await cards.all()) {
        expect(await card.locator('img').count()).toBe(1);
        expect((await card.locator('p').innerText()).length).toBeGreaterThan(20);
        const link = card.getByRole('link', { name: /^Try it: / }); // named for its card
        expect(await link.innerText()).toBe('Try it');
        expect(await link.getAttribute('href')).toMatch(/\?element=/);
      }
      expect(await page.locator('details.runtime').getAttribute('open')).toBeNull();
      expect(await page.locator('details.runtime summary').innerText()).toMatch(/^Runs on .+ · details$/);
      await page.waitForTimeout(3000);
      expect(await visibleText(page)).not.toMatch(DEVELOPER_TEXT);
      expect(await overflowsSideways(page)).toBe(false);
      expect(await cameraCalls(page)).toBe(0);
      expect(await pageAxeViolations(page)).toEqual([]);
      expect(foreign).toEqual([]);
      await page.context().close();
    });

  it('opens the runtime details on request: backend, reason and models', async () => {
    const { page } = await open('/');
    await page.locator('details.runtime summary').click();
    expect(await runtimeReady(page)).toMatch(/Running on (wasm|webgl|cpu|webgpu)/);
    await page.context().close();
  });

  it('"Try it" opens the element on its own page, with a way back', async () => {
    const { page } = await open('/');
    await page.getByRole('link', { name: 'Try it: Gaze portrait' }).click();
    await page.waitForURL(/\?element=gaze-portrait/);
    expect(await page.locator('main gaze-portrait').count()).toBe(1);
    expect(await page.locator('ppe-monitor, sound-anomaly, image-finder').count()).toBe(0);
    await page.getByRole('link', { name: /All demos/ }).click();
    await expect.poll(() => page.locator('.card').count(), { timeout: 30_000 }).toBe(4);
    await page.context().close();
  });
});

describe('element pages', () => {
  for (const { tag } of VISITOR_PAGES)
    it(`?element=${tag} at 360 px: works, no developer text, no camera before a click, no axe violation, nothing fetched from elsewhere`, async () => {
      const { page, foreign } = await open(`/?element=${tag}`);
      await elementReady(page, tag);
      await page.waitForTimeout(3000); // long enough for any loop that would start a camera by itself
      expect(await cameraCalls(page)).toBe(0);
      expect(await visibleText(page)).not.toMatch(DEVELOPER_TEXT);
      expect(await page.locator(`${tag} details[part=backend][open]`).count()).toBe(0);
      expect(await overflowsSideways(page)).toBe(false);
      expect(await pageAxeViolations(page)).toEqual([]);
      if (tag === 'gaze-portrait')
        // Every request to another origin is refused here: the painting comes with the site.
        expect(await page.locator('gaze-portrait canvas').getAttribute('aria-label')).toMatch(/^Mona Lisa/);
      if (tag === 'gaze-portrait' || tag === 'ppe-monitor') {
        await page.getByRole('button', { name: 'Start camera' }).click();
        await expect.poll(() => cameraCalls(page), { timeout: 20_000 }).toBe(1);
      }
      expect(foreign).toEqual([]);
      await page.context().close();
    });

  it('samples to try at once: sound clips, a photo gallery with a sample query, a PPE photo', async () => {
    const { page, foreign } = await open('/?element=sound-anomaly');
    await elementReady(page, 'sound-anomaly');
    await page.getByRole('button', { name: /healthy fan/ }).click();
    await page.getByRole('button', { name: /faulty fan/ }).click();
    await expect
      .poll(() => page.locator('sound-anomaly [part=clips] tbody tr').count(), { timeout: 60_000 })
      .toBe(6);
    expect(await overflowsSideways(page)).toBe(false); // the clip table scrolls in its own box at 360 px

    await page.goto(`${site.origin}/?element=image-finder`);
    await elementReady(page, 'image-finder');
    await page.evaluate(() => document.querySelector('image-finder')!.clear());
    await page.getByRole('button', { name: 'Add 6 sample photos' }).click();
    await expect
      .poll(() => page.evaluate(() => document.querySelector('image-finder')!.images.length), {
        timeout: 90_000,
      })
      .toBe(6);
    const first = page.evaluate(
      () =>
        new Promise<string>((resolve) =>
          document.addEventListener(
            'ml-search-result',
            (e) => resolve((e as CustomEvent<{ results: { id: string }[] }>).detail.results[0]!.id),
            {
              once: true,
            },
          ),
        ),
    );
    await page.getByRole('button', { name: /photo of the Mona Lisa/ }).click();
    expect(await first).toBe('mona-lisa.jpg');
    expect(await overflowsSideways(page)).toBe(false);

    await page.goto(`${site.origin}/?element=ppe-monitor`);
    await elementReady(page, 'ppe-monitor');
    const people = page.evaluate(
      () =>
        new Promise<number>((resolve) =>
          document.addEventListener(
            'ml-ppe-result',
            (e) =>
              resolve(
                (e as CustomEvent<{ metrics: { detectedPeople: number } }>).detail.metrics.detectedPeople,
              ),
            {
              once: true,
            },
          ),
        ),
    );
    await page.getByRole('button', { name: /sample photo/ }).click();
    expect(await people).toBeGreaterThanOrEqual(2);
    expect(await cameraCalls(page)).toBe(0);
    expect(foreign).toEqual([]);
    await page.context().close();
  });

  it('keeps the image index across a real reload, and a cropped, turned copy of a packaged photo finds it first', async () => {
    const { page, foreign } = await open('/?element=image-finder');
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
    /** The focused element, through shadow roots: "host-tag > tag[label]". */
    const focused = (page: Page) =>
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
    // The fleet dashboard has nothing to press until it has a ClickHouse to read (the demo has none); its
    // keyboard use, with data, is tested in fleet.test.ts.
    for (const { tag } of VISITOR_PAGES.filter((e) => e.tag !== 'ppe-fleet-dashboard')) {
      const { page } = await open(`/?element=${tag}`);
      await elementReady(page, tag);
      const seen: string[] = [];
      for (let i = 0; i < 12 && !seen.some((f) => f.startsWith(`${tag} > `)); i++) {
        await page.keyboard.press('Tab');
        seen.push(await focused(page));
      }
      expect(
        seen.some((f) => f.startsWith(`${tag} > `)),
        `${tag}: ${seen.join(', ')}`,
      ).toBe(true);
      if (tag !== 'gaze-portrait') {
        await page.context().close();
        continue;
      }
      // Pause tracking with the keyboard, then move the eyes with the arrow keys on the portrait.
      for (let i = 0; i < 4 && !/Pause tracking/.test(await focused(page)); i++)
        await page.keyboard.press('Tab');
      expect(await focused(page)).toMatch(/^gaze-portrait > button\[Pause tracking/);
      await page.keyboard.press('Enter');
      while (!(await focused(page)).startsWith('gaze-portrait > div')) await page.keyboard.press('Shift+Tab');
      const frame = () => page.evaluate(() => document.querySelector('gaze-portrait')!.frameIndex);
      const before = await frame();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      expect(await frame()).toBe(before + 2);
      await page.context().close();
    }
  });

  it('honours ?backend= from the URL', async () => {
    const { page } = await open('/?element=ml-runtime-status&backend=cpu');
    expect(await runtimeReady(page)).toMatch(/Running on cpu\s+Forced to cpu/);
    await page.context().close();
  });
});
