/**
 * Training examples for a cover head, one labelled crop folder at a time.
 * Each photo is decoded, its part located (faces and heads from the face the
 * monitor's own BlazeFace finds, where it finds one; else the labelled box
 * inside the crop's 15% margin), embedded once as the monitor would see it (the canonical row, used
 * for validation and for finding duplicates) and several times augmented
 * (the training rows), and then let go: thousands of photos never sit in
 * memory at once.
 */
import type { BlazeFaceDetector } from '../../../src/models/blazeface/blazeface-detector.js';
import { largestFace } from '../../../src/core/face/decode.js';
import type { CropRenderer } from '../../../src/models/embedding/crop-renderer.js';
import { type CropRequest, embedCrops } from '../../../src/models/embedding/embed-crops.js';
import type { ImageEmbedder } from '../../../src/models/embedding/image-embedder.js';
import { faceCrop, headBox, squareAround } from '../../../src/core/ppe/body-part-boxes.js';
import { PPE_FACE_DECODE, zoomedOut } from '../../../src/core/ppe/face-tiling.js';
import type { EquipmentType } from '../../../src/core/ppe/ppe-analysis.js';
import type { Rect } from '../../../src/shared/geometry.js';
import { sha256Hex } from '../../../src/shared/sha256.js';
import type { TaskContext } from '../../eval/task-context.js';
import { jitterRect, randomAugmentation } from './augmentation.js';
import { type LabelledPhoto, labelledFolder } from './labelled-folder.js';
import { OCCLUDERS, withOccluder } from './occluders.js';
import { sourceOfFile } from './source-groups.js';

/** Hand and head crops are cut this much wider than the part's box, as the monitor cuts them. */
export const PART_CROP_SCALE = 1.2;
/** The data sets' crops carry a 15% margin on each side of the labelled box. */
const CROP_MARGIN = 0.15;

export interface Example extends LabelledPhoto {
  sha256: string;
  /** "repo:path" of the photo the crop was cut from, when the data set says. */
  source?: string;
  faceFound: boolean;
  canonical: Float32Array;
  /** Augmented rows and their labels (an occluder never changes the label). */
  rows: { x: Float32Array; covered: boolean }[];
}

export interface ExampleOptions {
  type: EquipmentType;
  augmented: number;
  /** Faces only: extra rows with a cap, beanie or hand painted on. */
  occluded: number;
  /** How far the training crops wander from the part's box (1: a face detector's wobble). */
  spread: number;
  rand: () => number;
}

export function labelledBox(width: number, height: number): Rect {
  const [w, h] = [width / (1 + 2 * CROP_MARGIN), height / (1 + 2 * CROP_MARGIN)];
  return { x: (width - w) / 2, y: (height - h) / 2, width: w, height: h };
}

/** The crop the monitor embeds for a part of this type. */
export function partCrop(type: EquipmentType, part: Rect): Rect {
  return type === 'FACE_COVER' ? faceCrop(part) : squareAround(part, PART_CROP_SCALE);
}

async function manifestSources(ctx: TaskContext, root: string): Promise<Map<string, string>> {
  const base = root.replace(/\/$/, '');
  const parent = base.slice(0, base.lastIndexOf('/'));
  const prefix = base.slice(base.lastIndexOf('/') + 1);
  for (const [dir, keyPrefix] of [
    [base, ''],
    [parent, `${prefix}/`],
  ] as const) {
    const response = await fetch(ctx.fileUrl(`${dir}/manifest.csv`)).catch(() => null);
    if (!response?.ok) continue;
    const bySource = sourceOfFile(await response.text());
    return new Map([...bySource].map(([file, s]) => [file.slice(keyPrefix.length), s]));
  }
  return new Map();
}

