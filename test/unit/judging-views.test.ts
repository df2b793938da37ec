/** The crops a part is judged on (test-time augmentation) and how their probabilities are pooled. */
import { describe, expect, it } from 'vitest';
import {
  JUDGING_VIEWS,
  judgingViews,
  meanPerGroup,
  scaledBoxes,
  viewsPerBox,
} from '../../src/core/ppe/judging-views.js';
import { centreOf } from '../../src/shared/geometry.js';

const BOX = { x: 100, y: 50, width: 40, height: 60 };
const OTHER = { x: 0, y: 0, width: 10, height: 10 };

describe('judging views', () => {
  it('scales each box about its own centre, box by box', () => {
    const views = { scales: [1, 0.5, 2], mirror: false };
    const boxes = scaledBoxes([BOX, OTHER], views);
    expect(boxes).toHaveLength(6);
    expect(boxes[0]).toEqual(BOX);
    expect(boxes[1]).toEqual({ x: 110, y: 65, width: 20, height: 30 });
    expect(boxes[2]!.width).toBe(80);
    for (const box of boxes.slice(0, 3)) expect(centreOf(box)).toEqual(centreOf(BOX));
    expect(boxes[3]).toEqual(OTHER);
  });

  it('counts mirrored views twice per scale', () => {
    expect(viewsPerBox({ scales: [1, 0.8, 1.25], mirror: true })).toBe(6);
    expect(viewsPerBox({ scales: [1], mirror: false })).toBe(1);
  });

  it('averages each box’s own views, not its neighbours’', () => {
    expect(meanPerGroup([0.2, 0.4, 0.9, 0.7], 2)).toEqual([expect.closeTo(0.3), expect.closeTo(0.8)]);
    expect(meanPerGroup(Float32Array.of(0.25, 0.75), 1)).toEqual([0.25, 0.75]);
  });

  it('judges faces and hands on one crop, heads on several including the box as found', () => {
    expect(viewsPerBox(JUDGING_VIEWS.FACE_COVER)).toBe(1);
    expect(viewsPerBox(JUDGING_VIEWS.HAND_COVER)).toBe(1);
    expect(JUDGING_VIEWS.HEAD_COVER.scales).toContain(1);
    expect(viewsPerBox(JUDGING_VIEWS.HEAD_COVER)).toBeGreaterThan(1);
  });

  it('judges every part on one crop in a live stream, and a photo on the type’s own views', () => {
    for (const type of ['FACE_COVER', 'HEAD_COVER', 'HAND_COVER'] as const) {
      expect(viewsPerBox(judgingViews(type, true))).toBe(1);
      expect(judgingViews(type)).toBe(JUDGING_VIEWS[type]);
    }
  });
});
