/**
 * The microphone scored live: the audio goes worklet → worker on a port, and
 * every half second the worker scores its rolling window with the kept model.
 * A score is skipped, never queued, while the one before is still running.
 */
import type { ReactiveControllerHost } from 'lit';
import type { LiveScore } from '../../contracts/sound.js';
import { MicrophoneController } from '../base/microphone-controller.js';
import { messageOf } from '../../shared/errors.js';

const INTERVAL_MS = 500;
/** Live scores the trace keeps: one minute at two a second. */
export const LIVE_HISTORY = 120;

export interface LiveListeningHooks {
  /** Hands the microphone's port to the worker. */
  attach(port: MessagePort): Promise<void>;
  /** The worker's score of its window; null until enough audio has arrived. */
  score(): Promise<LiveScore | null>;
  /** False while there is no model, or one is training. */
  canScore(): boolean;
  onScore(live: LiveScore): void;
  onError(message: string): void;
}

export class LiveListening {
  private readonly microphone: MicrophoneController;
  private timer: ReturnType<typeof setInterval> | null = null;
  private busy = false;

  constructor(
    host: ReactiveControllerHost,
    private readonly hooks: LiveListeningHooks,
  ) {
    this.microphone = new MicrophoneController(host);
  }

  /** False, with the reason sent to onError, when the microphone could not start (denied, absent). */
  async start(): Promise<boolean> {
    const port = await this.microphone.start();
    if (!port) {
      this.hooks.onError(this.microphone.message);
      return false;
    }
    await this.hooks.attach(port);
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => void this.tick(), INTERVAL_MS);
    return true;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    void this.microphone.stop();
  }

  private async tick(): Promise<void> {
    if (this.busy || !this.hooks.canScore()) return;
    this.busy = true;
    try {
      const live = await this.hooks.score();
      if (live) this.hooks.onScore(live);
    } catch (error) {
      this.hooks.onError(messageOf(error));
    } finally {
      this.busy = false;
    }
  }
}
