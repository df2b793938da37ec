/**
 * `npm run bench -- threads`: does TF.js's threaded WASM win? The page is
 * served cross-origin isolated (COOP same-origin, COEP require-corp), so
 * SharedArrayBuffer and WASM threads exist. Side by side in one run, rounds
 * interleaved over the gaze bench's six 640x480 photos: one gaze worker on
 * 1 thread against one on 2 threads (and more where the device has the cores),
 * each with the full 256-px search and the 128-px tracking crop; then the
 * element's way of using a second core, two single-thread workers with a
 * frame in flight on each.
 */
import type { FaceSearch } from '../../../src/contracts/gaze.js';
import { FaceDetectorPool } from '../../../src/page/face-detector-pool.js';
import { WorkerClient } from '../../../src/page/worker-client.js';
import { median } from '../../../src/shared/stats.js';
import { option, type Task } from '../task-context.js';
import { cameraFrames } from './bench-gaze.js';

const CROP: FaceSearch = { region: { x: 200, y: 80, width: 240, height: 240 }, inputSize: 128 };
const round = (v: number) => Math.round(v * 100) / 100;

interface Contender {
  threads: number;
  client: WorkerClient<'gaze'>;
  full: number[];
  crop: number[];
}

async function timedDetect(client: WorkerClient<'gaze'>, frame: HTMLCanvasElement, search?: FaceSearch) {
  const bitmap = await createImageBitmap(frame);
  const start = performance.now();
  await client.service.detectFaces(bitmap, undefined, search);
  return performance.now() - start;
}

/** Two single-thread workers, one frame in flight on each: wall-clock ms per frame. */
async function twoWorkers(ctx: Parameters<Task>[0], frames: HTMLCanvasElement[], runs: number) {
  const pool = new FaceDetectorPool(ctx.backend, 2, { rememberChoice: false });
  let next = 0;
  const lane = async (count: number) => {
    for (let i = 0; i < count; i++)
      await pool.detect(await createImageBitmap(frames[next++ % frames.length]!));
  };
  await Promise.all([lane(frames.length), lane(frames.length)]); // warm-up, second worker started
  const start = performance.now();
  await Promise.all([lane(runs / 2), lane(runs / 2)]);
  const ms = (performance.now() - start) / runs;
  pool.terminate(true);
  return round(ms);
}

export const benchThreads: Task = async (ctx) => {
  const runs = Number(option(ctx.args, 'runs') ?? 30);
  const cores = navigator.hardwareConcurrency;
  const frames = await cameraFrames();
  const counts = [...new Set([1, 2, Math.min(4, cores)])];
  const contenders: Contender[] = [];
  for (const threads of counts) {
    const client = new WorkerClient('gaze', 'wasm', { rememberChoice: false, wasmThreads: threads });
    const info = await client.ready;
    ctx.progress(`worker asked for ${threads} thread(s): runs on ${info.wasmThreads ?? '?'}`);
    contenders.push({ threads: info.wasmThreads ?? 1, client, full: [], crop: [] });
    for (const frame of frames) await timedDetect(client, frame, undefined); // warm-up
    await timedDetect(client, frames[0]!, CROP);
  }
  for (let i = 0; i < runs; i++) {
    const frame = frames[i % frames.length]!;
    for (const c of contenders) {
      c.full.push(await timedDetect(c.client, frame));
      c.crop.push(await timedDetect(c.client, frame, CROP));
    }
  }
  contenders.forEach((c) => c.client.terminate());
  const [single] = contenders;
  const rows = contenders.map((c) => ({
    threads: c.threads,
    fullMs: round(median(c.full)),
    cropMs: round(median(c.crop)),
    fullVsOneThread: round(median(c.full) / median(single!.full)),
    cropVsOneThread: round(median(c.crop) / median(single!.crop)),
  }));
  ctx.progress('two single-thread workers, a frame in flight on each…');
  const pipelineMs = await twoWorkers(ctx, frames, runs);
  for (const r of rows)
    ctx.progress(
      `${r.threads} thread(s): full ${r.fullMs} ms (x${r.fullVsOneThread}), crop ${r.cropMs} ms (x${r.cropVsOneThread})`,
    );
  ctx.progress(`2 workers x 1 thread, full search: ${pipelineMs} ms per frame (wall clock)`);
  return {
    task: 'bench:threads',
    crossOriginIsolated: globalThis.crossOriginIsolated,
    cores,
    runs,
    rows,
    twoWorkersFullMs: pipelineMs,
  };
};
