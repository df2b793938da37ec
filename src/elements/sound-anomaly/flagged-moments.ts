/**
 * Keeps what the microphone was hearing when the live score crossed the
 * threshold, as a clip for the operator to confirm (a fault: labelled
 * abnormal, an example for the supervised mode) or reject (a false alarm:
 * labelled normal, more data for the threshold). One clip per flagged
 * stretch: a new one only after MIN_GAP_MS, and no more than MAX_PENDING
 * waiting for review, so a machine that stays faulty does not fill memory.
 */
import type { SoundClipInfo } from '../../contracts/sound.js';

export const MIN_GAP_MS = 15_000;
export const MAX_PENDING = 20;

export interface FlaggedMomentsHooks {
  /** The microphone's last seconds as a clip (null before any audio). */
  keep(name: string): Promise<SoundClipInfo | null>;
  onKept(clip: SoundClipInfo, score: number): void;
  /** Kept clips still waiting for review. */
  pending(): number;
}

const clock = (at: Date) => at.toLocaleTimeString(undefined, { hour12: false });

export class FlaggedMoments {
  private lastKept = Number.NEGATIVE_INFINITY;
  private busy = false;

  constructor(private readonly hooks: FlaggedMomentsHooks) {}

  /** Keeps the moment when the score is over the threshold, at most once per gap; true when it did. */
  async consider(score: number, threshold: number, now = Date.now()): Promise<boolean> {
    if (!(score > threshold) || this.busy || now - this.lastKept < MIN_GAP_MS) return false;
    if (this.hooks.pending() >= MAX_PENDING) return false;
    this.busy = true;
    try {
      const clip = await this.hooks.keep(`Flagged at ${clock(new Date(now))}`);
      if (!clip) return false;
      this.lastKept = now;
      this.hooks.onKept(clip, score);
      return true;
    } finally {
      this.busy = false;
    }
  }
}
