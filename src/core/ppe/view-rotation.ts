/**
 * All of a part's judging views at the cost of one, in a live stream: each
 * frame judges a part on its next view in turn, and its P(covered) is the
 * mean of the latest P of every view judged within `maxAgeMs`. Someone who
 * stays in view for as many frames as there are views is judged as a photo
 * is (core/ppe/judging-views.ts); someone who just came into view is judged
 * on the box as found, the first view. Parts are followed from frame to frame
 * by box overlap, the most overlapping pairs first, as PersonTracker follows
 * people. The age limit keeps a verdict current: a hard hat put on shows
 * within `maxAgeMs`, whatever the frame rate. Pure, so it runs and is tested
 * in Node; the worker keeps one per equipment type.
 */
import { type Rect, iou } from '../../shared/geometry.js';
import type { JudgingView } from './judging-views.js';

interface Judged {
  p: number;
  at: number;
}

/** One part followed over frames: its last box, the latest P per view, and the view it is judged on next. */
export interface ViewTrack {
  box: Rect;
  judged: (Judged | undefined)[];
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
  /** Least IoU with its box in an earlier frame for a part to continue its track. */
  minIou?: number;
  /** Views judged longer ago than this are left out of the mean, and a track unseen for as long ends. */
  maxAgeMs?: number;
}

export class ViewRotation {
  private tracks: ViewTrack[] = [];
  private readonly minIou: number;
  private readonly maxAgeMs: number;

  constructor(
    private readonly views: readonly JudgingView[],
    options: ViewRotationOptions = {},
  ) {
    if (views.length === 0) throw new Error('a view rotation needs at least one view');
    this.minIou = options.minIou ?? 0.3;
    this.maxAgeMs = options.maxAgeMs ?? 2000;
  }

  /**
   * The view each box is judged on in the frame seen at `now`. A track already
   * picked in this frame is not picked again (heads of faces and heads of
   * bodies are judged in two calls a frame).
   */
  pick(boxes: readonly Rect[], now: number): ViewPick[] {
    this.tracks = this.tracks.filter((t) => now - t.seenAt <= this.maxAgeMs);
    const open = this.tracks.filter((t) => t.seenAt !== now);
    const chosen = new Array<ViewTrack | undefined>(boxes.length);
    const taken = new Set<ViewTrack>();
    for (const { box, track } of this.pairsByOverlap(boxes, open)) {
      if (chosen[box] || taken.has(track)) continue;
      chosen[box] = track;
      taken.add(track);
    }
    return boxes.map((box, i) => {
      const track = chosen[i] ?? this.started(box);
      const viewIndex = track.next;
      Object.assign(track, { box, seenAt: now, next: (viewIndex + 1) % this.views.length });
      return { view: this.views[viewIndex]!, viewIndex, track };
    });
  }

  /** Records this frame's P per picked box; returns each box's P pooled over its track's current views. */
  pool(picks: readonly ViewPick[], p: readonly number[], now: number): number[] {
    return picks.map(({ track, viewIndex }, i) => {
      track.judged[viewIndex] = { p: p[i]!, at: now };
      const current = track.judged.filter((j): j is Judged => !!j && now - j.at <= this.maxAgeMs);
      return current.reduce((sum, j) => sum + j.p, 0) / current.length;
    });
  }

  /** Forgets every track (the stream stopped, or the head judging changed). */
  reset(): void {
    this.tracks = [];
  }

  private started(box: Rect): ViewTrack {
    const track: ViewTrack = { box, judged: [], next: 0, seenAt: -Infinity };
    this.tracks.push(track);
    return track;
  }

  private pairsByOverlap(boxes: readonly Rect[], tracks: readonly ViewTrack[]) {
    const pairs: { box: number; track: ViewTrack; overlap: number }[] = [];
    boxes.forEach((box, i) => {
      for (const track of tracks) {
        const overlap = iou(box, track.box);
        if (overlap >= this.minIou) pairs.push({ box: i, track, overlap });
      }
    });
    return pairs.sort((a, b) => b.overlap - a.overlap);
  }
}
