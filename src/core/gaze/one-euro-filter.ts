/**
 * The One Euro filter (Casiez, Roussel & Vogel, CHI 2012): a low-pass filter
 * whose cutoff rises with speed, so a still viewer's jitter is smoothed away
 * while a walking viewer is followed without lag.
 */
export interface OneEuroOptions {
  /** Cutoff (Hz) when still: lower means less jitter. */
  minCutoff: number;
  /** How fast the cutoff rises with speed: higher means less lag. */
  beta: number;
  /** Cutoff (Hz) for the speed estimate itself. */
  derivativeCutoff: number;
}

/** Tuned for gaze positions in 0..1 sampled at 10-30 Hz (see docs/gaze-portrait.md). */
export const GAZE_FILTER: OneEuroOptions = { minCutoff: 0.8, beta: 4, derivativeCutoff: 1 };

function smoothingFactor(cutoffHz: number, dtSeconds: number): number {
  const tau = 1 / (2 * Math.PI * cutoffHz);
  return 1 / (1 + tau / dtSeconds);
}

export class OneEuroFilter {
  private value: number | null = null;
  private speed = 0;
  private lastMs = 0;

  constructor(readonly options: OneEuroOptions = GAZE_FILTER) {}

  /** Filters a sample taken at `timeMs`; the first sample passes through. */
  filter(sample: number, timeMs: number): number {
    if (this.value === null || timeMs <= this.lastMs) {
      if (this.value === null) this.value = sample;
      this.lastMs = Math.max(this.lastMs, timeMs);
      return this.value;
    }
    const dt = (timeMs - this.lastMs) / 1000;
    this.lastMs = timeMs;
    const rawSpeed = (sample - this.value) / dt;
    this.speed += smoothingFactor(this.options.derivativeCutoff, dt) * (rawSpeed - this.speed);
    const cutoff = this.options.minCutoff + this.options.beta * Math.abs(this.speed);
    this.value += smoothingFactor(cutoff, dt) * (sample - this.value);
    return this.value;
  }

  /** Restarts from `value` (or from the next sample), as if last sampled at `timeMs`. */
  reset(value: number | null = null, timeMs = this.lastMs): void {
    this.value = value;
    this.speed = 0;
    this.lastMs = timeMs;
  }

  get current(): number | null {
    return this.value;
  }
}
