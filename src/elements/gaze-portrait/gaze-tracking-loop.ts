/**
 * The camera → worker → tracker loop. One detection is in flight at a time,
 * at most ~30 per second (a kiosk runs all day); while the tab is hidden the
 * loop sleeps; a camera that ends or disappears is restarted every few
 * seconds; with no camera at all the tracker still ticks, so the eyes return
 * to centre (or wander).
 */
import type { CameraController } from '../../platform/media/camera-controller.js';
import type { InferenceClient } from '../../platform/inference-client.js';
import type { GazeState, GazeTracker } from '../../gaze/gaze-tracker.js';

export interface TrackingLoopHooks {
  camera: CameraController;
  client: () => InferenceClient;
  tracker: () => GazeTracker;
  onState: (state: GazeState) => void;
  onError: (message: string) => void;
}

const MIN_INTERVAL_MS = 33;
const IDLE_TICK_MS = 100;
const RESTART_AFTER_MS = 3000;
/** Camera states worth retrying by themselves: unplugged, busy, or a one-off failure. Denied is not. */
const RESTARTABLE = new Set(['ended', 'unavailable', 'error']);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function whenVisible(): Promise<void> {
  if (document.visibilityState !== 'hidden') return Promise.resolve();
  return new Promise((resolve) => document.addEventListener('visibilitychange', () => resolve(), { once: true }));
}

export class TrackingLoop {
  private generation = 0;
  private lastRestartMs = 0;
  /** Frames the detector has seen, for the bench. */
  detections = 0;

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
  }

  private async run(generation: number): Promise<void> {
    const alive = () => generation === this.generation;
    while (alive()) {
      await whenVisible();
      if (!alive()) return;
      const started = performance.now();
      try {
        await (this.hooks.camera.live ? this.track() : this.idle());
      } catch (error) {
        this.hooks.onError(error instanceof Error ? error.message : String(error));
        await sleep(1000);
      }
      await sleep(Math.max(0, MIN_INTERVAL_MS - (performance.now() - started)));
    }
  }

  private async track(): Promise<void> {
    const bitmap = await this.hooks.camera.grabFrame();
    if (!bitmap) return;
    const { width, height } = bitmap;
    const faces = await this.hooks.client().detectFaces(bitmap);
    this.detections++;
    this.hooks.onState(this.hooks.tracker().update(faces, width, height, performance.now()));
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
