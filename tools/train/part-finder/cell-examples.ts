/**
 * From mosaics to the rows the finder learns from: the backbone grid of each
 * picture (the finder's own feature-grid code), and of its cells every
 * centre and near-centre cell plus a seeded sample of the rest. Each row keeps
 * its label per kind (centre, not, left out) and, near a centre, the box
 * as seen from that cell.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { type CellBox, IGNORED, cellTargets } from '../../../src/core/ppe/part-grid.js';
import { GRID_STRIDE, featureGrid } from '../../../src/models/part-finder/feature-grid.js';
import { FINDER_KINDS, type FinderKind } from '../../../src/models/part-finder/part-finder.js';
import { type Mosaic, type MosaicSources, makeMosaic } from './mosaic.js';

/** Background cells sampled per picture. */
const OTHER_CELLS = 40;

export interface CellRows {
  dim: number;
  features: Float32Array[];
  labels: Record<FinderKind, number[]>;
  /** Per kind: regression examples (row index, box). */
  boxes: Record<FinderKind, { row: number; box: CellBox }[]>;
}

/**
 * Crops in which a part of this kind is there but nobody boxed it: a face
 * crop holds a head, a head crop often a face. Their cells are left out.
 */
const UNLABELLED_IN: Record<FinderKind, FinderKind[]> = { head: ['face'], face: ['head'], hand: [] };

export function unlabelledRegions(mosaic: Mosaic, kind: FinderKind) {
  return UNLABELLED_IN[kind].flatMap((k) => mosaic.pasted[k]);
}

export function pixelsOf(canvas: OffscreenCanvas): tf.Tensor3D {
  return tf.browser.fromPixels(canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height));
}

export function emptyRows(): CellRows {
  const perKind = <T>(make: () => T) =>
    Object.fromEntries(FINDER_KINDS.map((k) => [k, make()])) as Record<FinderKind, T>;
  return { dim: 0, features: [], labels: perKind(() => []), boxes: perKind(() => []) };
}

export async function addMosaicRows(
  rows: CellRows,
  backbone: GraphModel,
  mosaic: Mosaic,
  rand: () => number,
): Promise<void> {
  const size = mosaic.canvas.width;
  const pixels = pixelsOf(mosaic.canvas);
  const grid = featureGrid(backbone, pixels, size);
  pixels.dispose();
  const [cells, , dim] = grid.features.shape;
  const values = (await grid.features.data()) as Float32Array;
  grid.features.dispose();
  rows.dim = dim;
  const shape = { cells, stride: GRID_STRIDE };
  const targets = Object.fromEntries(
    FINDER_KINDS.map((k) => [k, cellTargets(shape, mosaic.boxes[k], unlabelledRegions(mosaic, k))]),
  ) as Record<FinderKind, ReturnType<typeof cellTargets>>;
  const chosen = new Set<number>();
  for (const kind of FINDER_KINDS) for (const { cell } of targets[kind].near) chosen.add(cell);
  for (let i = 0; i < OTHER_CELLS; i++) chosen.add(Math.floor(rand() * cells * cells));
  const rowOf = new Map<number, number>();
  for (const cell of chosen) {
    rowOf.set(cell, rows.features.length);
    rows.features.push(values.slice(cell * dim, (cell + 1) * dim));
    for (const kind of FINDER_KINDS) rows.labels[kind].push(targets[kind].labels[cell] ?? IGNORED);
  }
  for (const kind of FINDER_KINDS)
    for (const { cell, box } of targets[kind].near) rows.boxes[kind].push({ row: rowOf.get(cell)!, box });
}

export async function mosaicRows(
  backbone: GraphModel,
  sources: MosaicSources,
  count: number,
  size: number,
  rand: () => number,
  progress: (done: number) => void,
): Promise<CellRows> {
  const rows = emptyRows();
  for (let i = 0; i < count; i++) {
    await addMosaicRows(rows, backbone, await makeMosaic(size, sources, rand), rand);
    if ((i + 1) % 100 === 0) progress(i + 1);
  }
  return rows;
}
