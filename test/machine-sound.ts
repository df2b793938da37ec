/**
 * A test machine as a continuous-time sound: the harmonics of its hum and a
 * dense band of partials, all under 3.5 kHz, so sampling it at any rate from
 * 8 kHz up is an exact resampling of the same sound, with no resampler's error.
 */
import { mulberry32 } from '../src/shared/seeded-random.js';

export interface Partial {
  hz: number;
  amplitude: number;
  phase: number;
}

/** One machine's partials (seeded: the same seed is the same machine). */
export function machinePartials(seed: number): Partial[] {
  const rand = mulberry32(seed);
  const hum = 118 + 4 * rand();
  const harmonics = Array.from({ length: 24 }, (_, i) => ({
    hz: hum * (i + 1),
    amplitude: (0.2 / (i + 1)) * (0.8 + 0.4 * rand()),
    phase: 2 * Math.PI * rand(),
  }));
  const band = Array.from({ length: 300 }, () => ({
    hz: 40 + 3400 * rand(),
    amplitude: 0.004 * (0.5 + rand()),
    phase: 2 * Math.PI * rand(),
  }));
  return [...harmonics, ...band];
}

/** The machine sampled at `rate` for `seconds`. */
export function sampleMachine(partials: Partial[], rate: number, seconds: number): Float32Array {
  const samples = new Float32Array(Math.round(seconds * rate));
  for (const { hz, amplitude, phase } of partials) {
    const step = (2 * Math.PI * hz) / rate;
    for (let i = 0; i < samples.length; i++) samples[i]! += amplitude * Math.sin(step * i + phase);
  }
  return samples;
}
