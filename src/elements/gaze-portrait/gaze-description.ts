/** Words for what the portrait is doing, for its status line and screen readers. */
import type { GazeMode } from '../../core/gaze/gaze-tracker.js';

/** "far left" … "straight ahead" … "far right" for a gaze position u (0..1). */
export function directionWords(u: number, v = 0.5, rows = 1): string {
  const side =
    u < 0.15
      ? 'far to the left'
      : u < 0.4
        ? 'to the left'
        : u <= 0.6
          ? 'straight ahead'
          : u <= 0.85
            ? 'to the right'
            : 'far to the right';
  if (rows < 2) return side;
  const height = v < 0.35 ? ' and up' : v > 0.65 ? ' and down' : '';
  return side === 'straight ahead' && height ? `straight${height}` : `${side}${height}`;
}

export function describeGaze(mode: GazeMode, faces: number, u: number, v: number, rows: number): string {
  const looking = `looking ${directionWords(u, v, rows)}`;
  if (mode === 'tracking')
    return `Following ${faces === 1 ? 'the viewer' : `the nearest of ${faces} viewers`}: the eyes are ${looking}.`;
  if (mode === 'holding') return `Lost sight of the viewer for a moment: the eyes are ${looking}.`;
  return `Nobody in view: the eyes are ${looking}.`;
}
