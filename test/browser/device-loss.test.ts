/**
 * A kiosk's GPU device lost mid-run (a driver reset, an unplugged eGPU),
 * rehearsed by destroying the WebGPU device of the worker: the page gets a
 * new worker on the fastest other backend, says so, and the elements carry
 * on with what they had (models reloaded, the image index restored).
 */
import { afterEach, describe, expect, it } from 'vitest';
import '../../src/elements/ml-runtime-status/ml-runtime-status.js';
import '../../src/elements/image-finder/image-finder.js';
import type { RuntimeReadyDetail } from '../../src/elements/ml-runtime-status/ml-runtime-status.js';
import { simulateDeviceLoss } from '../../src/page/worker-client.js';
import { until } from './helpers.js';

const PHOTOS = [1, 2].map((i) => `/node_modules/@vladmandic/face-api/demo/sample${i}.jpg`);
const shadowText = (el: Element, part: string) =>
  el.shadowRoot?.querySelector(`[part=${part}]`)?.textContent ?? '';

afterEach(() => document.body.replaceChildren());

describe('a lost GPU device', () => {
  it('moves the runtime to another backend, says why, and the elements keep working', async () => {
    // An index made earlier (on WASM), which the WebGPU finder restores from IndexedDB.
    const maker = Object.assign(document.createElement('image-finder'), {
      backend: 'wasm',
      indexKey: 'gpu-loss',
    });
    document.body.append(maker);
    await maker.clear();
    for (const url of PHOTOS) await maker.add(url.split('/').pop()!, url);
    maker.remove();

    const status = Object.assign(document.createElement('ml-runtime-status'), {
      backend: 'webgpu',
      models: 'blazeface',
    });
    const readies: RuntimeReadyDetail[] = [];
    status.addEventListener('ml-runtime-ready', (e) => readies.push(e.detail));
    const finder = Object.assign(document.createElement('image-finder'), {
      backend: 'webgpu',
      indexKey: 'gpu-loss',
    });
    document.body.append(status, finder);
    await until(() => readies.length === 1 && finder.images.length === 2, 120_000);
    expect(readies[0]!.backend.backend).toBe('webgpu');

    // A driver reset: every worker on WebGPU (the status's and the finder's) loses its device.
    expect(await simulateDeviceLoss('webgpu')).toBe(true);

    await until(() => readies.length === 2, 120_000);
    const after = readies[1]!;
    expect(after.backend.backend).not.toBe('webgpu');
    expect(after.backend.reason).toMatch(/^the GPU device was lost/);
    expect(after.models.map((m) => m.name)).toEqual(['blazeface']);
    await status.updateComplete;
    expect(shadowText(status, 'backend')).toContain(after.backend.backend);
    expect(shadowText(status, 'reason')).toMatch(/GPU device was lost/);

    const results = await finder.search(PHOTOS[1]!);
    expect(results[0]!.id).toBe('sample2.jpg');
    await finder.updateComplete;
    expect(shadowText(finder, 'backend')).toMatch(
      // The closed "Runs on …" disclosure holds the reason for the curious.
      new RegExp(`Runs on ${after.backend.backend}\\s*the GPU device was lost`, 'i'),
    );
  });
});
