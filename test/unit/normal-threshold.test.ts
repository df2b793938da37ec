import { describe, expect, it } from 'vitest';
import {
  clipsForReliable,
  normalQuantile,
  normalTail,
  normalThreshold,
  thresholdTrust,
  tQuantile,
} from '../../src/core/audio/normal-threshold.js';

/** A seeded generator, so a failure reproduces. */
function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
}
const gauss = (u: () => number) => () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());

/** Gamma(shape k, integer) as a sum of exponentials: a skewed score law the bound does not assume. */
const gamma = (u: () => number, k: number) => () =>
  Array.from({ length: k }, () => -Math.log(1 - u())).reduce((a, b) => a + b, 0);

/** Mean false-alarm rate of thresholds fitted to `n` draws, over many training sets, on fresh draws. */
function meanFalseAlarm(draw: () => number, n: number, percentile: number, trials = 300): number {
  let sum = 0;
  for (let t = 0; t < trials; t++) {
    const threshold = normalThreshold(Array.from({ length: n }, draw), percentile);
    let over = 0;
    for (let i = 0; i < 1000; i++) if (draw() > threshold) over++;
    sum += over / 1000;
  }
  return sum / trials;
}

describe('quantiles', () => {
  it('match the tables', () => {
    expect(normalQuantile(0.9)).toBeCloseTo(1.28155, 4);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.32635, 4);
    expect(normalTail(1.28155)).toBeCloseTo(0.1, 5);
    for (const [p, df, table] of [
      [0.9, 1, 3.078],
      [0.9, 2, 1.886],
      [0.9, 3, 1.638],
      [0.9, 4, 1.533],
      [0.95, 5, 2.015],
      [0.9, 9, 1.383],
      [0.99, 10, 2.764],
      [0.9, 49, 1.299],
    ] as const)
      expect(Math.abs(tQuantile(p, df) - table) / table).toBeLessThan(0.006);
  });
});

describe('normalThreshold', () => {
  for (const n of [5, 10, 50])
    it(`keeps the false-alarm rate near nominal with ${n} training clips`, () => {
      const logNormal = gauss(rng(7 + n));
      expect(Math.abs(meanFalseAlarm(() => Math.exp(0.4 * logNormal()), n, 0.9) - 0.1)).toBeLessThan(0.02);
      // Skewed scores it does not assume (gamma, shape 4) stay near nominal too.
      expect(Math.abs(meanFalseAlarm(gamma(rng(99 + n), 4), n, 0.9) - 0.1)).toBeLessThan(0.03);
    });

  it('says how sure it is, and narrows with more clips', () => {
    const [few, many] = [thresholdTrust(5), thresholdTrust(50)];
    expect(few.falseAlarm.nominal).toBeCloseTo(0.1);
    expect(few.falseAlarm.high - few.falseAlarm.low).toBeGreaterThan(
      many.falseAlarm.high - many.falseAlarm.low,
    );
    expect(few.falseAlarm.low).toBeLessThan(0.1);
    expect(few.falseAlarm.high).toBeGreaterThan(0.15);
    expect(few.clipsForReliable).toBeGreaterThan(5);
    expect(many.clipsForReliable).toBe(clipsForReliable(50, 0.9));
    expect(clipsForReliable(400, 0.9)).toBeLessThanOrEqual(400);
  });

  it('refuses what it cannot use', () => {
    expect(() => normalThreshold([])).toThrow(/normal clips/);
    expect(() => normalThreshold([1, 2], 1.2)).toThrow(/percentile/);
    expect(normalThreshold([0.5])).toBe(1);
    expect(thresholdTrust(1).falseAlarm.high).toBe(1);
  });
});
