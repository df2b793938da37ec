/**
 * All of a part's judging views at the cost of one, in a live stream: each
 * frame judges a part on its next view in turn, and its P(covered) is the
 * mean of the latest P of every view judged so far on its track. Someone who
 * stays in view for as many frames as there are views is judged as a photo
 * is (core/ppe/judging-views.ts), and stays judged so, steadily, frame after
 * frame; someone who just came into view is judged on the box as found, the
 * first view. Parts are followed from frame to frame by box overlap, the most
 * overlapping pairs first, as PersonTracker follows people. A track ends as
 * soon as a frame misses it (or after a pause of `maxGapMs`), so the next
 * person stepping into the same place at an entrance starts afresh instead
 * of inheriting the last one's hard hat; a detection missed once costs only
 * the pooled views. Pure, so it runs and is tested in Node; the worker keeps
 * one per equipment type judged on more than one view (heads).
 */
import { type Rect, iou } from '../../shared/geometry.js';
import type { JudgingView } from './judging-views.js';
import { greedyPairs } from './greedy-pairs.js';

/** One part followed over frames: its last box, the latest P per view, and the view it is judged on next. */
export interface ViewTrack {
  box: Rect;
  judged: (number | undefined)[];
  next: number;
  seenAt: number;
}

/** The view a box is judged on in this frame, and the track it continues. */
export interface ViewPick {
  view: JudgingView;
  viewIndex: number;
  track: ViewTrack;
}

export interface ViewRotationOptions {
  /** Least IoU with its box in the frame before for a part to continue its track. */
  minIou?: number;
  /** A pause between frames longer than this ends every track (the stream stopped, or the scene changed). */
  maxGapMs?: number;
}

export class ViewRotation {
  private tracks: ViewTrack[] = [];
  /** When the frame being judged, and the one before it, were seen. */
  private frameAt = -Infinity;
  private previousFrameAt = -Infinity;
  private readonly minIou: number;
  private readonly maxGapMs: number;

  constructor(
    private readonly views: readonly JudgingView[],
    options: ViewRotationOptions = {},
  ) {
    if (views.length === 0) throw new Error('a view rotation needs at least one view');
    this.minIou = options.minIou ?? 0.3;
    this.maxGapMs = options.maxGapMs ?? 2000;
  }

  /**
   * The view each box is judged on in the frame seen at `now`. A track already
   * picked in this frame is not picked again (heads of faces and heads of
   * bodies are judged in two calls a frame).
   */
  pick(boxes: readonly Rect[], now: number): ViewPick[] {
    if (now !== this.frameAt) this.nextFrame(now);
    const open = this.tracks.filter((t) => t.seenAt !== now);
    const chosen = new Array<ViewTrack | undefined>(boxes.length);
    for (const [box, t] of greedyPairs(boxes, open, (b, track) => iou(b, track.box), this.minIou))
      chosen[box] = open[t];
    return boxes.map((box, i) => {
      const track = chosen[i] ?? this.started(box);
      const viewIndex = track.next;
      Object.assign(track, { box, seenAt: now, next: (viewIndex + 1) % this.views.length });
      return { view: this.views[viewIndex]!, viewIndex, track };
    });
  }

  /** Records this frame's P per picked box; returns each box's P pooled over its track's views. */
  pool(picks: readonly ViewPick[], p: readonly number[]): number[] {
    return picks.map(({ track, viewIndex }, i) => {
      track.judged[viewIndex] = p[i]!;
      const judged = track.judged.filter((j): j is number => j !== undefined);
      return judged.reduce((sum, j) => sum + j, 0) / judged.length;
    });
  }

  /** Forgets every track (the stream stopped, or the head judging changed). */
  reset(): void {
    this.tracks = [];
    this.frameAt = this.previousFrameAt = -Infinity;
  }

  /** A new frame: only tracks seen in the frame before, and not too long ago, go on. */
  private nextFrame(now: number): void {
    this.previousFrameAt = this.frameAt;
    this.frameAt = now;
    this.tracks = this.tracks.filter(
      (t) => t.seenAt >= this.previousFrameAt && now - t.seenAt <= this.maxGapMs,
    );
  }

  private started(box: Rect): ViewTrack {
    const track: ViewTrack = { box, judged: [], next: 0, seenAt: -Infinity };
    this.tracks.push(track);
    return track;
  }
}
