/**
 * The `frames` attribute's JSON: a pre-rendered gaze set — N head images (or
 * one sprite sheet) and where the head sits in the full painting. Parsed and
 * checked here, so a broken manifest gets a message that says what is wrong.
 *
 * {
 *   "painting": "painting.jpg",          // optional; default: the element's src
 *   "head": {"x": 250, "y": 140, "width": 300, "height": 340},
 *   "columns": 33, "rows": 1,             // rows > 1: a 2-D set, row 0 = eyes up
 *   "frames": ["head-00.jpg", ...],      // row-major; or instead:
 *   "sprite": {"src": "heads.jpg", "frameWidth": 300, "frameHeight": 340},
 *   "alpha": {"j": 30, "k": 0.35, "m": 0.5}   // optional
 * }
 */
import type { GazeGrid } from './gaze-mapping.js';
import type { Rect } from '../../shared/geometry.js';
import { DEFAULT_ALPHA, type SigmoidAlpha } from './sigmoid-alpha.js';

export interface FrameManifest {
  painting: string | null;
  head: Rect;
  grid: GazeGrid;
  frames: string[] | null;
  sprite: { src: string; frameWidth: number; frameHeight: number } | null;
  alpha: SigmoidAlpha;
}

export class FrameManifestError extends Error {
  override name = 'FrameManifestError';
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function positiveNumber(value: unknown, name: string, allowZero = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0))
    throw new FrameManifestError(`"${name}" must be a ${allowZero ? 'non-negative' : 'positive'} number`);
  return value;
}

function resolve(path: unknown, base: string, name: string): string {
  if (typeof path !== 'string' || !path) throw new FrameManifestError(`"${name}" must be a file name`);
  return new URL(path, base).href;
}

export function parseFrameManifest(json: unknown, baseUrl: string): FrameManifest {
  if (!isObject(json)) throw new FrameManifestError('the frame manifest is not a JSON object');
  if (!isObject(json.head))
    throw new FrameManifestError('"head" (the head rectangle in the painting) is missing');
  const head = {
    x: positiveNumber(json.head.x, 'head.x', true),
    y: positiveNumber(json.head.y, 'head.y', true),
    width: positiveNumber(json.head.width, 'head.width'),
    height: positiveNumber(json.head.height, 'head.height'),
  };
  const frames = Array.isArray(json.frames)
    ? json.frames.map((f, i) => resolve(f, baseUrl, `frames[${i}]`))
    : null;
  const sprite = isObject(json.sprite)
    ? {
        src: resolve(json.sprite.src, baseUrl, 'sprite.src'),
        frameWidth: positiveNumber(json.sprite.frameWidth, 'sprite.frameWidth'),
        frameHeight: positiveNumber(json.sprite.frameHeight, 'sprite.frameHeight'),
      }
    : null;
  if (!frames && !sprite) throw new FrameManifestError('give either "frames" (a list of images) or "sprite"');
  const rows = json.rows === undefined ? 1 : Math.round(positiveNumber(json.rows, 'rows'));
  const columns =
    json.columns === undefined
      ? Math.round((frames?.length ?? 0) / rows)
      : Math.round(positiveNumber(json.columns, 'columns'));
  if (columns < 2) throw new FrameManifestError('a gaze set needs at least 2 columns');
  if (frames && frames.length !== columns * rows)
    throw new FrameManifestError(
      `"frames" has ${frames.length} images but columns x rows is ${columns * rows}`,
    );
  const alpha = isObject(json.alpha)
    ? { ...DEFAULT_ALPHA, ...pickNumbers(json.alpha, ['j', 'k', 'm']) }
    : DEFAULT_ALPHA;
  return {
    painting: json.painting === undefined ? null : resolve(json.painting, baseUrl, 'painting'),
    head,
    grid: { columns, rows },
    frames,
    sprite,
    alpha,
  };
}

function pickNumbers(source: Json, keys: string[]): Partial<SigmoidAlpha> {
  const out: Record<string, number> = {};
  for (const key of keys)
    if (typeof source[key] === 'number' && Number.isFinite(source[key])) out[key] = source[key];
  return out;
}

/** Sprite cells in row-major order. */
export function spriteCells(manifest: FrameManifest): Rect[] {
  const sprite = manifest.sprite;
  if (!sprite) return [];
  const cells: Rect[] = [];
  for (let row = 0; row < manifest.grid.rows; row++) {
    for (let column = 0; column < manifest.grid.columns; column++)
      cells.push({
        x: column * sprite.frameWidth,
        y: row * sprite.frameHeight,
        width: sprite.frameWidth,
        height: sprite.frameHeight,
      });
  }
  return cells;
}
