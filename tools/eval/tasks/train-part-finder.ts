/**
 * `npm run train -- part-finder [--mosaics N] [--epochs N]`: teaches the head
 * finder (src/models/part-finder/) to find heads and faces on CenterNet's
 * backbone grid, from mosaics of ppe-real-train crops on people-free photos
 * (tools/train/part-finder/). Only crops the cover heads trained on are
 * used: most are pasted to fit on, a seventh make the check mosaics on which
 * each kind's score threshold is chosen (best F1) and the numbers printed.
 * The crops `eval -- ppe` judges are never seen. `--check` measures the
 * installed finder again; `--previews N` writes N check pictures with their
 * boxes. Seeded throughout: a rerun gives the same weights.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { fitCoverHead } from '../../../src/core/learning/cover-head.js';
import { fitBoxRegressor } from '../../../src/core/learning/box-regressor.js';
import {
  FINDER_KINDS,
  type FinderKind,
  type FinderKindWeights,
  type FinderParts,
  type FinderSettings,
  PartFinder,
} from '../../../src/models/part-finder/part-finder.js';
import {
  PART_FINDER_FORMAT,
  type PartFinderFile,
  finderWeightMap,
  partFinderFromFiles,
} from '../../../src/models/part-finder/part-finder-file.js';
import { mulberry32 } from '../../../src/shared/seeded-random.js';
import { centreOf, containsPoint, iou } from '../../../src/shared/geometry.js';
import {
  type CellRows,
  mosaicRows,
  pixelsOf,
  unlabelledRegions,
} from '../../train/part-finder/cell-examples.js';
import { type Mosaic, type MosaicSources, makeMosaic } from '../../train/part-finder/mosaic.js';
import {
  type PieceSets,
  type PieceSource,
  loadBackgrounds,
  loadPieces,
} from '../../train/part-finder/pieces.js';
import { saveArtifact } from '../../train/cover/save-artifact.js';
import { matchParts } from '../scene-truth.js';
import { option, type Task, type TaskContext } from '../task-context.js';
import { pageModels } from './page-models.js';

const SEED = 20261201;
const INPUT_SIZE = 384;
const PIECES_PER_KIND = 800;
const VALIDATION_MOSAICS = 200;
const THRESHOLDS = [0.5, 0.7, 0.8, 0.9, 0.95, 0.97, 0.98, 0.99, 0.995, 0.998, 0.999];
const DATA = '../shared/data/ppe-real-train';
const SOURCES: PieceSource[] = [
  { kind: 'head', type: 'HEAD_COVER', folder: `${DATA}/heads`, coverModel: 'head-cover' },
  { kind: 'face', type: 'FACE_COVER', folder: `${DATA}/faces`, coverModel: 'face-cover' },
  { kind: 'hand', type: 'HAND_COVER', folder: `${DATA}/hands`, coverModel: 'hand-cover' },
];
/** People-free photos (objects, buildings) the crops are pasted onto. */
const BACKGROUNDS = [
  '../shared/data/retrieval-real-dev/gallery',
  '../shared/data/retrieval-real-dev/queries',
  '../shared/data/retrieval-dev/gallery',
];

function sourcesOf(pieces: PieceSets['fit'], backgrounds: Blob[], rand: () => number): MosaicSources {
  return {
    backgrounds,
    pick: (kind) => {
      const list = pieces[kind];
      return { kind, image: list[Math.floor(rand() * list.length)]! };
    },
  };
}

function matrixOf(rows: Float32Array[], dim: number): tf.Tensor2D {
  const flat = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => flat.set(r, i * dim));
  return tf.tensor2d(flat, [rows.length, dim]);
}

