/**
 * One PPE look at a frame, in the worker: faces (tiled for crowds and small
 * faces), the face cover head on the shared embedding, whole people and
 * hands when asked,
 * head and hand cover heads when an operator has taught them. Returns plain
 * data (PpeAnalysis); the policy (required types, confidence) is applied by
 * the caller.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  type BlazeFaceDetector,
  type FrameSource,
  frameSize,
} from '../../models/blazeface/blazeface-detector.js';
import type { FaceDetection } from '../../core/face/decode.js';
import type { CoverHead } from '../../core/learning/cover-head.js';
import type { LoadedCoverHead } from '../../models/cover-head/cover-head-file.js';
import {
  type CropAugmentation,
  CropRenderer,
  type CropSource,
} from '../../models/embedding/crop-renderer.js';
import { embedCrops } from '../../models/embedding/embed-crops.js';
import type { ImageEmbedder } from '../../models/embedding/image-embedder.js';
import type { HandDetector } from '../../models/handtrack/hand-detector.js';
import type { PersonDetector } from '../../models/centernet/person-detector.js';
import type { Scored } from '../../shared/geometry.js';
import type { FacePresence } from '../../models/facemesh/face-presence.js';
import type { Rect } from '../../shared/geometry.js';
import { headBox, squareAround } from '../../core/ppe/body-part-boxes.js';
import {
  PPE_FACE_DECODE,
  cutByTile,
  mergeDetections,
  needsTiles,
  tilePlan,
} from '../../core/ppe/face-tiling.js';
import { type HandFound, assemblePersons } from '../../core/ppe/person-assembly.js';
import type { EquipmentType, PpeAnalysis } from '../../core/ppe/ppe-analysis.js';
import type { PpeOptions } from '../../contracts/ppe.js';

/**
 * BlazeFace score × FaceMesh face flag a detection needs to count as a person.
 * FaceMesh doubts masked faces (flag 0.1–0.5) but all but rules out curtains
 * and clothes (≤ 0.12 at BlazeFace ≤ 0.6); the product keeps the first.
 */
const MIN_FACE_EVIDENCE = 0.08;

/** Each taught example is also seen mirrored, turned and in other light. */
const TEACH_VIEWS: CropAugmentation[] = [
  {},
  { mirror: true },
  { angle: 0.12, filter: 'brightness(1.15)' },
  { angle: -0.12, mirror: true, filter: 'brightness(0.85) contrast(1.1)' },
];

/** Taught heads crop hands and heads a little wider than their boxes. */
const PART_CROP_SCALE = 1.2;

export class PpeAnalyzer {
  private readonly renderer: CropRenderer;
  private readonly taught = new Map<EquipmentType, CoverHead>();

  constructor(
    private readonly detector: BlazeFaceDetector,
    private readonly presence: FacePresence,
    private readonly embedder: ImageEmbedder,
    private readonly faceCover: LoadedCoverHead,
    private readonly hands: () => Promise<HandDetector>,
    private readonly people: PersonDetector,
    readonly modelVersion: string,
  ) {
    this.renderer = new CropRenderer(embedder.spec.inputSize);
  }

  setTaughtHead(type: EquipmentType, head: CoverHead | null): void {
    this.taught.get(type)?.dispose();
    if (head) this.taught.set(type, head);
    else this.taught.delete(type);
  }

  taughtTypes(): EquipmentType[] {
    return [...this.taught.keys()];
  }

  async analyze(frame: FrameSource & CropSource, options: PpeOptions): Promise<PpeAnalysis> {
    const t0 = performance.now();
    const [width, height] = frameSize(frame);
    const { faces, tiles } = await this.findFaces(frame, width, height);
    const t1 = performance.now();
    const faceCovered = await this.coverProbabilities(
      this.faceCover.head,
      frame,
      faces.map((f) => squareAround(f.box, this.faceCover.file.cropScale)),
    );
    const headCovered = await this.taughtProbabilities(
      'HEAD_COVER',
      frame,
      faces.map((f) => headBox(f.box)),
      faces.length,
    );
    const t2 = performance.now();
    const hands = options.hands ? await this.findHands(frame) : [];
    const handCovered = await this.taughtProbabilities(
      'HAND_COVER',
      frame,
      hands.map((h) => h.box),
      hands.length,
    );
    const t3 = performance.now();
    const bodies = options.bodies ? await this.findBodies(frame) : [];
    const persons = assemblePersons({ faces, faceCovered, headCovered, hands, handCovered, bodies }, height);
    const t4 = performance.now();
    return {
      width,
      height,
      persons,
      tiles,
      modelVersion: this.modelVersion,
      ms: { faces: t1 - t0, cover: t2 - t1, hands: t3 - t2, people: t4 - t3, total: t4 - t0 },
    };
  }

