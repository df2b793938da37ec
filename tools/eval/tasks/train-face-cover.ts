/**
 * `npm run train -- face-cover [folder]` (default ../shared/data/ppe): fits
 * the FACE_COVER head on the shared image embedding and writes
 * assets/models/face-cover/. Faces are found by the same BlazeFace and cut by
 * the same crop code the monitor uses; near-duplicate photos are grouped
 * before the split, and the printed validation accuracy is on groups the
 * head never saw. Seeded throughout: a rerun gives the same weights.
 */
import * as tf from '@tensorflow/tfjs-core';
import { BlazeFaceDetector } from '../../../src/models/blazeface/blazeface-detector.js';
import { largestFace } from '../../../src/core/face/decode.js';
import { CropRenderer } from '../../../src/models/embedding/crop-renderer.js';
import { type CropRequest, embedCrops } from '../../../src/models/embedding/embed-crops.js';
import { DEFAULT_EMBEDDING, ImageEmbedder } from '../../../src/models/embedding/image-embedder.js';
import { type CoverHeadOptions, encodeHead, fitCoverHead } from '../../../src/core/learning/cover-head.js';
import { COVER_HEAD_FORMAT, type CoverHeadFile } from '../../../src/models/cover-head/cover-head-file.js';
import { sha256Hex } from '../../../src/shared/sha256.js';
import type { Rect } from '../../../src/shared/geometry.js';
import { FACE_CROP_SCALE, faceCrop } from '../../../src/core/ppe/body-part-boxes.js';
import { PPE_FACE_DECODE } from '../../../src/core/ppe/face-tiling.js';
import { mulberry32 } from '../../../src/shared/seeded-random.js';
import { type LabelledPhoto, labelledFaceFolder, pairStem } from '../../train/face-cover/labelled-folder.js';
import { extractMaskLayer, pasteMask } from '../../train/face-cover/mask-layer.js';
import { jitterRect, randomAugmentation } from '../../train/face-cover/augmentation.js';
import { groupedSplit, similarLinks } from '../../train/face-cover/split.js';
import { option, type Task, type TaskContext } from '../task-context.js';
import { positional } from './task-files.js';
import { pageModels } from './page-models.js';

const SEED = 20261121;
const VALIDATION_SHARE = 0.2;
/** Cosine similarity above which two face crops count as the same picture (rotated or zoomed copies). */
const DUPLICATE_COSINE = 0.975;
const AUGMENTED_PER_PHOTO = 6;
const HEAD: Partial<CoverHeadOptions> = {
  hidden: 32,
  epochs: 60,
  learningRate: 0.003,
  l2: 1e-4,
  batchSize: 64,
  seed: SEED,
};

declare global {
  interface Window {
    __saveArtifact?: (name: string, base64: string) => Promise<void>;
  }
}

interface Photo extends LabelledPhoto {
  sha256: string;
  image: ImageBitmap;
  face: Rect | null;
}

async function loadPhotos(ctx: TaskContext, root: string, detector: BlazeFaceDetector): Promise<Photo[]> {
  const photos: Photo[] = [];
  for (const p of await labelledFaceFolder(ctx, root)) {
    const bytes = await (await fetch(ctx.fileUrl(p.path))).arrayBuffer();
    const image = await createImageBitmap(new Blob([bytes])).catch(() => null);
    if (!image) continue;
    const face = largestFace(await detector.detect(image, PPE_FACE_DECODE))?.box ?? null;
    photos.push({ ...p, sha256: await sha256Hex(bytes), image, face });
    if (photos.length % 100 === 0) ctx.progress(`faces found in ${photos.length} photos`);
  }
  return photos;
}

interface Composite {
  source: OffscreenCanvas;
  face: Rect;
  covered: boolean;
  copies: number;
}

/** From each masked/bare photo pair: the mask under the nose, on the chin, and recoloured in place. */
function maskComposites(photos: Photo[], rand: () => number): Composite[] {
  const out: Composite[] = [];
  for (const { masked, bare } of pairs(photos)) {
    const layer = extractMaskLayer(masked.image, bare.image);
    if (!layer || !bare.face) continue;
    const face = bare.face;
    out.push({ source: pasteMask(bare.image, layer, 0.4 + 0.2 * rand()), face, covered: false, copies: 3 });
    out.push({ source: pasteMask(bare.image, layer, 0.75 + 0.2 * rand()), face, covered: false, copies: 2 });
    const recolour = `hue-rotate(${Math.round(60 + 240 * rand())}deg) saturate(${(0.5 + rand()).toFixed(2)})`;
    out.push({ source: pasteMask(bare.image, layer, 0, recolour), face, covered: true, copies: 3 });
  }
  return out;
}

/** Training crops: augmented real photos, plus the mask composites. */
function trainingCrops(
  photos: Photo[],
  rand: () => number,
): { crops: CropRequest[]; labels: number[]; synthetic: number } {
  const crops: CropRequest[] = [];
  const labels: number[] = [];
  const add = (source: CropRequest['source'], face: Rect, covered: boolean, n: number) => {
    for (let i = 0; i < n; i++) {
      crops.push({ source, rect: jitterRect(faceCrop(face), rand), aug: randomAugmentation(rand) });
      labels.push(covered ? 1 : 0);
    }
  };
  for (const p of photos) if (p.face) add(p.image, p.face, p.covered, AUGMENTED_PER_PHOTO);
  const before = crops.length;
  for (const c of maskComposites(photos, rand)) add(c.source, c.face, c.covered, c.copies);
  return { crops, labels, synthetic: crops.length - before };
}

