import { describe, expect, it } from 'vitest';
import { PersonTracker, glide, iou } from '../../src/core/ppe/person-tracker.js';
import { greedyPairs } from '../../src/core/ppe/greedy-pairs.js';
import { cssColour, edgeColour } from '../../src/core/gaze/edge-colour.js';
import { mulberry32 } from '../../src/shared/seeded-random.js';
import { summaryPolicy } from '../../src/core/ppe/protective-equipment.js';

const box = (Left: number, Top: number, Width = 0.2, Height = 0.3) => ({ Left, Top, Width, Height });

describe('person tracker', () => {
  it('measures overlap as intersection over union', () => {
    expect(iou(box(0, 0), box(0, 0))).toBeCloseTo(1);
    expect(iou(box(0, 0), box(0.5, 0.5))).toBe(0);
    expect(iou(box(0, 0, 0.2, 0.2), box(0.1, 0, 0.2, 0.2))).toBeCloseTo(1 / 3);
  });

  it('pairs the most overlapping first, each box once, none under the least overlap', () => {
    const near = (a: number, b: number) => 1 - Math.abs(a - b);
    // 0.52 and 0.5 pair first, so 0.4, nearer 0.5 too, takes 0.2 (0.8); 0.9 is near nothing left.
    expect(greedyPairs([0.4, 0.52, 0.9], [0.2, 0.5], near, 0.75)).toEqual([
      [1, 1],
      [0, 0],
    ]);
    expect(greedyPairs([], [0.2], near, 0)).toEqual([]);
  });

  it('keeps every number through 20 analyses of a still scene with detection jitter', () => {
    const random = mulberry32(7);
    const scene = [box(0.05, 0.1), box(0.4, 0.12), box(0.7, 0.08)];
    const tracker = new PersonTracker();
    const first = tracker.update(scene);
    expect(first).toEqual([1, 2, 3]);
    for (let i = 0; i < 20; i++) {
      const jittered = scene.map((b) =>
        box(b.Left + (random() - 0.5) * 0.02, b.Top + (random() - 0.5) * 0.02),
      );
      // The detector lists people in any order: numbers follow the boxes, not the order.
      const order = [2, 0, 1];
      expect(tracker.update(order.map((j) => jittered[j]!))).toEqual(order.map((j) => first[j]));
    }
  });

  it('follows a person walking across, survives one missed detection, and numbers newcomers afresh', () => {
    const tracker = new PersonTracker();
    expect(tracker.update([box(0.0, 0.2)])).toEqual([1]);
    expect(tracker.update([box(0.05, 0.2)])).toEqual([1]);
    expect(tracker.update([])).toEqual([]); // missed once
    expect(tracker.update([box(0.1, 0.2), box(0.7, 0.2)])).toEqual([1, 2]);
    tracker.update([box(0.7, 0.2)]);
    tracker.update([box(0.7, 0.2)]);
    tracker.update([box(0.7, 0.2)]);
    // Person 1 left for three analyses: someone at their old place is someone new.
    expect(tracker.update([box(0.1, 0.2), box(0.7, 0.2)])).toEqual([3, 2]);
  });

  it('glides drawn boxes toward the analysed one, reaching it in a few time constants', () => {
    const from = box(0, 0);
    const to = box(0.5, 0.5);
    expect(glide(from, to, 0).Left).toBe(0);
    expect(glide(from, to, 150, 150).Left).toBeCloseTo(0.5 * (1 - Math.exp(-1)));
    expect(glide(from, to, 2000, 150).Left).toBeCloseTo(0.5, 3);
  });
});

describe('letterbox colour', () => {
  it('is the mean of the rim, not of the middle', () => {
    const w = 20;
    const h = 20;
    const rgba = new Uint8ClampedArray(w * h * 4);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const rim = x < 2 || y < 2 || x >= w - 2 || y >= h - 2;
        rgba.set(rim ? [40, 60, 20, 255] : [255, 255, 255, 255], (y * w + x) * 4);
      }
    expect(edgeColour(rgba, w, h, 0.1)).toEqual([40, 60, 20]);
    expect(cssColour([40, 60, 20])).toBe('rgb(40 60 20)');
  });
});

describe('entrance banner', async () => {
  const { entranceBanner, missingItemsPhrase } = await import('../../src/core/ppe/entrance-banner.js');
  const b = { x: 0, y: 0, width: 10, height: 10 };
  const someone = (face: number | null, head: number | null) => ({
    box: b,
    score: 0.9,
    parts: [
      { name: 'FACE' as const, box: b, score: 0.9, covered: face },
      { name: 'HEAD' as const, box: b, score: 0.9, covered: head },
    ],
  });
  const analysis = (...persons: ReturnType<typeof someone>[]) =>
    ({ persons, width: 100, height: 100, modelVersion: 't', ms: { total: 1 } }) as never;
  const masks = { required: ['FACE_COVER' as const], minConfidence: 80 };
  const both = { required: ['FACE_COVER' as const, 'HEAD_COVER' as const], minConfidence: 80 };

  it('thanks, asks for exactly what is missing, asks to face the camera when unsure, and invites when empty', () => {
    expect(entranceBanner(analysis(), masks).tone).toBe('idle');
    expect(entranceBanner(analysis(someone(0.95, null)), masks)).toEqual({ tone: 'go', text: 'Thank you' });
    expect(entranceBanner(analysis(someone(0.95, 0.02)), both).text).toBe('Please wear a hard hat');
    expect(entranceBanner(analysis(someone(0.05, 0.02)), both).text).toBe(
      'Please wear a mask and a hard hat',
    );
    expect(entranceBanner(analysis(someone(0.95, null), someone(0.6, null)), masks).tone).toBe('unsure');
  });

  it('names what a person may be without, as the summary counts them', () => {
    expect(missingItemsPhrase(['HEAD_COVER'])).toBe('a hard hat');
    expect(missingItemsPhrase(['FACE_COVER', 'HEAD_COVER'])).toBe('a mask or a hard hat');
    expect(missingItemsPhrase(['FACE_COVER', 'HEAD_COVER', 'HAND_COVER'])).toBe(
      'a mask, a hard hat or gloves',
    );
  });

  it('says "Starting…", not "step up", until the first verdict of a live camera', async () => {
    const { kioskBanner } = await import('../../src/elements/ppe-monitor/ppe-views.js');
    const live = { live: true, message: '' };
    expect(kioskBanner(live, null, true).text).toBe('Starting…');
    expect(kioskBanner(live, null, false).text).toBe('Starting…');
    expect(kioskBanner({ live: false, message: '' }, null, false).text).toBe('Please step up to the camera');
    const verdict = { tone: 'go' as const, text: 'Thank you' };
    expect(kioskBanner(live, verdict, false)).toEqual(verdict);
    expect(kioskBanner({ live: false, message: 'Camera lost' }, verdict, false).text).toBe('Camera lost');
  });
});

describe('summary policy from attributes', () => {
  it('reads names in any case and separator, ignores unknown ones, and floors the confidence at 50', () => {
    expect(summaryPolicy('face_cover, HEAD_COVER', 70)).toEqual({
      required: ['FACE_COVER', 'HEAD_COVER'],
      minConfidence: 70,
    });
    expect(summaryPolicy('gloves', 20)).toEqual({ required: ['FACE_COVER'], minConfidence: 50 });
  });
});
