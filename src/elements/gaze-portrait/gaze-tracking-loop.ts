/**
 * The camera → workers → tracker loop. Up to `parallel` detections are in
 * flight (one per detector worker), launched at most ~30 times a second (the
 * camera's rate; a kiosk runs all day); results older than one already
 * applied are dropped. While the tab is hidden, or the portrait is off
 * screen, the loop sleeps and the camera is off; a camera that
 * ends or disappears is restarted every few seconds; with no camera at all
 * the tracker still ticks, so the eyes return to centre (or wander).
 * Each frame is searched as RoiTracking plans: a crop around the followed
 * face at 128 px, the full frame only to find faces. A second frame goes
 * in flight only while one worker cannot keep up with the camera: when one
 * does, a second would only take the core the page draws on.
 */
import type { CameraController } from '../base/camera-controller.js';
import type { FaceDetectorPool } from '../../page/face-detector-pool.js';
import type { GazeState, GazeTracker } from '../../core/gaze/gaze-tracker.js';
import { RoiTracking } from '../../core/gaze/roi-tracking.js';

export interface TrackingLoopHooks {
  camera: CameraController;
  detectors: () => FaceDetectorPool;
  tracker: () => GazeTracker;
  onState: (state: GazeState) => void;
  onError: (message: string) => void;
  /** Whether the portrait is shown: off screen, the loop stops the camera and tracks nothing. */
  shown: () => boolean;
}

const MIN_INTERVAL_MS = 33;
const IDLE_TICK_MS = 100;
const RESTART_AFTER_MS = 3000;
/** Longest wait, going away, for the frames in flight to be judged. */
const IN_FLIGHT_WAIT_MS = 2000;
/** Camera states worth retrying by themselves: released while away, unplugged, busy, a one-off failure. Denied is not. */
const RESTARTABLE = new Set(['idle', 'ended', 'unavailable', 'error']);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function whenVisible(): Promise<void> {
  if (document.visibilityState !== 'hidden') return Promise.resolve();
  return new Promise((resolve) =>
    document.addEventListener('visibilitychange', () => resolve(), { once: true }),
  );
}

export class TrackingLoop {
  private generation = 0;
  private lastRestartMs = 0;
  private inFlight = new Set<Promise<void>>();
  private lastAppliedMs = -Infinity;
  private readonly roi = new RoiTracking();
  /** Recent time per detection, smoothed. */
  private detectMs = 0;
  /** Frames the detectors have seen. */
  detections = 0;
  /** Of those, frames searched in full (the rest in a crop around the followed face). */
  fullSearches = 0;

  constructor(private readonly hooks: TrackingLoopHooks) {}

  get running(): boolean {
    return this.generation % 2 === 1;
  }

  start(): void {
    if (this.running) return;
    const generation = ++this.generation;
    void this.run(generation);
  }

  stop(): void {
    if (this.running) this.generation++;
    // A restarted loop must not wait for frames sent to a worker that was since replaced (they never answer).
    this.inFlight.clear();
  }

  private async run(generation: number): Promise<void> {
    const alive = () => generation === this.generation;
    while (alive()) {
      await whenVisible();
      if (!alive()) return;
      const started = performance.now();
      if (!this.hooks.shown()) await this.away();
      else if (!this.hooks.camera.live) await this.idle();
      else if (this.inFlight.size < this.parallel()) this.launch();
      else await Promise.race(this.inFlight);
      await sleep(Math.max(0, MIN_INTERVAL_MS - (performance.now() - started)));
    }
  }

  private parallel(): number {
    return this.detectMs > MIN_INTERVAL_MS ? this.hooks.detectors().size : 1;
  }

  private launch(): void {
    const job = this.track()
      .catch((error: unknown) => this.hooks.onError(error instanceof Error ? error.message : String(error)))
      .finally(() => this.inFlight.delete(job));
    this.inFlight.add(job);
  }

  private async track(): Promise<void> {
    const capturedMs = performance.now();
    const bitmap = await this.hooks.camera.grabFrame();
    if (!bitmap) return;
    const { width, height } = bitmap;
    const search = this.roi.next(width, height);
    const sentMs = performance.now();
    const faces = await this.hooks.detectors().detect(bitmap, undefined, search);
    this.detectMs = 0.8 * this.detectMs + 0.2 * (performance.now() - sentMs);
    this.detections++;
    if (search.kind === 'full') this.fullSearches++;
    if (capturedMs < this.lastAppliedMs) return; // a later frame already moved the eyes
    this.lastAppliedMs = capturedMs;
    const state = this.hooks.tracker().update(faces, width, height, capturedMs);
    this.roi.observe(faces.length, state.viewer, width, height);
    this.hooks.onState(state);
  }

  /**
   * Not shown: the frames already sent are judged first, then the camera is
   * released, so once it is off nothing more is tracked until the portrait is
   * seen again. The wait is bounded: a frame sent to a worker that was since
   * replaced never answers.
   */
  private async away(): Promise<void> {
    if (this.hooks.camera.state === 'idle') return sleep(IDLE_TICK_MS);
    await Promise.race([Promise.allSettled([...this.inFlight]), sleep(IN_FLIGHT_WAIT_MS)]);
    this.hooks.camera.stop();
    await sleep(IDLE_TICK_MS);
  }

  private async idle(): Promise<void> {
    const camera = this.hooks.camera;
    const now = performance.now();
    if (RESTARTABLE.has(camera.state) && now - this.lastRestartMs > RESTART_AFTER_MS) {
      this.lastRestartMs = now;
      void camera.start();
    }
    this.hooks.onState(this.hooks.tracker().update([], 1, 1, now));
    await sleep(IDLE_TICK_MS);
  }
}
