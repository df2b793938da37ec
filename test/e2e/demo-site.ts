/** The demo served by Vite and one Chromium (with a fake camera when given), for the tests of one file. */
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright';
import type { ViteDevServer } from 'vite';
import { launchChromium, startServer } from '../../scripts/browser-task.mjs';

export interface DemoSite {
  server: ViteDevServer;
  origin: string;
  browser: Browser;
}

export function demoSite(media: { camera?: string } = {}): DemoSite {
  const site = {} as DemoSite;
  beforeAll(async () => {
    Object.assign(site, await startServer());
    site.browser = await launchChromium(media);
  });
  afterAll(async () => {
    await site.browser?.close();
    await site.server?.close();
  });
  return site;
}
