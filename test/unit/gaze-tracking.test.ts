import { describe, expect, it } from 'vitest';
import type { FaceDetection } from '../../src/core/face/decode.js';
import { axisPosition, frameForFace, gazePosition } from '../../src/core/gaze/gaze-mapping.js';
import { OneEuroFilter } from '../../src/core/gaze/one-euro-filter.js';
import { FrameHysteresis } from '../../src/core/gaze/frame-hysteresis.js';
import { ViewerSelector } from '../../src/core/gaze/viewer-selection.js';
import { GazeTracker } from '../../src/core/gaze/gaze-tracker.js';

/** A face whose eye midpoint is at (x, y) px, `size` px wide. */
function face(x: number, y: number, size = 120): FaceDetection {
  const eye = size * 0.18;
  return {
    box: { x: x - size / 2, y: y - size * 0.4, width: size, height: size },
    landmarks: [
      [x - eye, y],
      [x + eye, y],
      [x, y + 20],
      [x, y + 40],
      [x - size / 2, y],
      [x + size / 2, y],
    ],
    score: 0.9,
  };
}

const grid = { columns: 33, rows: 1 };

describe('gaze mapping', () => {
  it('runs the full range between the edges where the face is wholly in view', () => {
    expect(axisPosition(0.1, 0.2, 60)).toBeCloseTo(0, 5);
    expect(axisPosition(0.9, 0.2, 60)).toBeCloseTo(1, 5);
    expect(axisPosition(0.5, 0.2, 60)).toBeCloseTo(0.5, 5);
  });

  it('is strictly monotonic, so a walk across the view sweeps every frame once', () => {
    const frames = Array.from({ length: 11 }, (_, i) => frameForFace(face(80 + i * 48, 240), 640, 480, grid));
    for (let i = 1; i < frames.length; i++) expect(frames[i]).toBeLessThan(frames[i - 1]!);
    expect(frames[0]! - frames.at(-1)!).toBeGreaterThanOrEqual(0.8 * 32);
  });

  it("turns the eyes toward a viewer on the screen's left, who stands on the image's right", () => {
    const viewer = { x: 0.8, y: 0.5, width: 0.2, height: 0.25 };
    expect(gazePosition(viewer).u).toBeLessThan(0.5);
    expect(
      gazePosition(viewer, { mirror: true, horizontalFovDeg: 60, verticalFovDeg: 45 }).u,
    ).toBeGreaterThan(0.5);
  });

  it('maps a viewer above centre to the upper rows of a 2-D grid', () => {
    const f = frameForFace(face(320, 100), 640, 480, { columns: 5, rows: 5 });
    expect(Math.floor(f / 5)).toBeLessThan(2);
  });
});

describe('One Euro filter', () => {
  it('smooths jitter of a still viewer', () => {
    const filter = new OneEuroFilter();
    let spread = 0;
    let previous = filter.filter(0.5, 0);
    for (let i = 1; i < 100; i++) {
      const value = filter.filter(0.5 + (i % 2 ? 0.01 : -0.01), i * 40);
      if (i > 20) spread = Math.max(spread, Math.abs(value - previous));
      previous = value;
    }
    expect(spread).toBeLessThan(0.005);
  });

  it('follows a walking viewer with little lag', () => {
    const filter = new OneEuroFilter();
    let value = 0;
    for (let i = 0; i <= 25; i++) value = filter.filter(i / 50, i * 40); // 0.5 of the view per second
    expect(Math.abs(value - 0.5)).toBeLessThan(0.06);
  });
});

describe('frame hysteresis', () => {
  it('does not flicker between two frames when the value rests on the boundary', () => {
    const h = new FrameHysteresis(33);
    const shown = [10.4, 10.6, 10.45, 10.55, 10.5].map((v) => h.update(v));
    expect(new Set(shown).size).toBe(1);
    expect(h.update(11.9)).toBe(12);
  });
});

describe('viewer selection', () => {
  const v = (x: number, size: number) => ({ x, y: 0.5, width: size, height: size });

  it('follows the largest face and keeps it while another is only a little larger', () => {
    const s = new ViewerSelector();
    expect(s.select([v(0.3, 0.2), v(0.7, 0.1)], 0)?.x).toBe(0.3);
    for (let t = 40; t < 2000; t += 40) expect(s.select([v(0.3, 0.2), v(0.7, 0.21)], t)?.x).toBe(0.3);
  });

  it('switches to a clearly nearer face only after it stays nearer', () => {
    const s = new ViewerSelector();
    s.select([v(0.3, 0.2)], 0);
    expect(s.select([v(0.3, 0.2), v(0.7, 0.4)], 100)?.x).toBe(0.3);
    expect(s.select([v(0.3, 0.2), v(0.7, 0.4)], 900)?.x).toBe(0.7);
  });

  it('holds through a missed detection, then takes whoever is there', () => {
    const s = new ViewerSelector();
    s.select([v(0.3, 0.2)], 0);
    expect(s.select([v(0.8, 0.1)], 200)).toBeNull();
    expect(s.select([v(0.8, 0.1)], 700)?.x).toBe(0.8);
  });
});

describe('gaze tracker', () => {
  it('drifts back to centre about 2 s after the viewer leaves', () => {
    const tracker = new GazeTracker();
    let t = 0;
    for (; t < 1000; t += 40) tracker.update([face(560, 240)], 640, 480, t);
    const away = tracker.update([], 640, 480, (t += 40)).frame;
    expect(away).toBeLessThan(8);
    expect(tracker.update([], 640, 480, (t += 1500)).frame).toBe(away);
    let state = tracker.update([], 640, 480, t);
    for (let i = 0; i < 100; i++) state = tracker.update([], 640, 480, (t += 40));
    expect(state.mode).toBe('idle');
    expect(state.frame).toBe(16);
  });

  it('keeps the frame steady for a viewer standing still with detector jitter', () => {
    const tracker = new GazeTracker();
    const frames = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const state = tracker.update([face(300 + (i % 3) * 3 - 3, 240 + (i % 2) * 2)], 640, 480, i * 40);
      if (i > 25) frames.add(state.frame);
    }
    expect(frames.size).toBe(1);
  });
});