async function fitKind(ctx: TaskContext, rows: CellRows, kind: FinderKind, epochs: number) {
  const labelled = rows.labels[kind].flatMap((label, i) => (label >= 0 ? [i] : []));
  const x = matrixOf(
    labelled.map((i) => rows.features[i]!),
    rows.dim,
  );
  const labels = labelled.map((i) => rows.labels[kind][i]!);
  ctx.progress(`${kind}: ${labels.filter((l) => l === 1).length} centre cells of ${labels.length}`);
  const classifier = await fitCoverHead(
    x,
    labels,
    { hidden: 64, epochs, learningRate: 0.002, l2: 1e-4, batchSize: 256, seed: SEED, standardize: true },
    (p) =>
      p.epoch % 5 === 0 && ctx.progress(`${kind} epoch ${p.epoch}/${p.epochs}: loss ${p.loss.toFixed(4)}`),
  );
  x.dispose();
  const examples = rows.boxes[kind];
  const rx = matrixOf(
    examples.map((e) => rows.features[e.row]!),
    rows.dim,
  );
  const ry = tf.tensor2d(examples.map((e) => [...e.box]));
  const box = await fitBoxRegressor(
    rx,
    ry,
    { hidden: 64, epochs, learningRate: 0.002, l2: 1e-4, batchSize: 256, seed: SEED },
    (p) =>
      p.epoch % 5 === 0 &&
      ctx.progress(`${kind} boxes epoch ${p.epoch}/${p.epochs}: loss ${p.loss.toFixed(4)}`),
  );
  tf.dispose([rx, ry]);
  return { classifier: classifier.weights, box: box.weights };
}

interface KindCount {
  truth: number;
  found: number;
  detections: number;
  /** Sum of IoU over found pairs: how well the boxes fit, not only where they are. */
  iou: number;
}

/** Per kind and threshold: truth boxes, how many a detection found, and how many detections there were. */
async function validate(finder: PartFinder, sources: MosaicSources, rand: () => number, previews: number) {
  const counts = Object.fromEntries(
    FINDER_KINDS.map((k) => [k, THRESHOLDS.map(() => ({ truth: 0, found: 0, detections: 0, iou: 0 }))]),
  ) as Record<FinderKind, KindCount[]>;
  for (let i = 0; i < VALIDATION_MOSAICS; i++) {
    const mosaic = await makeMosaic(INPUT_SIZE, sources, rand);
    const pixels = pixelsOf(mosaic.canvas);
    const found = await finder.find(pixels);
    pixels.dispose();
    if (i < previews) await savePreview(mosaic, found, i);
    for (const kind of FINDER_KINDS)
      THRESHOLDS.forEach((t, j) => {
        // A head inside a pasted face crop (or a face inside a head crop) is there but unlabelled.
        const other = unlabelledRegions(mosaic, kind);
        const kept = found[kind]
          .filter((d) => d.score >= t && !other.some((r) => containsPoint(r, centreOf(d.box))))
          .map((d) => d.box);
        const c = counts[kind][j]!;
        c.truth += mosaic.boxes[kind].length;
        c.detections += kept.length;
        const pairs = matchParts(mosaic.boxes[kind], kept);
        c.found += pairs.length;
        for (const [t, d] of pairs) c.iou += iou(mosaic.boxes[kind][t]!, kept[d]!);
      });
  }
  return counts;
}

const PREVIEW_COLOURS = { head: ['#0c0', '#f00'], face: ['#0cf', '#f90'], hand: ['#fff', '#f0f'] } as const;

/** A check picture with its labelled boxes (heads green, faces cyan, hands white) and what was found (red, orange, magenta). */
async function savePreview(mosaic: Mosaic, found: FinderParts, index: number): Promise<void> {
  const ctx = mosaic.canvas.getContext('2d')!;
  ctx.font = '10px sans-serif';
  for (const kind of FINDER_KINDS) {
    const [truthColour, foundColour] = PREVIEW_COLOURS[kind];
    ctx.strokeStyle = truthColour;
    for (const b of mosaic.boxes[kind]) ctx.strokeRect(b.x, b.y, b.width, b.height);
    ctx.strokeStyle = ctx.fillStyle = foundColour;
    for (const d of found[kind]) {
      ctx.strokeRect(d.box.x, d.box.y, d.box.width, d.box.height);
      ctx.fillText(d.score.toFixed(2), d.box.x + 2, d.box.y + 10);
    }
  }
  const blob = await mosaic.canvas.convertToBlob({ type: 'image/png' });
  await saveArtifact(`preview-${index}.png`, await blob.arrayBuffer());
}

const round = (v: number) => Math.round(v * 1000) / 1000;

