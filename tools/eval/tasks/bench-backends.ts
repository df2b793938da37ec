/**
 * `npm run bench -- backends`: the same BlazeFace tracking step (640x480 frame
 * → faces) on every backend, side by side in one run, with ratios to the
 * fastest; shows whether the automatic choice picked the winner.
 */
import { BACKENDS, type BackendName } from '../../../src/core/backend/backend-choice.js';
import { WorkerClient } from '../../../src/page/worker-client.js';
import { median } from '../../../src/shared/stats.js';
import { option, type Task } from '../task-context.js';

const DEFAULT_IMAGE = '/node_modules/@vladmandic/face-api/demo/sample1.jpg';

interface Row {
  backend: BackendName;
  msPerFrame: number | null;
  firstMs?: number;
  faces?: number;
  error?: string;
}

async function frame640(url: string): Promise<ImageBitmap> {
  const blob = await (await fetch(url)).blob();
  return createImageBitmap(blob, { resizeWidth: 640, resizeHeight: 480, resizeQuality: 'high' });
}

async function timeBackend(backend: BackendName, source: ImageBitmap, runs: number): Promise<Row> {
  const client = new WorkerClient('gaze', backend, { rememberChoice: false });
  try {
    const info = await client.ready;
    if (info.backend !== backend) return { backend, msPerFrame: null, error: info.reason };
    let start = performance.now();
    const faces = await client.service.detectFaces(await createImageBitmap(source));
    const firstMs = performance.now() - start;
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const bitmap = await createImageBitmap(source);
      start = performance.now();
      await client.service.detectFaces(bitmap);
      times.push(performance.now() - start);
    }
    return { backend, msPerFrame: median(times), firstMs, faces: faces.length };
  } catch (error) {
    return { backend, msPerFrame: null, error: error instanceof Error ? error.message : String(error) };
  } finally {
    client.terminate();
  }
}

export const benchBackends: Task = async (ctx) => {
  const image = option(ctx.args, 'image');
  const runs = Number(option(ctx.args, 'runs') ?? 10);
  const source = await frame640(image ? ctx.fileUrl(image) : DEFAULT_IMAGE);
  const rows: Row[] = [];
  for (const backend of BACKENDS) {
    ctx.progress(`timing ${backend}…`);
    rows.push(await timeBackend(backend, source, runs));
  }
  const auto = new WorkerClient('gaze', 'auto', { rememberChoice: false });
  const chosen = await auto.ready;
  auto.terminate();
  const best = Math.min(...rows.flatMap((r) => (r.msPerFrame === null ? [] : [r.msPerFrame])));
  const table = rows.map((r) => ({
    ...r,
    fps: r.msPerFrame ? 1000 / r.msPerFrame : null,
    slowerThanFastest: r.msPerFrame ? r.msPerFrame / best : null,
  }));
  for (const r of table) {
    ctx.progress(
      r.msPerFrame === null
        ? `${r.backend.padEnd(7)} unavailable: ${r.error}`
        : `${r.backend.padEnd(7)} ${r.msPerFrame.toFixed(1).padStart(8)} ms/frame  ${r.fps!.toFixed(1).padStart(6)} fps  x${r.slowerThanFastest!.toFixed(2)} of fastest`,
    );
  }
  return {
    task: 'bench:backends',
    frame: '640x480',
    runs,
    auto: { backend: chosen.backend, reason: chosen.reason },
    rows: table,
  };
};
