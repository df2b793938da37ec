import { describe, expect, it } from 'vitest';
import { backModelAt, generateAnchors } from '../../src/core/face/anchors.js';
import { RoiTracking, cropAround } from '../../src/core/gaze/roi-tracking.js';

const viewer = (x: number, y: number, size: number) => ({
  x: x / 640,
  y: y / 480,
  width: size / 640,
  height: size / 480,
});

describe('tracking one viewer in a crop (RoiTracking)', () => {
  it('searches the full frame first, then a 128-px crop around the followed face', () => {
    const roi = new RoiTracking();
    expect(roi.next(640, 480)).toEqual({ kind: 'full' });
    roi.observe(1, viewer(320, 200, 100), 640, 480);
    const next = roi.next(640, 480);
    expect(next.kind).toBe('roi');
    expect(next.inputSize).toBe(128);
    const r = next.region!;
    expect(r.width).toBe(240);
    expect(r.height).toBe(240);
    // The eyes are inside the crop, with room for a step on every side.
    expect(320 - r.x).toBeGreaterThan(100);
    expect(r.x + r.width - 320).toBeGreaterThan(100);
    expect(200 - r.y).toBeGreaterThan(60);
  });

  it('goes back to the full frame when the crop loses the face, when it is too small, and every 30 frames', () => {
    const roi = new RoiTracking();
    roi.next(640, 480);
    roi.observe(1, viewer(320, 200, 100), 640, 480);
    expect(roi.next(640, 480).kind).toBe('roi');
    roi.observe(0, null, 640, 480);
    expect(roi.next(640, 480).kind).toBe('full');
    roi.observe(1, viewer(320, 200, 20), 640, 480);
    expect(roi.next(640, 480).kind).toBe('full');

    roi.observe(1, viewer(320, 200, 100), 640, 480);
    const kinds = Array.from({ length: 62 }, () => {
      const kind = roi.next(640, 480).kind;
      roi.observe(1, viewer(320, 200, 100), 640, 480);
      return kind;
    });
    expect(kinds.filter((k) => k === 'full').length).toBe(2);
    expect(kinds.slice(0, 30).every((k) => k === 'roi')).toBe(true);
  });

  it('keeps the crop inside the frame, a square no larger than the frame allows', () => {
    expect(cropAround(10, 10, 200, 640, 480)).toEqual({ x: 0, y: 0, width: 200, height: 200 });
    expect(cropAround(630, 470, 200, 640, 480)).toEqual({ x: 440, y: 280, width: 200, height: 200 });
    expect(cropAround(320, 240, 900, 640, 480)).toEqual({ x: 80, y: 0, width: 480, height: 480 });
  });

  it('gives the back model a quarter of the anchors at 128 px (8x8 and 4x4 cells)', () => {
    expect(generateAnchors(backModelAt(128)).length / 2).toBe(8 * 8 * 2 + 4 * 4 * 6);
  });
});
