/** What "the elements started" means on a page, shared by the demo, embed and built-site tests. */
import { expect } from 'vitest';
import { createRequire } from 'node:module';
import type { Page } from 'playwright';

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

export const portraitDrawn = (page: Page) =>
  page.waitForFunction(
    () => (document.querySelector('gaze-portrait')?.shadowRoot?.querySelector('canvas')?.width ?? 0) > 0,
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

/**
 * All four elements started on the page: runtime, portrait, PPE monitor, sound and image controls, no error
 * shown but a missing camera.
 */
export async function expectElementsStarted(page: Page): Promise<string> {
  const status = await runtimeReady(page);
  expect(status).toMatch(/Running on (wasm|webgl|cpu|webgpu)/);
  await portraitDrawn(page);
  await ppeWaiting(page);
  for (const tag of ['sound-anomaly', 'image-finder'])
    expect(await page.locator(`${tag} [part=controls]`).isVisible(), tag).toBe(true);
  for (const tag of ['ppe-monitor', 'sound-anomaly', 'image-finder'])
    expect(await page.locator(`${tag} [part=error]`).count(), tag).toBe(0);
  // No camera is plugged in here: the portrait says so, and is still shown.
  const gazeProblem = await page.locator('gaze-portrait [part=error]').allTextContents();
  expect(gazeProblem.join(' ')).toMatch(/^$|camera/i);
  return status;
}