function requests(
  image: ImageBitmap,
  part: Rect,
  covered: boolean,
  o: ExampleOptions,
): { crops: CropRequest[]; labels: boolean[] } {
  const crops: CropRequest[] = [{ source: image, rect: partCrop(o.type, part) }];
  const labels = [covered];
  for (let i = 0; i < o.augmented; i++) {
    crops.push({
      source: image,
      rect: jitterRect(partCrop(o.type, part), o.rand, o.spread),
      aug: randomAugmentation(o.rand),
    });
    labels.push(covered);
  }
  if (o.type === 'FACE_COVER')
    for (let i = 0; i < o.occluded; i++) {
      const occluder = OCCLUDERS[Math.floor(o.rand() * OCCLUDERS.length)]!;
      const painted = withOccluder(image, part, occluder, o.rand);
      crops.push({
        source: painted,
        rect: jitterRect(faceCrop(part), o.rand),
        aug: randomAugmentation(o.rand),
      });
      labels.push(covered);
    }
  return { crops, labels };
}

interface Pending {
  photo: LabelledPhoto & { sha256: string; source?: string; faceFound: boolean };
  image: ImageBitmap;
  crops: CropRequest[];
  labels: boolean[];
}

export class ExampleMaker {
  constructor(
    private readonly embedder: ImageEmbedder,
    private readonly renderer: CropRenderer,
    /** Finds the face in face and head crops; null for hands. */
    private readonly detector: BlazeFaceDetector | null,
  ) {}

  /** Every readable photo of the folder, embedded; unreadable files are counted, not fatal. */
  async fromFolder(
    ctx: TaskContext,
    root: string,
    o: ExampleOptions,
  ): Promise<{ examples: Example[]; unreadable: number }> {
    const sources = await manifestSources(ctx, root);
    const photos = await labelledFolder(ctx, root, o.type);
    const examples: Example[] = [];
    let pending: Pending[] = [];
    let unreadable = 0;
    for (const photo of photos) {
      const bytes = await (await fetch(ctx.fileUrl(photo.path))).arrayBuffer();
      const image = await createImageBitmap(new Blob([bytes])).catch(() => null);
      if (!image) {
        unreadable++;
        continue;
      }
      const { part, faceFound } = await this.locate(image, o.type);
      const { crops, labels } = requests(image, part, photo.covered, o);
      const source = sources.get(photo.key);
      pending.push({
        photo: { ...photo, sha256: await sha256Hex(bytes), faceFound, ...(source ? { source } : {}) },
        image,
        crops,
        labels,
      });
      if (pending.length < 8) continue;
      examples.push(...(await this.embed(pending)));
      pending = [];
      if (examples.length % 200 === 0)
        ctx.progress(`${root}: ${examples.length}/${photos.length} photos embedded`);
    }
    examples.push(...(await this.embed(pending)));
    return { examples, unreadable };
  }

  private async locate(image: ImageBitmap, type: EquipmentType): Promise<{ part: Rect; faceFound: boolean }> {
    if (type !== 'HAND_COVER' && this.detector) {
      // As the monitor looks: the frame, then the frame zoomed out (a crop is a close-up). A head is
      // then cut where the monitor cuts it: above the face it found.
      for (const region of [undefined, zoomedOut(image.width, image.height)]) {
        const face = largestFace(await this.detector.detect(image, PPE_FACE_DECODE, region));
        if (face) return { part: type === 'HEAD_COVER' ? headBox(face.box) : face.box, faceFound: true };
      }
    }
    return { part: labelledBox(image.width, image.height), faceFound: false };
  }

  private async embed(batch: Pending[]): Promise<Example[]> {
    const all = batch.flatMap((p) => p.crops);
    const x = await embedCrops(this.embedder, this.renderer, all);
    const data = (await x.data()) as Float32Array;
    const dim = x.shape[1];
    x.dispose();
    let at = 0;
    return batch.map((p) => {
      const rows = p.crops.map((_, i) => data.slice((at + i) * dim, (at + i + 1) * dim));
      at += p.crops.length;
      p.image.close();
      return {
        ...p.photo,
        canonical: rows[0]!,
        rows: rows.slice(1).map((r, i) => ({ x: r, covered: p.labels[i + 1]! })),
      };
    });
  }
}
