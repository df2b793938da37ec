/**
 * `npm run train -- face-cover|head-cover|hand-cover [folder …] [--epochs N]`:
 * fits a cover head on the shared image embedding from folders of labelled
 * one-person crops (tools/train/cover/labelled-folder.ts) and writes
 * assets/models/<model>/. Crops are cut by the monitor's own code; crops of
 * one source photo (manifest.csv), near-duplicates and masked/bare pairs are
 * grouped before the split, so the printed validation numbers are on photos
 * whose content the head never saw, and eval leaves the training files out.
 * Seeded throughout: a rerun gives the same weights.
 */
import * as tf from '@tensorflow/tfjs-core';
import { BlazeFaceDetector } from '../../../src/models/blazeface/blazeface-detector.js';
import { CropRenderer } from '../../../src/models/embedding/crop-renderer.js';
import { type CropRequest, embedCrops } from '../../../src/models/embedding/embed-crops.js';
import {
  DEFAULT_EMBEDDING,
  type EmbeddingSpec,
  ImageEmbedder,
  colourWidth,
} from '../../../src/models/embedding/image-embedder.js';
import { type CoverHeadOptions, encodeHead, fitCoverHead } from '../../../src/core/learning/cover-head.js';
import { COVER_HEAD_FORMAT, type CoverHeadFile } from '../../../src/models/cover-head/cover-head-file.js';
import { FACE_CROP_SCALE } from '../../../src/core/ppe/body-part-boxes.js';
import type { EquipmentType } from '../../../src/core/ppe/ppe-analysis.js';
import { mulberry32 } from '../../../src/shared/seeded-random.js';
import { type Example, ExampleMaker, PART_CROP_SCALE } from '../../train/cover/cover-examples.js';
import { type Composite, maskComposites, maskPairs } from '../../train/cover/mask-composites.js';
import { groupedSplit, similarLinks } from '../../train/cover/split.js';
import { sameSourceLinks } from '../../train/cover/source-groups.js';
import { saveArtifact } from '../../train/cover/save-artifact.js';
import { option, type Task, type TaskContext } from '../task-context.js';
import { pageModels } from './page-models.js';

const SEED = 20261130;
const VALIDATION_SHARE = 0.2;
/** Cosine similarity above which two crops count as the same picture (rotated or zoomed copies). */
const DUPLICATE_COSINE = 0.975;
const HEAD: Partial<CoverHeadOptions> = {
  hidden: 128,
  epochs: 60,
  learningRate: 0.003,
  l2: 1e-5,
  batchSize: 64,
  seed: SEED,
};

/** The shared embedding, also pooled over top, middle and bottom: where a thing sits matters. */
const BANDED: EmbeddingSpec = { ...DEFAULT_EMBEDDING, bands: 3 };

interface CoverModel {
  type: EquipmentType;
  embedding: EmbeddingSpec;
  data: string[];
  augmented: number;
  occluded: number;
  spread: number;
}

const MODELS: Record<string, CoverModel> = {
  'face-cover': {
    type: 'FACE_COVER',
    embedding: BANDED,
    data: ['../shared/data/ppe-real-train/faces', '../shared/data/ppe'],
    augmented: 5,
    occluded: 2,
    spread: 1,
  },
  // Heads are found from faces or poses: their boxes wander more than a labeller's.
  'head-cover': {
    type: 'HEAD_COVER',
    embedding: BANDED,
    data: ['../shared/data/ppe-real-train/heads'],
    augmented: 8,
    occluded: 0,
    spread: 2,
  },
  'hand-cover': {
    type: 'HAND_COVER',
    embedding: { ...BANDED, colour: true },
    data: ['../shared/data/ppe-real-train/hands'],
    augmented: 8,
    occluded: 0,
    spread: 1.5,
  },
};

/** Every argument that is not an option or an option's value. */
function folders(args: string[]): string[] {
  return args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
}

const round = (v: number) => Math.round(v * 10000) / 10000;

function confusionOf(labels: boolean[], p: Float32Array) {
  const c = { tp: 0, fp: 0, tn: 0, fn: 0 };
  labels.forEach((covered, i) => {
    const said = p[i]! >= 0.5;
    c[said ? (covered ? 'tp' : 'fp') : covered ? 'fn' : 'tn']++;
  });
  return { ...c, accuracy: round((c.tp + c.tn) / Math.max(1, labels.length)) };
}

/** Rows as one [N, D] tensor, through one flat buffer (tens of thousands of JS arrays would not fit). */
function matrix(rows: Float32Array[]): tf.Tensor2D {
  const dim = rows[0]?.length ?? 0;
  const flat = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => flat.set(r, i * dim));
  return tf.tensor2d(flat, [rows.length, dim]);
}

async function predict(head: Awaited<ReturnType<typeof fitCoverHead>>, rows: Float32Array[]) {
  if (rows.length === 0) return new Float32Array(0);
  const x = matrix(rows);
  try {
    return await head.probabilities(x);
  } finally {
    x.dispose();
  }
}

/** Duplicates are found on the backbone's unit-length part of the embedding (not its mean colours). */
function splitExamples(examples: Example[], spec: EmbeddingSpec) {
  const dim = (examples[0]?.canonical.length ?? 0) - colourWidth(spec);
  const flat = new Float32Array(examples.length * dim);
  examples.forEach((e, i) => flat.set(e.canonical.subarray(0, dim), i * dim));
  const links = [
    ...similarLinks(flat, dim, DUPLICATE_COSINE),
    ...sameSourceLinks(examples.map((e) => e.source)),
  ];
  const index = new Map(examples.map((e, i) => [e.key, i]));
  for (const { masked, bare } of maskPairs(examples))
    links.push([index.get(masked.key)!, index.get(bare.key)!]);
  return groupedSplit({ keys: examples.map((e) => e.key), links }, VALIDATION_SHARE, SEED);
}

