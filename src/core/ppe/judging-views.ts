/**
 * The crops each part is judged on, whose P(covered) are averaged
 * (test-time augmentation). Head cover is judged on its box as found, shrunk
 * and grown about the centre, each also mirrored: head boxes come from three
 * finders (faces, pose keypoints, CenterNet persons) and are loose in size,
 * so one crop scale reads a hard hat cut off at the brim, or a box reaching
 * over the shoulders, as bare. On the 100 worksite scenes the six views took
 * head verdicts from 0.881 to 0.903, mirroring alone changed nothing and
 * scales alone gave 0.894; a retrain with another seed moves it by about
 * 0.02, so the gain is small and not sure (docs/ppe-monitor.md). Faces and hands are judged
 * on one crop: their boxes come from landmark detectors and fit tightly.
 * A photo is judged on all of a part's views at once. Six crops cost a head
 * six embeddings, which would halve a live stream's frame rate, so a stream
 * judges each part on one view a frame, in turn, and pools the views over
 * the frames a person stays in view (core/ppe/view-rotation.ts).
 */
import type { EquipmentType } from './ppe-analysis.js';

export interface JudgingViews {
  /** Box scales about its centre, 1 being the box as found. */
  scales: readonly number[];
  /** Whether each scaled crop is also judged mirrored left to right. */
  mirror: boolean;
}

/** One crop: the box scaled about its centre, mirrored or not. */
export interface JudgingView {
  scale: number;
  mirror: boolean;
}

const ONE_CROP: JudgingViews = { scales: [1], mirror: false };

export const JUDGING_VIEWS: Readonly<Record<EquipmentType, JudgingViews>> = {
  FACE_COVER: ONE_CROP,
  HEAD_COVER: { scales: [1, 0.8, 1.25], mirror: true },
  HAND_COVER: ONE_CROP,
};

/** Every view, scale by scale, each plain then mirrored (the first scale's plain view first). */
export function viewList(views: JudgingViews): JudgingView[] {
  const mirrors = views.mirror ? [false, true] : [false];
  return views.scales.flatMap((scale) => mirrors.map((mirror) => ({ scale, mirror })));
}

/** The views a part of this type is judged on, the box as found first. */
export function judgingViews(type: EquipmentType): JudgingView[] {
  return viewList(JUDGING_VIEWS[type]);
}

/** Means of consecutive groups of `size` values: one per box, from its views' values. */
export function meanPerGroup(values: ArrayLike<number>, size: number): number[] {
  const means: number[] = [];
  for (let start = 0; start + size <= values.length; start += size) {
    let sum = 0;
    for (let i = start; i < start + size; i++) sum += values[i]!;
    means.push(sum / size);
  }
  return means;
}
