import { test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { loadGraphModel } from '@tensorflow/tfjs-converter';
import { GROUP_PHOTO, loadBitmap } from './helpers.js';

async function model(relax: boolean) {
  const json = await (await fetch('/models/centernet/centernet.json')).json();
  if (relax) for (const n of json.modelTopology.node) if (n.op === 'Placeholder') { const d = n.attr.shape.shape.dim; d[1].size = '-1'; d[2].size = '-1'; }
  const bin = await (await fetch('/models/centernet/centernet.bin')).arrayBuffer();
  return loadGraphModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g: any) => g.weights), weightData: bin }));
}

test('centernet', async () => {
  setWasmPaths('/wasm/');
  await tf.setBackend('wasm');
  const bmp = await loadBitmap(GROUP_PHOTO);
  const px = tf.browser.fromPixels(bmp as any);
  for (const [relax, size] of [[false, 512], [true, 512], [true, 320], [true, 256]] as const) {
    try {
      const m = await model(relax);
      const input = tf.cast(tf.expandDims(tf.image.resizeBilinear(px, [size, size])), 'float32');
      m.execute(input, ['tower_0/detections']);
      const t0 = performance.now();
      const out = m.execute(input, ['tower_0/detections']) as tf.Tensor;
      const d = (await out.array()) as number[][][];
      const ms = performance.now() - t0;
      console.log('relax', relax, size, ms.toFixed(0), 'ms', JSON.stringify(d[0]!.filter((r) => r[4]! > 0.2).map((r) => r.map((v) => +v.toFixed(2)))));
    } catch (e) { console.log('relax', relax, size, 'ERR', String(e)); }
  }
});
