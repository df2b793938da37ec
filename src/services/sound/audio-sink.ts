/**
 * Receives microphone blocks from the AudioWorklet's port inside the worker and
 * keeps the most recent seconds in a ring buffer for the audio models.
 */
import type { AudioStats } from '../../contracts/sound.js';

export class AudioSink {
  private ring: Float32Array;
  private written = 0;
  sampleRate = 0;

  constructor(private readonly seconds = 10) {
    this.ring = new Float32Array(0);
  }

  attach(port: MessagePort): void {
    port.onmessage = (event: MessageEvent<{ samples: Float32Array; sampleRate: number }>) =>
      this.push(event.data.samples, event.data.sampleRate);
  }

  push(samples: Float32Array, sampleRate: number): void {
    if (sampleRate !== this.sampleRate) {
      this.sampleRate = sampleRate;
      this.ring = new Float32Array(Math.round(sampleRate * this.seconds));
      this.written = 0;
    }
    for (let i = 0; i < samples.length; i++) this.ring[(this.written + i) % this.ring.length] = samples[i]!;
    this.written += samples.length;
  }

  /** The last `count` samples, oldest first. */
  latest(count: number): Float32Array {
    const n = Math.min(count, this.written, this.ring.length);
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.ring[(this.written - n + i) % this.ring.length]!;
    return out;
  }

  stats(): AudioStats {
    const last = this.latest(this.sampleRate);
    const rms = last.length ? Math.sqrt(last.reduce((s, v) => s + v * v, 0) / last.length) : 0;
    return { sampleRate: this.sampleRate, samplesReceived: this.written, rms };
  }
}