function scored(c: KindCount) {
  const recall = c.found / Math.max(1, c.truth);
  const precision = c.found / Math.max(1, c.detections);
  return {
    recall: round(recall),
    precision: round(precision),
    meanIou: round(c.iou / Math.max(1, c.found)),
    f1: round((2 * recall * precision) / Math.max(1e-9, recall + precision)),
  };
}

const LOWEST: FinderSettings = { inputSize: INPUT_SIZE, thresholds: { head: 0.3, face: 0.3, hand: 0.3 } };

const perKind = <T>(value: (kind: FinderKind) => T) =>
  Object.fromEntries(FINDER_KINDS.map((k) => [k, value(k)])) as Record<FinderKind, T>;

async function measured(finder: PartFinder, pieces: PieceSets, backgrounds: Blob[], previews: number) {
  const rand = mulberry32(SEED + 1);
  const counts = await validate(finder, sourcesOf(pieces.check, backgrounds, rand), rand, previews);
  const byThreshold = Object.fromEntries(
    FINDER_KINDS.map((k) => [k, THRESHOLDS.map((t, j) => ({ threshold: t, ...scored(counts[k][j]!) }))]),
  ) as Record<FinderKind, ({ threshold: number } & ReturnType<typeof scored>)[]>;
  const best = (k: FinderKind) => byThreshold[k].reduce((a, b) => (b.f1 > a.f1 ? b : a));
  return { mosaics: VALIDATION_MOSAICS, best: perKind(best), byThreshold };
}

export const trainPartFinder: Task = async (ctx) => {
  const epochs = Number(option(ctx.args, 'epochs') ?? 20);
  const mosaics = Number(option(ctx.args, 'mosaics') ?? 2000);
  const previews = Number(option(ctx.args, 'previews') ?? 0);
  const { info, registry } = await pageModels(ctx);
  const backbone: GraphModel = (await registry.load('centernet')).model;
  const pieces = await loadPieces(ctx, SOURCES, PIECES_PER_KIND, SEED);
  const backgrounds = await loadBackgrounds(ctx, BACKGROUNDS);
  if (ctx.args.includes('--check')) {
    // Measure the installed finder again (no training, nothing written but previews).
    const { entry, files } = await registry.files('part-finder');
    const shipped = partFinderFromFiles(entry, files, backbone).withSettings(LOWEST);
    const validation = await measured(shipped, pieces, backgrounds, previews);
    return {
      task: 'train',
      model: 'part-finder',
      check: true,
      validation: validation.best,
    };
  }
  const rand = mulberry32(SEED);
  const rows = await mosaicRows(
    backbone,
    sourcesOf(pieces.fit, backgrounds, rand),
    mosaics,
    INPUT_SIZE,
    rand,
    (n) => ctx.progress(`${n}/${mosaics} training pictures`),
  );
  const weights = {} as Record<FinderKind, FinderKindWeights>;
  for (const kind of FINDER_KINDS) weights[kind] = await fitKind(ctx, rows, kind, epochs);
  const validation = await measured(new PartFinder(backbone, weights, LOWEST), pieces, backgrounds, previews);
  const thresholds = perKind((k) => validation.best[k].threshold);
  const { data, specs } = await tf.io.encodeWeights(finderWeightMap(weights));
  const file: PartFinderFile = {
    format: PART_FINDER_FORMAT,
    version: 1,
    backbone: 'centernet',
    inputSize: INPUT_SIZE,
    thresholds,
    weightsManifest: [{ paths: ['part-finder.bin'], weights: specs }],
    training: {
      command: 'npm run train -- part-finder',
      data: [...SOURCES.map((s) => s.folder), ...BACKGROUNDS],
      seed: SEED,
      backend: info.backend,
      mosaics,
      epochs,
      trainingCells: rows.features.length,
      validation,
    },
  };
  await saveArtifact('part-finder.bin', data);
  await saveArtifact('part-finder.json', `${JSON.stringify(file, null, 1)}\n`);
  return {
    task: 'train',
    model: 'part-finder',
    backend: info.backend,
    mosaics,
    trainingCells: rows.features.length,
    thresholds,
    validation: validation.best,
  };
};