  /**
   * Teach mode: for every body part of this type in the frame, the
   * embeddings of its crop in TEACH_VIEWS (the plain crop first). A few
   * taught people then stand for more poses and lighting than they showed.
   */
  async partEmbeddings(frame: FrameSource & CropSource, type: EquipmentType): Promise<Float32Array[][]> {
    const [width, height] = frameSize(frame);
    let rects: Rect[];
    if (type === 'HAND_COVER') rects = (await this.findHands(frame)).map((h) => h.box);
    else {
      const { faces } = await this.findFaces(frame, width, height);
      rects = faces.map((f) =>
        type === 'HEAD_COVER' ? headBox(f.box) : squareAround(f.box, this.faceCover.file.cropScale),
      );
    }
    const crops = rects.flatMap((r) =>
      TEACH_VIEWS.map((aug) => ({
        source: frame,
        rect: type === 'FACE_COVER' ? r : squareAround(r, PART_CROP_SCALE),
        aug,
      })),
    );
    const x = await embedCrops(this.embedder, this.renderer, crops);
    const rows = x.shape[0] ? ((await x.array()) as number[][]) : [];
    x.dispose();
    return rects.map((_, i) =>
      rows.slice(i * TEACH_VIEWS.length, (i + 1) * TEACH_VIEWS.length).map((r) => Float32Array.from(r)),
    );
  }

  private async findFaces(
    frame: FrameSource,
    width: number,
    height: number,
  ): Promise<{ faces: FaceDetection[]; tiles: number }> {
    const first = await this.detector.detect(frame, PPE_FACE_DECODE);
    if (!needsTiles(width, height, first)) return { faces: await this.confirmed(frame, first), tiles: 0 };
    const plan = tilePlan(width, height);
    const found = [...first];
    for (const tile of plan) {
      const inTile = await this.detector.detect(frame, PPE_FACE_DECODE, tile);
      found.push(...inTile.filter((f) => !cutByTile(f, tile, width, height)));
    }
    return { faces: await this.confirmed(frame, mergeDetections(found)), tiles: plan.length };
  }

  /** Detections FaceMesh agrees are faces . */
  private async confirmed(frame: FrameSource, faces: FaceDetection[]): Promise<FaceDetection[]> {
    const scores = await this.presence.scores(frame as CropSource, faces);
    return faces.filter((f, i) => f.score * scores[i]! >= MIN_FACE_EVIDENCE);
  }

  private findHands(frame: CropSource): Promise<HandFound[]> {
    return this.withPixels(frame, async (pixels) => (await this.hands()).detect(pixels));
  }

  private findBodies(frame: CropSource): Promise<Scored[]> {
    return this.withPixels(frame, (pixels) => this.people.detect(pixels));
  }

  private async withPixels<T>(frame: CropSource, use: (pixels: tf.Tensor3D) => Promise<T>): Promise<T> {
    const pixels = tf.browser.fromPixels(frame as ImageBitmap);
    try {
      return await use(pixels);
    } finally {
      pixels.dispose();
    }
  }

  private async coverProbabilities(head: CoverHead, frame: CropSource, rects: Rect[]): Promise<number[]> {
    if (rects.length === 0) return [];
    const x = await embedCrops(
      this.embedder,
      this.renderer,
      rects.map((rect) => ({ source: frame, rect })),
    );
    try {
      return Array.from(await head.probabilities(x));
    } finally {
      x.dispose();
    }
  }

  /** null per part when the type has not been taught: "unknown", never a guess. */
  private async taughtProbabilities(
    type: EquipmentType,
    frame: CropSource,
    rects: Rect[],
    n: number,
  ): Promise<(number | null)[]> {
    const head = this.taught.get(type);
    if (!head) return new Array<null>(n).fill(null);
    return this.coverProbabilities(
      head,
      frame,
      rects.map((r) => squareAround(r, PART_CROP_SCALE)),
    );
  }
}
