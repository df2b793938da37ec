/**
 * Stable person numbers across analysed camera frames, by box overlap (IoU):
 * each analysis's people are matched to the tracks of the previous ones, the
 * most overlapping pairs first; a person nobody matches gets the next number;
 * a track unseen for `maxMissed` analyses in a row ends. Pure, so it runs and
 * is tested in Node; the monitor draws with it between analyses (`glide`).
 */
import type { BoundingBox } from './protective-equipment.js';
import { greedyPairs } from './greedy-pairs.js';

export interface PersonTrack {
  /** The number shown for this person ("#3"), stable while they stay in view. */
  number: number;
  box: BoundingBox;
  /** Analyses in a row this track was not matched. */
  missed: number;
}

export interface TrackerOptions {
  /** Least IoU for a person to continue a track. */
  minIou?: number;
  /** Analyses a track survives without a match (a missed detection does not renumber anyone). */
  maxMissed?: number;
}

export function iou(a: BoundingBox, b: BoundingBox): number {
  const w = Math.min(a.Left + a.Width, b.Left + b.Width) - Math.max(a.Left, b.Left);
  const h = Math.min(a.Top + a.Height, b.Top + b.Height) - Math.max(a.Top, b.Top);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (a.Width * a.Height + b.Width * b.Height - inter);
}

export class PersonTracker {
  private tracks: PersonTrack[] = [];
  private nextNumber = 1;
  private readonly minIou: number;
  private readonly maxMissed: number;

  constructor(options: TrackerOptions = {}) {
    this.minIou = options.minIou ?? 0.2;
    this.maxMissed = options.maxMissed ?? 2;
  }

  /** The tracks alive after the last update (matched or recently missed). */
  get active(): readonly PersonTrack[] {
    return this.tracks;
  }

  /** Matches one analysis's boxes; returns each box's person number, in order. */
  update(boxes: readonly BoundingBox[]): number[] {
    const numbers = new Array<number>(boxes.length).fill(0);
    const matched = new Set<PersonTrack>();
    for (const [box, t] of greedyPairs(boxes, this.tracks, (b, track) => iou(b, track.box), this.minIou)) {
      const track = this.tracks[t]!;
      numbers[box] = track.number;
      matched.add(track);
      Object.assign(track, { box: boxes[box]!, missed: 0 });
    }
    for (const track of this.tracks) if (!matched.has(track)) track.missed++;
    this.tracks = this.tracks.filter((t) => t.missed <= this.maxMissed);
    boxes.forEach((box, i) => {
      if (numbers[i]) return;
      numbers[i] = this.nextNumber++;
      this.tracks.push({ number: numbers[i]!, box, missed: 0 });
    });
    return numbers;
  }

  /** A camera frame continues the tracks (stable numbers); a checked image numbers its people afresh. */
  numbered(boxes: readonly BoundingBox[], continuing: boolean): number[] {
    if (continuing) return this.update(boxes);
    this.reset();
    return boxes.map((_, i) => i + 1);
  }

  /** Forgets everyone (a still image follows, or the camera changed). */
  reset(): void {
    this.tracks = [];
    this.nextNumber = 1;
  }
}

/**
 * Moves a drawn box toward the latest analysed one: an exponential glide with
 * time constant `tauMs`, so boxes follow a person smoothly between analyses
 * instead of jumping once a second.
 */
export function glide(from: BoundingBox, to: BoundingBox, elapsedMs: number, tauMs = 150): BoundingBox {
  const k = 1 - Math.exp(-Math.max(0, elapsedMs) / tauMs);
  const step = (a: number, b: number) => a + (b - a) * k;
  return {
    Left: step(from.Left, to.Left),
    Top: step(from.Top, to.Top),
    Width: step(from.Width, to.Width),
    Height: step(from.Height, to.Height),
  };
}
