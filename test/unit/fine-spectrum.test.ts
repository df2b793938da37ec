import { describe, expect, it } from 'vitest';
import { FineSpectrum } from '../../src/core/audio/fine-spectrum.js';
import { mulberry32 } from '../../src/shared/seeded-random.js';

/** |X_k|² of the length-point DFT, summed term by term. */
function naivePowers(frame: Float64Array, bins: number): number[] {
  const n = frame.length;
  return Array.from({ length: bins }, (_, k) => {
    let [re, im] = [0, 0];
    for (let t = 0; t < n; t++) {
      const angle = (-2 * Math.PI * ((k * t) % n)) / n;
      re += frame[t]! * Math.cos(angle);
      im += frame[t]! * Math.sin(angle);
    }
    return k <= n / 2 ? re * re + im * im : 0;
  });
}

describe('the fine spectrum', () => {
  it('gives the DFT of the frame’s own length, power of two or not (22.05 kHz: 1411 points; 8 kHz: 512)', () => {
    const rand = mulberry32(5);
    for (const [length, bins] of [
      [1024, 513],
      [1411, 513],
      [3072, 513],
      [512, 513],
    ] as const) {
      const frame = Float64Array.from({ length }, () => rand() - 0.5);
      const expected = naivePowers(frame, bins);
      const got = new FineSpectrum(length, bins).powers(frame);
      const peak = Math.max(...expected);
      expected.forEach((p, k) =>
        expect(Math.abs(got[k]! - p), `${length} points, bin ${k}`).toBeLessThan(1e-9 * peak + 1e-9),
      );
    }
  });
});
