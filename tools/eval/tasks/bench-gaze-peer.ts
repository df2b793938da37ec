/**
 * The gaze bench's peer: MediaPipe Tasks' FaceDetector in a module worker,
 * measured against ours in the same run, rounds interleaved (ours, then
 * MediaPipe, on the same frame), so both see the same machine load.
 *
 * Ours runs as the element tracks one near viewer: RoiTracking plans each
 * frame (a 128-px crop around the followed face, the full 256-px search
 * every 30 frames and whenever the face is lost), GazeTracker follows. Each
 * bench photo is held for `hold` frames, like a viewer standing still, then
 * the next one comes (a new viewer: the crop loses the face, a full search
 * finds the new one). Times are per frame, camera frame in to faces out.
 */
import { type Remote, transfer, wrap } from 'comlink';
import type { FaceDetection } from '../../../src/contracts/gaze.js';
import { GazeTracker } from '../../../src/core/gaze/gaze-tracker.js';
import { RoiTracking } from '../../../src/core/gaze/roi-tracking.js';
import { WorkerClient } from '../../../src/page/worker-client.js';
import { median } from '../../../src/shared/stats.js';
import type { TaskContext } from '../task-context.js';
import type { MediapipeDetectorApi } from './mediapipe-detector.worker.js';

const MEDIAPIPE_WASM = '/node_modules/@mediapipe/tasks-vision/wasm';
/** Written by scripts/lib/mediapipe-model.mjs before the bench starts. */
const MEDIAPIPE_MODEL = '/test/fixtures/generated/mediapipe/face_detection_short_range.tflite';
const GRID = { columns: 33, rows: 1 };

export interface PeerResult {
  ratio: number;
  medianPairedRatio: number;
  oursMs: number;
  oursMedianMs: number;
  mediapipeMs: number;
  mediapipeMedianMs: number;
  oursFacesFullSearch: number;
  oursFacesTracking: number;
  mediapipeFaces: number;
  facesInPhotos: number;
  fullSearchShare: number;
  rounds: number;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const round = (value: number) => Math.round(value * 100) / 100;

/** MediaPipe's worker, ready; or the reason it cannot start. */
export async function startMediapipe(): Promise<
  { api: Remote<MediapipeDetectorApi>; worker: Worker } | { error: string }
> {
  const worker = new Worker(new URL('./mediapipe-detector.worker.ts', import.meta.url), { type: 'module' });
  const api = wrap<MediapipeDetectorApi>(worker);
  try {
    await api.init(new URL(MEDIAPIPE_WASM, location.href).href, new URL(MEDIAPIPE_MODEL, location.href).href);
    return { api, worker };
  } catch (error) {
    worker.terminate();
    return { error: `MediaPipe did not start: ${String(error)}` };
  }
}

/** Ours as the element runs it: one frame through the planner, the gaze worker and the tracker. */
class OursTracking {
  readonly roi = new RoiTracking();
  private readonly tracker = new GazeTracker({ grid: GRID });
  fullSearches = 0;

  constructor(private readonly client: WorkerClient<'gaze'>) {}

  async step(frame: HTMLCanvasElement, timeMs: number): Promise<FaceDetection[]> {
    const search = this.roi.next(frame.width, frame.height);
    if (search.kind === 'full') this.fullSearches++;
    const faces = await this.client.service.detectFaces(await createImageBitmap(frame), undefined, search);
    const state = this.tracker.update(faces, frame.width, frame.height, timeMs);
    this.roi.observe(faces.length, state.viewer, frame.width, frame.height);
    return faces;
  }
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await work();
  return [value, performance.now() - start];
}

/** Faces each contender finds in every photo: ours with the full search, MediaPipe as it runs. */
async function facesFound(
  client: WorkerClient<'gaze'>,
  mediapipe: Remote<MediapipeDetectorApi>,
  frames: HTMLCanvasElement[],
) {
  let [ours, peer] = [0, 0];
  for (const frame of frames) {
    ours += (await client.service.detectFaces(await createImageBitmap(frame))).length;
    const bitmap = await createImageBitmap(frame);
    peer += (await mediapipe.detect(transfer(bitmap, [bitmap]))).length;
  }
  return { ours, peer };
}

export async function versusMediapipe(
  ctx: TaskContext,
  client: WorkerClient<'gaze'>,
  frames: HTMLCanvasElement[],
  options: { rounds: number; hold: number; facesInPhotos: number },
): Promise<PeerResult | { error: string }> {
  const started = await startMediapipe();
  if ('error' in started) return started;
  const { api, worker } = started;
  try {
    const found = await facesFound(client, api, frames); // also the warm-up of both
    const ours = new OursTracking(client);
    const [oursTimes, peerTimes, oursFaces, peerFaces] = [[], [], [], []] as number[][];
    for (let i = 0; i < options.rounds; i++) {
      const frame = frames[Math.floor(i / options.hold) % frames.length]!;
      const [faces, oursMs] = await timed(() => ours.step(frame, performance.now()));
      const [eyes, peerMs] = await timed(async () => {
        const bitmap = await createImageBitmap(frame);
        return api.detect(transfer(bitmap, [bitmap]));
      });
      oursTimes.push(oursMs);
      peerTimes.push(peerMs);
      oursFaces.push(faces.length);
      peerFaces.push(eyes.length);
      if (i % 20 === 19) ctx.progress(`  round ${i + 1}/${options.rounds}`);
    }
    return {
      ratio: round(mean(oursTimes) / mean(peerTimes)),
      medianPairedRatio: round(median(oursTimes.map((t, i) => t / peerTimes[i]!))),
      oursMs: round(mean(oursTimes)),
      oursMedianMs: round(median(oursTimes)),
      mediapipeMs: round(mean(peerTimes)),
      mediapipeMedianMs: round(median(peerTimes)),
      oursFacesFullSearch: found.ours,
      oursFacesTracking: round(mean(oursFaces)),
      mediapipeFaces: found.peer,
      facesInPhotos: options.facesInPhotos,
      fullSearchShare: round(ours.fullSearches / options.rounds),
      rounds: options.rounds,
    };
  } finally {
    await api.close().catch(() => undefined);
    worker.terminate();
  }
}