async function loadExamples(ctx: TaskContext, model: CoverModel, roots: string[]) {
  const { info, registry } = await pageModels(ctx);
  const embedder = new ImageEmbedder((await registry.load(model.embedding.model)).model, model.embedding);
  const renderer = new CropRenderer(model.embedding.inputSize);
  const detector = new BlazeFaceDetector((await registry.load('blazeface')).model);
  const maker = new ExampleMaker(embedder, renderer, model.type === 'HAND_COVER' ? null : detector);
  const rand = mulberry32(SEED);
  const examples: Example[] = [];
  let unreadable = 0;
  for (const root of roots) {
    const found = await maker.fromFolder(ctx, root, { ...model, rand });
    found.examples.forEach((e) => examples.push({ ...e, key: `${root}/${e.key}` }));
    unreadable += found.unreadable;
  }
  const embed = async (crops: CropRequest[]) => {
    const x = await embedCrops(embedder, renderer, crops);
    const rows = ((await x.array()) as number[][]).map((r) => Float32Array.from(r));
    x.dispose();
    return rows;
  };
  const composites = (pairs: ReturnType<typeof maskPairs<Example>>, plain: boolean) =>
    maskComposites(ctx, pairs, detector, embed, mulberry32(SEED + (plain ? 1 : 0)), plain);
  return { info, examples, unreadable, composites };
}

export const trainCover =
  (name: string): Task =>
  async (ctx) => {
    const model = MODELS[name]!;
    const roots = folders(ctx.args).length ? folders(ctx.args) : model.data;
    const head_ = {
      ...HEAD,
      epochs: Number(option(ctx.args, 'epochs') ?? HEAD.epochs),
      hidden: Number(option(ctx.args, 'hidden') ?? HEAD.hidden),
      l2: Number(option(ctx.args, 'l2') ?? HEAD.l2),
    };
    const { info, examples, unreadable, composites } = await loadExamples(ctx, model, roots);
    const split = splitExamples(examples, model.embedding);
    const train = split.train.map((i) => examples[i]!);
    const validation = split.validation.map((i) => examples[i]!);
    ctx.progress(
      `${examples.length} photos in ${split.groups} groups: ${train.length} to train on, ${validation.length} held back`,
    );
    const synthetic: Composite[] =
      model.type === 'FACE_COVER' ? await composites(maskPairs(train), false) : [];
    const rows = [...train.flatMap((e) => e.rows), ...synthetic];
    ctx.progress(`fitting on ${rows.length} crops (${synthetic.length} with moved or recoloured masks)`);
    const x = matrix(rows.map((r) => r.x));
    const head = await fitCoverHead(
      x,
      rows.map((r) => (r.covered ? 1 : 0)),
      head_,
      (p) => p.epoch % 10 === 0 && ctx.progress(`epoch ${p.epoch}/${p.epochs}: loss ${p.loss.toFixed(4)}`),
    );
    x.dispose();

    const pv = await predict(
      head,
      validation.map((e) => e.canonical),
    );
    const lowered = model.type === 'FACE_COVER' ? await composites(maskPairs(validation), true) : [];
    const pl = await predict(
      head,
      lowered.map((c) => c.x),
    );
    const metrics = {
      validation: confusionOf(
        validation.map((e) => e.covered),
        pv,
      ),
      validationMisses: validation.filter((e, i) => pv[i]! >= 0.5 !== e.covered).map((e) => e.key),
      ...(lowered.length
        ? {
            loweredMaskExamples: pl.length,
            loweredMaskAccuracy: round(pl.filter((v) => v < 0.5).length / pl.length),
          }
        : {}),
      facesFoundByBlazeFace:
        model.type === 'FACE_COVER' ? examples.filter((e) => e.faceFound).length : undefined,
    };
    const { specs, data } = await encodeHead(head);
    head.dispose();
    const file: CoverHeadFile = {
      format: COVER_HEAD_FORMAT,
      version: 1,
      equipment: model.type,
      embedding: model.embedding,
      cropScale: model.type === 'FACE_COVER' ? FACE_CROP_SCALE : PART_CROP_SCALE,
      weightsManifest: [{ paths: [`${name}.bin`], weights: specs }],
      training: {
        command: `npm run train -- ${name}`,
        data: roots,
        seed: SEED,
        backend: info.backend,
        head: head_,
        trainingPhotos: train.length,
        trainingCrops: rows.length,
        syntheticCrops: synthetic.length,
        ...metrics,
      },
    };
    await saveArtifact(`${name}.bin`, data);
    await saveArtifact(`${name}.json`, `${JSON.stringify(file, null, 1)}\n`);
    // Which files the head learned from (by content), so eval can leave them out.
    const trained = train.map((e) => e.sha256.slice(0, 16)).sort();
    await saveArtifact('training-files.json', `${JSON.stringify({ seed: SEED, sha256: trained })}\n`);
    return {
      task: 'train',
      model: name,
      backend: info.backend,
      photos: examples.length,
      unreadable,
      trainingPhotos: train.length,
      trainingCrops: rows.length,
      syntheticCrops: synthetic.length,
      ...metrics,
    };
  };
