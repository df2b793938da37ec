/** The crops a part is judged on (test-time augmentation) and how their probabilities are pooled. */
import { describe, expect, it } from 'vitest';
import { JUDGING_VIEWS, judgingViews, meanPerGroup, viewList } from '../../src/core/ppe/judging-views.js';
import { ViewRotation } from '../../src/core/ppe/view-rotation.js';
import type { Rect } from '../../src/shared/geometry.js';

const BOX = { x: 100, y: 50, width: 40, height: 60 };
const OTHER = { x: 300, y: 40, width: 50, height: 50 };
const HEAD_VIEWS = judgingViews('HEAD_COVER');

/** A made-up head whose P depends on the view only, so pools can be checked by hand. */
const pOfView = (view: { scale: number; mirror: boolean }) => view.scale / 2 + (view.mirror ? 0.1 : 0);

function streamFrame(rotation: ViewRotation, boxes: Rect[], now: number) {
  const picks = rotation.pick(boxes, now);
  return {
    picks,
    pooled: rotation.pool(
      picks,
      picks.map((pick) => pOfView(pick.view)),
    ),
  };
}

const shifted = (box: Rect, dx: number): Rect => ({ ...box, x: box.x + dx });

describe('judging views', () => {
  it('lists every scale, each plain then mirrored, the box as found first', () => {
    expect(viewList({ scales: [1, 0.5], mirror: true })).toEqual([
      { scale: 1, mirror: false },
      { scale: 1, mirror: true },
      { scale: 0.5, mirror: false },
      { scale: 0.5, mirror: true },
    ]);
    expect(viewList({ scales: [1], mirror: false })).toEqual([{ scale: 1, mirror: false }]);
  });

  it('averages each box’s own views, not its neighbours’', () => {
    expect(meanPerGroup([0.2, 0.4, 0.9, 0.7], 2)).toEqual([expect.closeTo(0.3), expect.closeTo(0.8)]);
    expect(meanPerGroup(Float32Array.of(0.25, 0.75), 1)).toEqual([0.25, 0.75]);
  });

  it('judges faces and hands on one crop, heads on several including the box as found', () => {
    expect(judgingViews('FACE_COVER')).toEqual([{ scale: 1, mirror: false }]);
    expect(judgingViews('HAND_COVER')).toEqual([{ scale: 1, mirror: false }]);
    expect(HEAD_VIEWS[0]).toEqual({ scale: 1, mirror: false });
    expect(HEAD_VIEWS).toHaveLength(JUDGING_VIEWS.HEAD_COVER.scales.length * 2);
  });
});

describe('views taken in turn over a live stream', () => {
  const photoP = meanPerGroup(HEAD_VIEWS.map(pOfView), HEAD_VIEWS.length)[0]!;

  it('judges a newcomer on the box as found, then pools to the photo’s judgement once every view was seen', () => {
    const rotation = new ViewRotation(HEAD_VIEWS);
    const first = streamFrame(rotation, [BOX], 0);
    expect(first.picks[0]!.view).toEqual({ scale: 1, mirror: false });
    expect(first.pooled[0]).toBeCloseTo(pOfView(HEAD_VIEWS[0]!));
    const seen = [first.picks[0]!.viewIndex];
    let last = first;
    for (let frame = 1; frame < HEAD_VIEWS.length; frame++) {
      last = streamFrame(rotation, [shifted(BOX, frame)], frame * 100); // a person drifting a pixel a frame
      seen.push(last.picks[0]!.viewIndex);
    }
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
    expect(last.pooled[0]).toBeCloseTo(photoP);
    // Later frames replace one view's P at a time: a still person's verdict stays the photo's, with no flicker.
    for (let frame = 6; frame < 14; frame++)
      expect(streamFrame(rotation, [BOX], frame * 100).pooled[0]).toBeCloseTo(photoP);
  });

  it('keeps two people’s views apart, and starts a newcomer afresh', () => {
    const rotation = new ViewRotation(HEAD_VIEWS);
    streamFrame(rotation, [BOX, OTHER], 0);
    const second = streamFrame(rotation, [shifted(OTHER, 2), shifted(BOX, -2)], 100);
    expect(second.picks.map((p) => p.viewIndex)).toEqual([1, 1]);
    const third = streamFrame(rotation, [BOX, { x: 500, y: 300, width: 40, height: 40 }], 200);
    expect(third.picks.map((p) => p.viewIndex)).toEqual([2, 0]);
  });

  it('ends a track in the first frame that misses it, so the next person in that place starts afresh', () => {
    const rotation = new ViewRotation(HEAD_VIEWS);
    streamFrame(rotation, [BOX], 0);
    streamFrame(rotation, [BOX], 100);
    streamFrame(rotation, [], 200); // the first person left
    const next = streamFrame(rotation, [BOX], 300);
    expect(next.picks[0]!.viewIndex).toBe(0);
    expect(next.pooled[0]).toBeCloseTo(pOfView(HEAD_VIEWS[0]!));
  });

  it('ends every track after a pause longer than the gap limit', () => {
    const rotation = new ViewRotation(HEAD_VIEWS, { maxGapMs: 500 });
    streamFrame(rotation, [BOX], 0);
    expect(streamFrame(rotation, [BOX], 400).picks[0]!.viewIndex).toBe(1);
    expect(streamFrame(rotation, [BOX], 1000).picks[0]!.viewIndex).toBe(0);
  });

  it('does not give one track to two boxes judged in the same frame', () => {
    const rotation = new ViewRotation(HEAD_VIEWS);
    streamFrame(rotation, [BOX], 0);
    const [faceHead] = rotation.pick([BOX], 100);
    const [bodyHead] = rotation.pick([shifted(BOX, 1)], 100);
    expect(faceHead!.track).not.toBe(bodyHead!.track);
    expect(bodyHead!.viewIndex).toBe(0);
  });

  it('forgets every track on reset, and wants at least one view', () => {
    const rotation = new ViewRotation(HEAD_VIEWS);
    streamFrame(rotation, [BOX], 0);
    rotation.reset();
    expect(rotation.pick([BOX], 100)[0]!.viewIndex).toBe(0);
    expect(() => new ViewRotation([])).toThrow(/at least one view/);
  });

  it('with one view, is the frame’s own P (faces and hands pool nothing over time)', () => {
    const rotation = new ViewRotation(judgingViews('FACE_COVER'));
    const picks = rotation.pick([BOX], 0);
    expect(rotation.pool(picks, [0.9])).toEqual([0.9]);
    const later = rotation.pick([BOX], 100);
    expect(rotation.pool(later, [0.2])).toEqual([0.2]);
  });
});
