/**
 * `npm run bench -- gaze [--runs 40]`: per-frame tracking time on 640x480
 * frames — camera frame in, gaze frame out — side by side in one run:
 *   ours     BlazeFace in the gaze worker (frame transferred, one
 *            readback, JS decode) + the gaze tracker, one frame at a time
 *            (latency) and streamed through the detector pool as the element
 *            runs it (frame rate);
 *   classic  @tensorflow-models/blazeface on the main thread, as the classic
 *            Mona Lisa demo ran it (same weights through classicAdapter);
 *   human    @vladmandic/human's face detector (mesh/iris off), in a worker
 *            (it bundles its own TF.js);
 * all on the backend ours chose; and MediaPipe Tasks' FaceDetector against
 * ours tracking one viewer, interleaved (bench-gaze-peer.ts). Then 10 s of real tracking by <gaze-portrait>
 * from the fake camera with a long-task observer on the main thread, and the
 * same 10 s for the classic loop.
 */
import { loadGraphModel } from '@tensorflow/tfjs-converter';
import * as blazeface from '@tensorflow-models/blazeface';
import { BlazeFaceDetector } from '../../../src/models/blazeface/blazeface-detector.js';
import { classicAdapter } from '../../../src/models/blazeface/classic-adapter.js';
import { GazeTracker } from '../../../src/core/gaze/gaze-tracker.js';
import { configureWasm, activateBackend } from '../../../src/runtime/backend/tf-backends.js';
import type { BackendName } from '../../../src/core/backend/backend-choice.js';
import { getAssetBase } from '../../../src/page/assets.js';
import { WorkerClient } from '../../../src/page/worker-client.js';
import { FaceDetectorPool, defaultPoolSize } from '../../../src/page/face-detector-pool.js';
import { median } from '../../../src/shared/stats.js';
import { frameMaking } from './bench-gaze-frames.js';
import { option, type Task, type TaskContext } from '../task-context.js';
import { loadBitmap } from './task-files.js';
import { transfer, wrap } from 'comlink';
import type { HumanDetectorApi } from './human-detector.worker.js';
import { type PeerResult, versusMediapipe } from './bench-gaze-peer.js';
import '../../../src/elements/gaze-portrait/gaze-portrait.js';

const GRID = { columns: 33, rows: 1 };
const PHOTOS = [1, 2, 3, 4, 5, 6].map((i) => `/node_modules/@vladmandic/face-api/demo/sample${i}.jpg`);
/** Faces in the six photos, counted by eye (ground truth, not a result). */
const FACES_IN_PHOTOS = 22;

interface Timing {
  name: string;
  msPerFrame: number;
  fps: number;
  faces: number;
}

/** Face photos as 640x480 camera-like frames, drawn on canvases (what a <video> hands over). */
export async function cameraFrames(): Promise<HTMLCanvasElement[]> {
  return Promise.all(
    PHOTOS.map(async (url) => {
      const bitmap = await loadBitmap(url);
      const canvas = document.createElement('canvas');
      [canvas.width, canvas.height] = [640, 480];
      const scale = Math.min(640 / bitmap.width, 480 / bitmap.height);
      canvas
        .getContext('2d')!
        .drawImage(
          bitmap,
          (640 - bitmap.width * scale) / 2,
          (480 - bitmap.height * scale) / 2,
          bitmap.width * scale,
          bitmap.height * scale,
        );
      return canvas;
    }),
  );
}

async function timeLoop(
  name: string,
  frames: HTMLCanvasElement[],
  runs: number,
  step: (frame: HTMLCanvasElement) => Promise<number>,
): Promise<Timing> {
  for (const frame of frames) await step(frame); // warm-up: shaders, first allocations
  const times: number[] = [];
  let faces = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    faces += await step(frames[i % frames.length]!);
    times.push(performance.now() - start);
  }
  const ms = median(times);
  return { name, msPerFrame: round(ms), fps: round(1000 / ms), faces: round(faces / runs) };
}

/** Ours, full search on every frame; then ours tracking one viewer against MediaPipe, interleaved. */
async function ours(ctx: TaskContext, frames: HTMLCanvasElement[], runs: number) {
  const client = new WorkerClient('gaze', ctx.backend, { rememberChoice: false });
  try {
    const info = await client.ready;
    const tracker = new GazeTracker({ grid: GRID });
    const timing = await timeLoop('ours, full search (worker)', frames, runs, async (frame) => {
      const faces = await client.service.detectFaces(await createImageBitmap(frame));
      tracker.update(faces, 640, 480, performance.now());
      return faces.length;
    });
    ctx.progress('ours tracking one viewer against MediaPipe FaceDetector, interleaved…');
    const rounds = Number(option(ctx.args, 'rounds') ?? 120);
    const peer = await versusMediapipe(ctx, client, frames, {
      rounds,
      hold: 20,
      facesInPhotos: FACES_IN_PHOTOS,
    });
    return { info, timing, peer };
  } finally {
    client.terminate();
  }
}

