/**
 * `@tensorflow-models/blazeface` (the classic API, on the main thread) running
 * Human's 256-px weights through the adapter finds the same faces as the
 * project's own detector in the worker. Issue 3's benchmark relies on this.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { BlazeFaceModel } from '@tensorflow-models/blazeface';
import { BlazeFaceDetector } from '../../src/models/blazeface/blazeface-detector.js';
import { classicAdapter } from '../../src/models/blazeface/classic-adapter.js';
import { graphModelFromFiles } from '../../src/models/loader/graph-model.js';
import { fetchVerified } from '../../src/models/loader/fetch-verified.js';
import { findModel, type ModelManifest } from '../../src/contracts/model-manifest.js';
import { WorkerClient } from '../../src/page/worker-client.js';
import { GROUP_PHOTO, loadBitmap } from './helpers.js';

describe('classic BlazeFace adapter', () => {
  it('gives the package the [1, 896, 17] output it expects and the same faces as our detector', async () => {
    await tf.setBackend('cpu');
    const base = new URL('/models/', location.href).href;
    const manifest = (await (await fetch(`${base}manifest.json`)).json()) as ModelManifest;
    const entry = findModel(manifest, 'blazeface');
    const detector = new BlazeFaceDetector(
      await graphModelFromFiles(entry, (await fetchVerified(entry, { baseUrl: base })).files),
    );
    const adapter = classicAdapter(detector);
    const probe = adapter.predict(tf.zeros([1, 128, 128, 3]));
    expect(probe.shape).toEqual([1, 896, 17]);
    probe.dispose();

    // The classic package resizes without letterboxing: feed it a square crop so both see the same pixels.
    const photo = await loadBitmap(GROUP_PHOTO);
    const side = photo.height;
    const square = await createImageBitmap(photo, (photo.width - side) / 2, 0, side, side, {
      resizeWidth: 512,
      resizeHeight: 512,
    });
    const classic = new BlazeFaceModel(adapter as never, 128, 128, 10, 0.3, 0.75);
    const theirs = await classic.estimateFaces(tf.browser.fromPixels(square), false);
    const runtime = new WorkerClient('gaze', 'wasm', { rememberChoice: false });
    const ours = await runtime.service.detectFaces(await createImageBitmap(square));
    runtime.terminate();
    expect(theirs.length).toBe(ours.length);
    expect(ours.length).toBeGreaterThanOrEqual(2);
    const centres = (boxes: [number, number, number, number][]) =>
      boxes.map(([x0, y0, x1, y1]) => [(x0 + x1) / 2, (y0 + y1) / 2]).sort((a, b) => a[0]! - b[0]!);
    const a = centres(
      theirs.map((f) => [...(f.topLeft as [number, number]), ...(f.bottomRight as [number, number])]),
    );
    const b = centres(ours.map((f) => [f.box.x, f.box.y, f.box.x + f.box.width, f.box.y + f.box.height]));
    a.forEach(([x, y], i) => {
      expect(Math.abs(x! - b[i]![0]!)).toBeLessThan(6);
      expect(Math.abs(y! - b[i]![1]!)).toBeLessThan(6);
    });
  });
});
