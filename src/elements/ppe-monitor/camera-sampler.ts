/**
 * The monitor's camera beat: every `interval` ms one frame is analysed, or the
 * camera is tried again (a kiosk picks a re-plugged camera up by itself), or
 * nothing happens while the monitor is not shown (no camera, no inference),
 * paused, still busy with the last frame, or waiting for the visitor's
 * "Start camera".
 */
import type { CameraController } from '../base/camera-controller.js';

/** Camera states worth trying again on every beat: unplugged, not yet plugged in, a one-off failure. */
const RETRY_CAMERA = ['idle', 'ended', 'error', 'unavailable'];

export interface SamplerHooks {
  camera: CameraController;
  interval: () => number;
  /** Whether a beat may analyse: not paused and not busy. */
  ready: () => boolean;
  shown: () => boolean;
  analyse: (frame: ImageBitmap) => Promise<void>;
  /** A sentence for the status line; `denied` also for the error line. */
  say: (status: string, denied?: string) => void;
}

export class CameraSampler {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly hooks: SamplerHooks) {}

  start(): void {
    this.stop();
    const tick = async () => {
      this.timer = setTimeout(tick, Math.max(50, this.hooks.interval()));
      if (this.hooks.ready()) await this.beat();
    };
    void tick();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async beat(): Promise<void> {
    const { camera, say } = this.hooks;
    if (!this.hooks.shown()) {
      if (camera.state !== 'idle') camera.stop();
      return;
    }
    if (!camera.allowed) return say('Start the camera, or check an image.');
    if (!camera.live) {
      if (RETRY_CAMERA.includes(camera.state)) await camera.start();
      // Denied is for the visitor to change (it is not retried); waiting for a camera is not an error.
      if (camera.state === 'denied') return say('Images can still be checked.', camera.message);
      return say(camera.message || 'Waiting for the camera…');
    }
    const frame = await camera.grabFrame();
    if (frame) await this.hooks.analyse(frame);
  }
}
