/**
 * The part finder's grid, CenterNet's idea at its smallest: every cell of a
 * stride-16 feature grid says how likely a head (or face) is centred in it,
 * and where exactly and how big. Training turns labelled boxes into per-cell
 * targets; finding turns per-cell scores back into boxes. Pure: no tensors.
 */
import type { Rect, Scored } from '../../shared/geometry.js';
import { centreOf, containsPoint, iou, keepDistinct, overlapOfSmaller } from '../../shared/geometry.js';

/** A cell's label for one kind: centre of a box, not a centre, or left out. */
export const CENTRE = 1;
export const NOT_CENTRE = 0;
export const IGNORED = -1;

/** Box as the grid regresses it: centre offset from the cell's middle (in cells), log size (in cells). */
export type CellBox = [dx: number, dy: number, logWidth: number, logHeight: number];

export interface GridShape {
  cells: number;
  stride: number;
}

export interface CellTargets {
  /** Per cell (row-major): CENTRE, NOT_CENTRE or IGNORED. */
  labels: Int8Array;
  /** The centre cell and its neighbours, each with the box as seen from that cell (regression examples). */
  near: { cell: number; box: CellBox }[];
}

/** Cells around a box's centre cell that are neither centre nor background: a radius in cells. */
export function nearRadius(box: Rect, stride: number): number {
  return Math.max(1, Math.round((0.25 * Math.min(box.width, box.height)) / stride));
}

export function cellBox(box: Rect, row: number, col: number, stride: number): CellBox {
  const [cx, cy] = centreOf(box);
  return [
    cx / stride - (col + 0.5),
    cy / stride - (row + 0.5),
    Math.log(box.width / stride),
    Math.log(box.height / stride),
  ];
}

export function boxOfCell([dx, dy, lw, lh]: CellBox, row: number, col: number, stride: number): Rect {
  const cx = (col + 0.5 + dx) * stride;
  const cy = (row + 0.5 + dy) * stride;
  const width = Math.exp(lw) * stride;
  const height = Math.exp(lh) * stride;
  return { x: cx - width / 2, y: cy - height / 2, width, height };
}

/**
 * Targets of one kind on one grid. `boxes` are that kind's boxes; `unknown`
 * are regions where that kind may be present but is not labelled (a face
 * crop holds a head nobody boxed): their cells are left out, not negatives.
 */
export function cellTargets(grid: GridShape, boxes: readonly Rect[], unknown: readonly Rect[]): CellTargets {
  const { cells, stride } = grid;
  const labels = new Int8Array(cells * cells).fill(NOT_CENTRE);
  const cellMiddle = (row: number, col: number): [number, number] => [
    (col + 0.5) * stride,
    (row + 0.5) * stride,
  ];
  for (let row = 0; row < cells; row++)
    for (let col = 0; col < cells; col++)
      if (unknown.some((r) => containsPoint(r, cellMiddle(row, col)))) labels[row * cells + col] = IGNORED;
  const near: CellTargets['near'] = [];
  for (const box of boxes) {
    const [cx, cy] = centreOf(box);
    const row = clampCell(Math.floor(cy / stride), cells);
    const col = clampCell(Math.floor(cx / stride), cells);
    const radius = nearRadius(box, stride);
    for (let r = row - radius; r <= row + radius; r++)
      for (let c = col - radius; c <= col + radius; c++) {
        if (r < 0 || c < 0 || r >= cells || c >= cells) continue;
        const cell = r * cells + c;
        // The peak lands on the centre cell or next to it: those learn the box.
        if (Math.abs(r - row) <= 1 && Math.abs(c - col) <= 1)
          near.push({ cell, box: cellBox(box, r, c, stride) });
        if (labels[cell] !== CENTRE) labels[cell] = IGNORED;
      }
    labels[row * cells + col] = CENTRE;
  }
  return { labels, near };
}

function clampCell(v: number, cells: number): number {
  return Math.min(cells - 1, Math.max(0, v));
}

/** Cells whose score is at least `threshold` and the highest of their 3x3 neighbourhood. */
export function gridPeaks(scores: ArrayLike<number>, cells: number, threshold: number): number[] {
  const peaks: number[] = [];
  for (let row = 0; row < cells; row++)
    for (let col = 0; col < cells; col++) {
      const s = scores[row * cells + col]!;
      if (s < threshold) continue;
      let highest = true;
      for (let r = row - 1; r <= row + 1 && highest; r++)
        for (let c = col - 1; c <= col + 1; c++) {
          if (r < 0 || c < 0 || r >= cells || c >= cells || (r === row && c === col)) continue;
          const other = scores[r * cells + c]!;
          // Ties go to the first cell in reading order, so a plateau gives one peak.
          if (other > s || (other === s && r * cells + c < row * cells + col)) {
            highest = false;
            break;
          }
        }
      if (highest) peaks.push(row * cells + col);
    }
  return peaks;
}

/**
 * Boxes of the peak cells (input pixels). A large head can peak in more than
 * one cell; a box mostly inside a surer one (overlap over the smaller box
 * above a half) is that head again and dropped. Heads side by side in a
 * crowd overlap far less.
 */
export function decodeGrid(
  grid: GridShape,
  scores: ArrayLike<number>,
  boxes: (cell: number) => CellBox,
  threshold: number,
): Scored[] {
  const found = gridPeaks(scores, grid.cells, threshold).map((cell) => ({
    score: scores[cell]!,
    box: boxOfCell(boxes(cell), Math.floor(cell / grid.cells), cell % grid.cells, grid.stride),
  }));
  return keepDistinct(found, 0.5, Infinity, overlapOfSmaller);
}

/**
 * Small parts under this share of the frame's longer side are what a closer
 * look (the frame enlarged) adds: enlarged, a large part outgrows the sizes
 * the finder learned (20–170 px of its input) and is found in pieces.
 */
export const SMALL_PART_SHARE = 0.12;

const isSmall = (part: Scored, frameSide: number) => part.box.width < SMALL_PART_SHARE * frameSide;

/**
 * Whether a closer look may find more: the first found a small part (far
 * people stand in groups), or none at all. A frame of people close up, as at
 * an entrance, is spared its cost.
 */
export function wantsCloserLook(first: readonly Scored[], frameSide: number): boolean {
  return first.length === 0 || first.some((p) => isSmall(p, frameSide));
}

/** A found part; `seenTwice` when both looks found it, a witness of its own as a pose is. */
export interface LookedPart extends Scored {
  seenTwice?: boolean;
}

/**
 * The first look's parts and the small ones a closer look found, as one
 * multi-scale detector keeps them: each look within the sizes it sees well
 * (a small part inside a large one the first look found is a piece of it),
 * and a part both found (one mostly inside the other) kept once, the surer.
 * A kept part each look found about where it is (IoU ≥ 0.3) is marked as seen twice.
 */
export function withSmallParts(
  first: readonly Scored[],
  closer: readonly Scored[],
  frameSide: number,
): LookedPart[] {
  const large = first.filter((p) => !isSmall(p, frameSide));
  const added = closer.filter(
    (p) => isSmall(p, frameSide) && large.every((f) => overlapOfSmaller(f.box, p.box) <= 0.5),
  );
  // The same part at both sizes (a piece of a larger part does not count).
  const bothSaw = (p: Scored) => [first, closer].every((look) => look.some((q) => iou(q.box, p.box) >= 0.3));
  return keepDistinct([...first, ...added], 0.5, Infinity, overlapOfSmaller).map((p) =>
    bothSaw(p) ? { ...p, seenTwice: true } : p,
  );
}
