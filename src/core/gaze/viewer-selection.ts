/**
 * Which of several viewers the portrait follows: the largest (nearest) face,
 * kept until it is lost for a moment or another face stays clearly larger for
 * a while — so two people standing side by side do not make the eyes dart.
 */
import type { ViewerPosition } from './gaze-mapping.js';

export interface SelectionOptions {
  /** A challenger must be this many times larger (by area) than the followed face. */
  switchRatio: number;
  /** ...for this long before the portrait turns to it. */
  switchAfterMs: number;
  /** The followed face may vanish this long (a blink of the detector) before another is taken. */
  lostAfterMs: number;
}

export const DEFAULT_SELECTION: SelectionOptions = { switchRatio: 1.3, switchAfterMs: 700, lostAfterMs: 400 };

const area = (v: ViewerPosition) => v.width * v.height;

function largest(viewers: ViewerPosition[]): ViewerPosition | null {
  return viewers.reduce<ViewerPosition | null>((best, v) => (!best || area(v) > area(best) ? v : best), null);
}

/** The viewer nearest the followed one, if near enough to be the same person. */
function sameViewer(target: ViewerPosition, viewers: ViewerPosition[]): ViewerPosition | null {
  const reach = Math.max(target.width, 0.05);
  let best: ViewerPosition | null = null;
  let bestDistance = Infinity;
  for (const v of viewers) {
    const distance = Math.hypot(v.x - target.x, v.y - target.y);
    if (distance < reach && distance < bestDistance) [best, bestDistance] = [v, distance];
  }
  return best;
}

export class ViewerSelector {
  private target: ViewerPosition | null = null;
  private lastSeenMs = -Infinity;
  private challengerSinceMs: number | null = null;

  constructor(private readonly options: SelectionOptions = DEFAULT_SELECTION) {}

  /** The followed viewer in this frame, or null if nobody is followed right now. */
  select(viewers: ViewerPosition[], timeMs: number): ViewerPosition | null {
    const match = this.target ? sameViewer(this.target, viewers) : null;
    const biggest = largest(viewers);
    if (!match) {
      const lost = timeMs - this.lastSeenMs > this.options.lostAfterMs;
      if (!biggest || !lost) return null;
      return this.follow(biggest, timeMs);
    }
    if (biggest && biggest !== match && area(biggest) > area(match) * this.options.switchRatio) {
      this.challengerSinceMs ??= timeMs;
      if (timeMs - this.challengerSinceMs >= this.options.switchAfterMs) return this.follow(biggest, timeMs);
    } else {
      this.challengerSinceMs = null;
    }
    this.target = match;
    this.lastSeenMs = timeMs;
    return match;
  }

  private follow(viewer: ViewerPosition, timeMs: number): ViewerPosition {
    this.target = viewer;
    this.lastSeenMs = timeMs;
    this.challengerSinceMs = null;
    return viewer;
  }
}