/** The peer's rows beside the others: ours tracking, and MediaPipe. */
function peerRows(peer: PeerResult | { error: string }): (Timing | { name: string; error: string })[] {
  if ('error' in peer) return [{ name: 'mediapipe', error: peer.error }];
  const row = (name: string, ms: number, faces: number): Timing => ({
    name,
    msPerFrame: ms,
    fps: round(1000 / ms),
    faces,
  });
  return [
    row('ours, tracking (128-px crop)', peer.oursMs, peer.oursFacesTracking),
    row('mediapipe (worker)', peer.mediapipeMs, round(peer.mediapipeFaces / 6)),
  ];
}

/**
 * Frame rate of the element's pipeline: frames streamed through the detector
 * pool with one frame in flight per worker, wall-clock time per frame.
 */
async function oursPipelined(
  ctx: TaskContext,
  frames: HTMLCanvasElement[],
  runs: number,
): Promise<Timing & { workers: number }> {
  const pool = new FaceDetectorPool(ctx.backend, defaultPoolSize(), { rememberChoice: false });
  const tracker = new GazeTracker({ grid: GRID });
  let next = 0;
  let faces = 0;
  let lastApplied = -Infinity;
  const worker = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const captured = performance.now();
      const found = await pool.detect(await createImageBitmap(frames[next++ % frames.length]!));
      faces += found.length;
      if (captured > lastApplied) tracker.update(found, 640, 480, (lastApplied = captured));
    }
  };
  await Promise.all(Array.from({ length: pool.size }, () => worker(frames.length))); // warm-up
  [next, faces] = [0, 0];
  const start = performance.now();
  await Promise.all(Array.from({ length: pool.size }, () => worker(Math.ceil(runs / pool.size))));
  const ms = (performance.now() - start) / (Math.ceil(runs / pool.size) * pool.size);
  pool.terminate(true);
  return {
    name: `ours (${pool.size}-worker pipeline)`,
    msPerFrame: round(ms),
    fps: round(1000 / ms),
    faces: round(faces / next),
    workers: pool.size,
  };
}

/** The classic demo: estimateFaces on the main thread, eye midpoint X → frame. */
async function classicModel(): Promise<blazeface.BlazeFaceModel> {
  const graph = await loadGraphModel(new URL('models/blazeface/blazeface.json', getAssetBase()).href);
  const adapter = classicAdapter(new BlazeFaceDetector(graph));
  return new blazeface.BlazeFaceModel(adapter as never, 128, 128, 10, 0.3, 0.75);
}

async function classicStep(model: blazeface.BlazeFaceModel, frame: HTMLCanvasElement): Promise<number> {
  const faces = (await model.estimateFaces(frame, false)) as blazeface.NormalizedFace[];
  for (const face of faces) {
    const [right, left] = face.landmarks as number[][];
    void Math.round(((right![0]! + left![0]!) / 2 / 640) * (GRID.columns - 1));
  }
  return faces.length;
}

/** Human's detector in its own worker (it bundles its own TF.js); the eye midpoint X picks the frame. */
async function human(frames: HTMLCanvasElement[], runs: number, backend: BackendName): Promise<Timing> {
  const worker = new Worker(new URL('./human-detector.worker.ts', import.meta.url), { type: 'module' });
  try {
    const api = wrap<HumanDetectorApi>(worker);
    await api.init(backend, getAssetBase());
    return await timeLoop('@vladmandic/human (worker)', frames, runs, async (frame) => {
      const bitmap = await createImageBitmap(frame);
      const eyes = await api.detect(transfer(bitmap, [bitmap]));
      for (const [x] of eyes) void Math.round((x / 640) * (GRID.columns - 1));
      return eyes.length;
    });
  } finally {
    worker.terminate();
  }
}

/** Long tasks (> 50 ms) on the main thread during `ms` of `work`. */
async function longTasksDuring(
  ms: number,
  work: (stop: () => boolean) => Promise<void>,
): Promise<{ count: number; totalMs: number; worstMs: number }> {
  const seen: number[] = [];
  const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => seen.push(e.duration)));
  observer.observe({ type: 'longtask', buffered: false });
  const end = performance.now() + ms;
  await work(() => performance.now() > end);
  observer.disconnect();
  return {
    count: seen.length,
    totalMs: round(seen.reduce((a, b) => a + b, 0)),
    worstMs: round(Math.max(0, ...seen)),
  };
}

