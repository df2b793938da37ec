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

/** The portrait's accessible name: its title and where the eyes look. */
export function portraitLabel(
  title: string,
  view: { grid: { columns: number; rows: number }; shown: number } | null,
): string {
  if (!view) return `${title} (loading)`;
  const { columns, rows } = view.grid;
  const u = columns > 1 ? (view.shown % columns) / (columns - 1) : 0.5;
  const v = rows > 1 ? Math.floor(view.shown / columns) / (rows - 1) : 0.5;
  return `${title}, eyes looking ${directionWords(u, v, rows)}`;
}
