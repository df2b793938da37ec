/** What "the elements started" means on a page, shared by the demo, embed and built-site tests. */
import { expect } from 'vitest';
import { createRequire } from 'node:module';
import type { Page } from 'playwright';
import { ELEMENTS } from '../../src/elements/registry.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's violations on the whole page, shadow roots included, one line each. */
export async function pageAxeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const { violations } = await (window as unknown as { axe: typeof import('axe-core') }).axe.run(document, {
      resultTypes: ['violations'],
    });
    return violations.map(
      (v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`,
    );
  });
}

/** The runtime status text once every model bar is full. */
export const runtimeReady = (page: Page): Promise<string> =>
  page
    .waitForFunction(
      () => {
        const root = document.querySelector('ml-runtime-status')?.shadowRoot;
        const bars = [...(root?.querySelectorAll('progress') ?? [])];
        return bars.length > 0 && bars.every((b) => b.value === b.max) ? root!.textContent : null;
      },
      undefined,
      { timeout: 120_000 },
    )
    .then((h) => h.jsonValue() as Promise<string>);

/**
 * The portrait's gaze frames are ready: the painting alone is drawn earlier, while the models load, and its
 * label says "(loading)" until then.
 */
export const portraitReady = (page: Page) =>
  page.waitForFunction(
    () => {
      const canvas = document.querySelector('gaze-portrait')?.shadowRoot?.querySelector('canvas');
      return (
        (canvas?.width ?? 0) > 0 && !/\(loading\)/.test(canvas?.getAttribute('aria-label') ?? '(loading)')
      );
    },
    undefined,
    { timeout: 120_000 },
  );

/** The PPE monitor has its models and waits for a camera (none is granted), without an error. */
export const ppeWaiting = (page: Page) =>
  page
    .waitForFunction(
      () => {
        const root = document.querySelector('ppe-monitor')?.shadowRoot;
        return (
          root &&
          !root.querySelector('progress') &&
          !/Loading/.test(root.querySelector('[part=status]')?.textContent ?? 'Loading')
        );
      },
      undefined,
      { timeout: 120_000 },
    )
    .catch(async (error: unknown) => {
      // Say what the monitor shows instead, so a timeout is diagnosable.
      const shown = await page
        .evaluate(() =>
          document.querySelector('ppe-monitor')?.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim(),
        )
        .catch(() => '(page gone)');
      throw new Error(`the PPE monitor did not get ready; it shows: ${shown}`, { cause: error });
    });

/** An element on its own page has started: models loaded, first view drawn, no error but a missing camera. */
export async function elementReady(page: Page, tag: string): Promise<void> {
  if (tag === 'ml-runtime-status')
    expect(await runtimeReady(page)).toMatch(/Running on (wasm|webgl|cpu|webgpu)/);
  else if (tag === 'gaze-portrait') await portraitReady(page);
  else if (tag === 'ppe-monitor') await ppeWaiting(page);
  // Without a ClickHouse to read (the demo has none) the fleet dashboard says what to set, and nothing else.
  else if (tag === 'ppe-fleet-dashboard')
    await page.locator(`${tag} .empty`).waitFor({ state: 'visible', timeout: 30_000 });
  else await page.locator(`${tag} [part=controls]`).waitFor({ state: 'visible', timeout: 120_000 });
  const problems = await page.locator(`${tag} [part=error]`).allTextContents();
  expect(problems.join(' '), tag).toMatch(/^$|camera/i);
}

/** Every element's page on `origin` started, one after the other in `page`; returns the runtime status text. */
export async function expectEveryElementPage(page: Page, origin: string): Promise<string> {
  let status = '';
  for (const { tag } of ELEMENTS) {
    await page.goto(`${origin}/?element=${tag}`);
    await elementReady(page, tag);
    if (tag === 'ml-runtime-status') status = await runtimeReady(page);
  }
  return status;
}

/** getUserMedia calls since the page loaded (counted by the init script the demo tests add). */
export const cameraCalls = (page: Page): Promise<number> =>
  page.evaluate(() => (window as unknown as { cameraCalls?: number }).cameraCalls ?? 0);

/**
 * The text a visitor can read, shadow roots included: text whose element has a box (what is in a closed
 * <details> has none) and is not hidden for screen readers only.
 */
export const visibleText = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const texts: string[] = [];
    const walk = (root: Node) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node instanceof Element && node.shadowRoot) walk(node.shadowRoot);
        const parent = node.nodeType === Node.TEXT_NODE ? node.parentElement : null;
        if (parent?.checkVisibility() && !parent.closest('.visually-hidden, style, script'))
          texts.push(node.textContent ?? '');
      }
    };
    walk(document.body);
    return texts.join(' ').replace(/\s+/g, ' ');
  });