function pairs(photos: Photo[]): { masked: Photo; bare: Photo }[] {
  const bare = new Map(photos.filter((p) => !p.covered).map((p) => [pairStem(p.key), p]));
  return photos
    .filter((p) => p.covered && bare.has(pairStem(p.key)))
    .map((masked) => ({ masked, bare: bare.get(pairStem(masked.key))! }));
}

async function probabilities(
  head: Awaited<ReturnType<typeof fitCoverHead>>,
  x: tf.Tensor2D,
): Promise<Float32Array> {
  return x.shape[0] ? head.probabilities(x) : new Float32Array(0);
}

async function save(name: string, data: ArrayBuffer | string): Promise<void> {
  if (!window.__saveArtifact) throw new Error('saving is only available under npm run train');
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(data);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  await window.__saveArtifact(name, btoa(binary));
}

export const trainFaceCover: Task = async (ctx) => {
  const root = positional(ctx.args) ?? '../shared/data/ppe';
  const epochs = Number(option(ctx.args, 'epochs') ?? HEAD.epochs);
  const { info, registry } = await pageModels(ctx);
  const detector = new BlazeFaceDetector((await registry.load('blazeface')).model);
  const embedder = new ImageEmbedder((await registry.load(DEFAULT_EMBEDDING.model)).model);
  const renderer = new CropRenderer(DEFAULT_EMBEDDING.inputSize);
  const photos = await loadPhotos(ctx, root, detector);
  const withFace = photos.filter((p) => p.face);
  ctx.progress(`${photos.length} photos, a face found in ${withFace.length}`);

  // Group near-duplicates (same picture rotated/zoomed; the same person with and without a mask).
  const canonical = await embedCrops(
    embedder,
    renderer,
    withFace.map((p) => ({ source: p.image, rect: faceCrop(p.face!) })),
  );
  const index = new Map(withFace.map((p, i) => [p.key, i]));
  const links = similarLinks((await canonical.data()) as Float32Array, canonical.shape[1], DUPLICATE_COSINE);
  for (const { masked, bare } of pairs(withFace)) links.push([index.get(masked.key)!, index.get(bare.key)!]);
  const split = groupedSplit({ keys: withFace.map((p) => p.key), links }, VALIDATION_SHARE, SEED);
  ctx.progress(
    `${split.groups} groups (largest ${split.largestGroup}); ${split.train.length} training photos, ${split.validation.length} validation photos`,
  );

  const rand = mulberry32(SEED);
  const train = trainingCrops(
    split.train.map((i) => withFace[i]!),
    rand,
  );
  ctx.progress(
    `embedding ${train.crops.length} training crops (${train.synthetic} with moved or recoloured masks)`,
  );
  const x = await embedCrops(embedder, renderer, train.crops);
  const head = await fitCoverHead(x, train.labels, { ...HEAD, epochs }, (p) => {
    if (p.epoch % 10 === 0) ctx.progress(`epoch ${p.epoch}/${p.epochs}: loss ${p.loss.toFixed(4)}`);
  });

  const validation = split.validation.map((i) => withFace[i]!);
  const xv = tf.gather(canonical, split.validation);
  const pv = await probabilities(head, xv);
  const correct = validation.filter((p, i) => pv[i]! >= 0.5 === p.covered).length;
  const lowered = maskComposites(validation, mulberry32(SEED + 1)).filter((c) => !c.covered);
  const xl = await embedCrops(
    embedder,
    renderer,
    lowered.map((c) => ({ source: c.source, rect: faceCrop(c.face) })),
  );
  const pl = await probabilities(head, xl);
  const metrics = {
    validationPhotos: validation.length,
    validationAccuracy: round(correct / Math.max(1, validation.length)),
    validationMisses: validation.filter((p, i) => pv[i]! >= 0.5 !== p.covered).map((p) => p.key),
    loweredMaskExamples: pl.length,
    loweredMaskAccuracy: round(pl.filter((v) => v < 0.5).length / Math.max(1, pl.length)),
    photosWithoutFace: photos.filter((p) => !p.face).map((p) => p.key),
  };

  const { specs, data } = await encodeHead(head);
  const file: CoverHeadFile = {
    format: COVER_HEAD_FORMAT,
    version: 1,
    equipment: 'FACE_COVER',
    embedding: DEFAULT_EMBEDDING,
    cropScale: FACE_CROP_SCALE,
    weightsManifest: [{ paths: ['face-cover.bin'], weights: specs }],
    training: {
      command: 'npm run train -- face-cover',
      seed: SEED,
      backend: info.backend,
      head: { ...HEAD, epochs },
      trainingCrops: train.crops.length,
      ...metrics,
    },
  };
  await save('face-cover.bin', data);
  await save('face-cover.json', `${JSON.stringify(file, null, 1)}\n`);
  // Which files the head learned from (by content), so eval can leave them out.
  await save(
    'training-files.json',
    `${JSON.stringify({ seed: SEED, sha256: split.train.map((i) => withFace[i]!.sha256.slice(0, 16)).sort() })}\n`,
  );
  tf.dispose([canonical, x, xv, xl]);
  head.dispose();
  return {
    task: 'train',
    model: 'face-cover',
    backend: info.backend,
    trainingPhotos: split.train.length,
    trainingCrops: train.crops.length,
    syntheticCrops: train.synthetic,
    ...metrics,
  };
};

function round(v: number): number {
  return Math.round(v * 10000) / 10000;
}