async function elementTracking(ms: number) {
  const el = document.createElement('gaze-portrait');
  el.setAttribute('src', '/portraits/astronaut.jpg');
  // As a kiosk runs it: the camera starts without a click (on a visitor's page it waits for one).
  el.autostart = true;
  const ready = new Promise((resolve) => el.addEventListener('ml-portrait-ready', resolve, { once: true }));
  let changes = 0;
  el.addEventListener('ml-gaze-change', () => changes++);
  document.body.append(el);
  await ready;
  await new Promise((r) => setTimeout(r, 1500)); // camera started, first detections in
  const [before, fullBefore] = [el.detections, el.fullSearches];
  const longTasks = await longTasksDuring(
    ms,
    (stop) =>
      new Promise<void>((resolve) => {
        const tick = () => (stop() ? resolve() : setTimeout(tick, 100));
        tick();
      }),
  );
  const detections = el.detections - before;
  const fullSearches = el.fullSearches - fullBefore;
  el.remove();
  if (detections === 0)
    throw new Error('<gaze-portrait> ran no detection from the fake camera: nothing was measured');
  return {
    longTasks,
    detectionsPerSecond: round(detections / (ms / 1000)),
    fullSearchShare: round(fullSearches / detections),
    gazeChanges: changes,
  };
}

async function classicTracking(model: blazeface.BlazeFaceModel, frames: HTMLCanvasElement[], ms: number) {
  let detections = 0;
  const longTasks = await longTasksDuring(ms, async (stop) => {
    while (!stop()) {
      await classicStep(model, frames[detections % frames.length]!);
      detections++;
      await new Promise((r) => setTimeout(r, 0));
    }
  });
  return { longTasks, detectionsPerSecond: round(detections / (ms / 1000)) };
}

export const benchGaze: Task = async (ctx) => {
  const runs = Number(option(ctx.args, 'runs') ?? 40);
  const seconds = Number(option(ctx.args, 'seconds') ?? 10);
  // First, on a page that has not run anything yet: the other contenders' garbage (the classic loop's
  // TF.js on the main thread above all) must not be collected during the element's run.
  ctx.progress(`${seconds} s of tracking by <gaze-portrait> from the fake camera, watching for long tasks…`);
  const element = await elementTracking(seconds * 1000);
  const frames = await cameraFrames();
  ctx.progress('ours: BlazeFace in the worker, one frame at a time…');
  const { info, timing: oursLatency, peer } = await ours(ctx, frames, runs);
  ctx.progress('ours: frames streamed through the detector pool…');
  const oursTiming = await oursPipelined(ctx, frames, runs);
  configureWasm(getAssetBase());
  await activateBackend(info.backend);
  ctx.progress(`classic: @tensorflow-models/blazeface on the main thread (${info.backend})…`);
  const model = await classicModel();
  const classic = await timeLoop('classic (main thread)', frames, runs, (f) => classicStep(model, f));
  ctx.progress(`@vladmandic/human face detector on the main thread (${info.backend})…`);
  const humanTiming = await human(frames, runs, info.backend).catch((error: unknown) => ({
    name: '@vladmandic/human',
    error: String(error),
  }));
  await activateBackend(info.backend);
  ctx.progress(`${seconds} s of the classic loop on the main thread…`);
  const classicLoop = await classicTracking(model, frames, seconds * 1000);
  const making = await frameMaking(ctx, info.backend, (work) =>
    longTasksDuring(Number.POSITIVE_INFINITY, async () => work()),
  );
  const rows = [oursLatency, oursTiming, classic, humanTiming, ...peerRows(peer)];
  for (const r of rows)
    ctx.progress(
      'error' in r
        ? `${r.name}: ${r.error}`
        : `${r.name.padEnd(24)} ${r.msPerFrame.toFixed(1).padStart(7)} ms/frame ${r.fps.toFixed(1).padStart(6)} fps  faces ${r.faces}`,
    );
  // Frame rate: the element's pipeline against the classic serial loop (and Human one frame at a time).
  const speedup = {
    vsClassic: round(classic.msPerFrame / oursTiming.msPerFrame),
    vsHuman: 'msPerFrame' in humanTiming ? round(humanTiming.msPerFrame / oursTiming.msPerFrame) : null,
  };
  ctx.progress(
    `ours is ${speedup.vsClassic}x the classic frame rate and ${speedup.vsHuman ?? '-'}x Human's; long tasks in ${seconds} s: ours ${element.longTasks.count}, classic ${classicLoop.longTasks.count}`,
  );
  const latency = {
    vsClassic: round(classic.msPerFrame / oursLatency.msPerFrame),
    vsHuman: 'msPerFrame' in humanTiming ? round(humanTiming.msPerFrame / oursLatency.msPerFrame) : null,
  };
  ctx.progress(`one frame at a time (latency), ours is ${latency.vsClassic}x the classic rate`);
  if (!('error' in peer))
    ctx.progress(
      `tracking one viewer: ours ${peer.oursMs} ms/frame, MediaPipe ${peer.mediapipeMs} (ratio ${peer.ratio}, ${peer.fullSearchShare * 100}% full searches); faces in the photos (of ${FACES_IN_PHOTOS}): ours ${peer.oursFacesFullSearch}, MediaPipe ${peer.mediapipeFaces}`,
    );
  return {
    task: 'bench:gaze',
    frame: '640x480',
    backend: info.backend,
    cores: navigator.hardwareConcurrency,
    runs,
    rows,
    speedup,
    latency,
    vsMediapipe: peer,
    longTasks: { seconds, ours: element, classic: classicLoop },
    frameMaking: making,
  };
};

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
