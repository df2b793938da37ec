/**
 * <gaze-portrait> as a kiosk visitor sees it: the fake camera plays a face
 * walking from the left of the image to the right (scripts/make-fixtures.mjs),
 * and the portrait's ml-gaze-change frames must sweep the range monotonically,
 * while no other element exists on the kiosk's page.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guardedContext } from '../../scripts/browser-task.mjs';
import { demoSite } from './demo-site.js';

const SWEEP = resolve(import.meta.dirname, '../fixtures/generated/camera-gaze-sweep-640x480.y4m');

const site = demoSite({ camera: SWEEP });

interface Change {
  frame: number;
  mode: string;
}

/**
 * The longest run of consecutive events whose frames never go up (the face moves toward the image's right).
 */
function longestFallingRun(frames: number[]): number[] {
  let best: number[] = [];
  let run: number[] = [];
  for (const frame of frames) {
    run = run.length && frame > run.at(-1)! ? [frame] : [...run, frame];
    if (run.at(0)! - run.at(-1)! > best.at(0)! - best.at(-1)! || !best.length) best = run;
  }
  return best;
}

describe('<gaze-portrait> with a camera', () => {
  it('sweeps its frames monotonically as a face walks across the camera, with no request to another origin', async () => {
    const { context, foreign } = await guardedContext(site.browser, site.origin, {
      viewport: { width: 800, height: 900 },
    });
    const page = await context.newPage();
    await page.goto(`${site.origin}/?kiosk=gaze-portrait`);
    await page.evaluate(() => {
      const seen: Change[] = [];
      (window as unknown as { gazeChanges: Change[] }).gazeChanges = seen;
      document.addEventListener('ml-gaze-change', (e) =>
        seen.push({
          frame: (e as CustomEvent<Change>).detail.frame,
          mode: (e as CustomEvent<Change>).detail.mode,
        }),
      );
    });
    // The video loops every 5 s: wait for two full sweeps once tracking starts.
    await page.waitForFunction(
      () => (window as unknown as { gazeChanges: Change[] }).gazeChanges.some((c) => c.mode === 'tracking'),
      undefined,
      { timeout: 120_000 },
    );
    await page.waitForTimeout(11_000);
    const changes = await page.evaluate(() =>
      (window as unknown as { gazeChanges: Change[] }).gazeChanges.filter((c) => c.mode === 'tracking'),
    );
    const run = longestFallingRun(changes.map((c) => c.frame));
    expect(
      run.at(0)! - run.at(-1)!,
      `frames seen: ${changes.map((c) => c.frame).join(' ')}`,
    ).toBeGreaterThanOrEqual(0.8 * 32);
    expect(run.length).toBeGreaterThanOrEqual(10);
    // The kiosk shows the portrait alone: no other element exists, so none uses the camera or a worker.
    expect(await page.locator('ppe-monitor, sound-anomaly, image-finder, ml-runtime-status').count()).toBe(0);
    expect(foreign).toEqual([]);
    await context.close();
  });
});
