/**
 * `npm run bench -- backends`: the same BlazeFace tracking step (640x480 frame
 * → faces) on every backend, side by side in one run, with ratios to the
 * fastest; shows whether the automatic choice picked the winner. Per backend:
 * the first inference in a fresh worker (model upload and, on WebGPU/WebGL,
 * shader compilation) and the steady time after it; with the full search and
 * with the 128-px crop the gaze portrait tracks in. MediaPipe's FaceDetector
 * (CPU, in its worker) is the last row.
 */
import { BACKENDS, type BackendName } from '../../../src/core/backend/backend-choice.js';
import { WorkerClient } from '../../../src/page/worker-client.js';
import { median } from '../../../src/shared/stats.js';
import { option, type Task } from '../task-context.js';
import { startMediapipe } from './bench-gaze-peer.js';
import { transfer } from 'comlink';
import { RoiTracking } from '../../../src/core/gaze/roi-tracking.js';
import { viewerPosition } from '../../../src/core/gaze/gaze-mapping.js';
import type { FaceDetection, FaceSearch } from '../../../src/contracts/gaze.js';

const DEFAULT_IMAGE = '/node_modules/@vladmandic/face-api/demo/sample1.jpg';

interface Row {
  backend: BackendName | 'mediapipe';
  msPerFrame: number | null;
  firstMs?: number;
  /** Steady time of one frame searched in the crop the gaze portrait tracks in. */
  cropMsPerFrame?: number;
  /** The first frame searched in the crop, after the first full frame (no second shader compile). */
  firstCropMs?: number;
  /**
   * The first inference again, in a second fresh worker of the same page: no TF.js cache is shared between
   * workers, so what it saves is the browser's own (compiled shaders, as after a reload).
   */
  firstAgainMs?: number;
  faces?: number;
  error?: string;
}

async function frame640(url: string): Promise<ImageBitmap> {
  const blob = await (await fetch(url)).blob();
  return createImageBitmap(blob, { resizeWidth: 640, resizeHeight: 480, resizeQuality: 'high' });
}

/** Median ms of `runs` detections after one untimed warm-up. */
async function steadyMs(runs: number, detect: () => Promise<unknown>): Promise<number> {
  await detect();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await detect();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** The crop the gaze portrait would search next, following the largest face. */
function trackingCrop(faces: FaceDetection[], source: ImageBitmap): FaceSearch {
  const roi = new RoiTracking();
  roi.next(source.width, source.height);
  const largest = [...faces].sort((a, b) => b.box.width - a.box.width)[0];
  if (largest)
    roi.observe(1, viewerPosition(largest, source.width, source.height), source.width, source.height);
  return roi.next(source.width, source.height);
}

/** A fresh worker on `backend`, and the time from its first frame sent to its faces back. */
async function firstFrame(backend: BackendName, source: ImageBitmap) {
  const client = new WorkerClient('gaze', backend, { rememberChoice: false });
  const info = await client.ready;
  const start = performance.now();
  const faces =
    info.backend === backend ? await client.service.detectFaces(await createImageBitmap(source)) : [];
  return { client, info, faces, firstMs: performance.now() - start };
}

async function timeBackend(backend: BackendName, source: ImageBitmap, runs: number): Promise<Row> {
  let client: WorkerClient<'gaze'> | null = null;
  try {
    const first = await firstFrame(backend, source);
    client = first.client;
    if (first.info.backend !== backend) return { backend, msPerFrame: null, error: first.info.reason };
    const detect = async (search?: FaceSearch) =>
      first.client.service.detectFaces(await createImageBitmap(source), undefined, search);
    const crop = trackingCrop(first.faces, source);
    const cropStart = performance.now();
    await detect(crop);
    const firstCropMs = performance.now() - cropStart;
    const msPerFrame = await steadyMs(runs, () => detect());
    const cropMsPerFrame = await steadyMs(runs, () => detect(crop));
    client.terminate();
    const again = await firstFrame(backend, source);
    again.client.terminate();
    return {
      backend,
      msPerFrame,
      firstMs: first.firstMs,
      firstCropMs,
      firstAgainMs: again.firstMs,
      cropMsPerFrame,
      faces: first.faces.length,
    };
  } catch (error) {
    return { backend, msPerFrame: null, error: error instanceof Error ? error.message : String(error) };
  } finally {
    client?.terminate();
  }
}

/** The peer: MediaPipe's FaceDetector (CPU delegate) in its worker, timed the same way. */
async function timeMediapipe(source: ImageBitmap, runs: number): Promise<Row> {
  const started = await startMediapipe();
  if ('error' in started) return { backend: 'mediapipe', msPerFrame: null, error: started.error };
  const detect = async () => {
    const bitmap = await createImageBitmap(source);
    return started.api.detect(transfer(bitmap, [bitmap]));
  };
  try {
    const start = performance.now();
    const faces = await detect();
    const firstMs = performance.now() - start;
    return { backend: 'mediapipe', msPerFrame: await steadyMs(runs, detect), firstMs, faces: faces.length };
  } finally {
    started.worker.terminate();
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
  ctx.progress('timing MediaPipe FaceDetector (CPU, its own worker)…');
  rows.push(await timeMediapipe(source, runs));
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
        : `${r.backend.padEnd(9)} first ${r.firstMs!.toFixed(0).padStart(6)} ms  steady ${r.msPerFrame.toFixed(1).padStart(7)} ms/frame  ${r.fps!.toFixed(1).padStart(6)} fps  x${r.slowerThanFastest!.toFixed(2)} of fastest${r.cropMsPerFrame ? `  crop ${r.cropMsPerFrame.toFixed(1)} ms (first ${r.firstCropMs!.toFixed(0)})` : ''}${r.firstAgainMs ? `  first again ${r.firstAgainMs.toFixed(0)} ms` : ''}  faces ${r.faces}`,
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
