/**
 * One PPE look at a frame, in the worker: faces (tiled for crowds and small
 * faces), the face cover head on the shared embedding, whole people and
 * hands when asked,
 * head and hand cover heads (shipped, or taught for the site). Returns plain
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
import type { CropAugmentation, CropSource } from '../../models/embedding/crop-renderer.js';
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
  tileSide,
  zoomedOut,
} from '../../core/ppe/face-tiling.js';
import { type HandFound, assemblePersons, bodiesOfFaces } from '../../core/ppe/person-assembly.js';
import {
  addedFaces,
  bodyUnderHead,
  headsOfBodies,
  headsOfFaces,
  headsWithoutFace,
  mergedHands,
  samePart,
} from '../../core/ppe/finder-parts.js';
import type { FinderParts, PartFinder } from '../../models/part-finder/part-finder.js';
import type { LookedPart } from '../../core/ppe/part-grid.js';
import { faceFeaturesInside, faceFromPose, headFromPose, headScore } from '../../core/ppe/head-from-pose.js';
import type { PoseDetector } from '../../models/movenet/pose-detector.js';
import { EQUIPMENT_TYPES, type EquipmentType, type PpeAnalysis } from '../../core/ppe/ppe-analysis.js';
import type { PpeOptions } from '../../contracts/ppe.js';
import type { CoverJudges } from './cover-judges.js';
import { lookZoomedOut } from './zoomed-out-look.js';

/**
 * BlazeFace score × FaceMesh face flag a detection needs to count as a person.
 * FaceMesh doubts masked faces (flag 0.1–0.5) but all but rules out curtains
 * and clothes (≤ 0.12 at BlazeFace ≤ 0.6); the product keeps the first.
 */
const MIN_FACE_EVIDENCE = 0.08;
/** A doubted face is checked by a pose over a square this many face boxes wide (head and shoulders). */
const POSE_CHECK_SCALE = 3;

/**
 * Mean score of the five head keypoints a whole-frame pose needs before its
 * head counts as a person (an empty scene scores well below it).
 */
const MIN_LONE_HEAD_SCORE = 0.35;

/** A found head with no face or body is checked by a pose over a square this many heads wide, shifted down. */
const HEAD_CHECK_SCALE = 3;
const HEAD_CHECK_SHIFT = 0.8;
const MIN_HEAD_CHECK_SCORE = 0.3;

/** A head this large a share of the frame's shorter side is a close-up: the finder alone is trusted. */
const CLOSE_UP_SHARE = 0.2;

function isCloseUp(part: Rect, width: number, height: number): boolean {
  return part.width >= CLOSE_UP_SHARE * Math.min(width, height);
}

const NOTHING_FOUND: FinderParts = { head: [], face: [], hand: [] };

/** Each taught example is also seen mirrored, turned and in other light. */
const TEACH_VIEWS: CropAugmentation[] = [
  {},
  { mirror: true },
  { angle: 0.12, filter: 'brightness(1.15)' },
  { angle: -0.12, mirror: true, filter: 'brightness(0.85) contrast(1.1)' },
];

export class PpeAnalyzer {
  constructor(
    private readonly detector: BlazeFaceDetector,
    private readonly presence: FacePresence,
    private readonly covers: CoverJudges,
    private readonly hands: () => Promise<HandDetector>,
    private readonly people: PersonDetector,
    private readonly poses: () => Promise<PoseDetector>,
    private readonly finder: PartFinder,
    readonly modelVersion: string,
  ) {}

  /** A taught head for the site (null: back to the shipped one). Throws if it does not fit the model. */
  setTaughtHead(type: EquipmentType, head: CoverHead | null): void {
    this.covers.setTaught(type, head);
  }

  taughtTypes(): EquipmentType[] {
    return this.covers.taughtTypes();
  }

  async analyze(frame: FrameSource & CropSource, options: PpeOptions): Promise<PpeAnalysis> {
    const t0 = performance.now();
    const [width, height] = frameSize(frame);
    const found = await this.findFaces(frame, width, height);
    const { tiles } = found;
    // The part finder looks for the people faces miss (masked, helmeted, turned away), and for hands: in
    // every frame when whole people or hands are wanted, else when no face was found.
    const looking = options.bodies || options.hands || found.faces.length === 0;
    const looked = looking ? await this.findParts(frame, options.bodies ?? false) : NOTHING_FOUND;
    const seen = [...found.faces, ...(await this.finderFaces(frame, found.faces, looked, width, height))];
    // Still nobody: the whole frame may hold one person close up, whose pose gives their face or head.
    const nobody = seen.length === 0 && looked.head.length === 0;
    const lone = nobody ? await this.lonePerson(frame, width, height) : null;
    // Not even a pose: a helmet filling the frame is larger than any head the finder learned; zoomed out, it is not.
    const finder = nobody && !lone ? { ...looked, head: await this.zoomedOutHeads(frame) } : looked;
    const faces = lone?.face ? [lone.face] : seen;
    const t1 = performance.now();
    const judged = new Set(options.covers ?? EQUIPMENT_TYPES);
    // A photo is judged on every view of a part at once; a stream frame on one a part, the views taken in turn.
    const seenAt = options.frameTime ?? t0;
    if (!options.stream) this.covers.endStream();
    const judge = (type: EquipmentType, boxes: Rect[]): Promise<(number | null)[]> =>
      !judged.has(type)
        ? Promise.resolve(boxes.map(() => null))
        : options.stream
          ? this.covers.streamProbabilities(type, frame, boxes, seenAt)
          : this.covers.probabilities(type, frame, boxes);
    const faceCovered = await judge(
      'FACE_COVER',
      faces.map((f) => f.box),
    );
    const faceHeads = headsOfFaces(faces, finder.head).map((h) => h?.box ?? null);
    const headCovered = await judge(
      'HEAD_COVER',
      faces.map((f, i) => faceHeads[i] ?? headBox(f.box)),
    );
    const t2 = performance.now();
    const hands = options.hands
      ? mergedHands(finder.hand, await this.findHands(frame, finder.hand.length > 0))
      : [];
    const handCovered = await judge(
      'HAND_COVER',
      hands.map((h) => h.box),
    );
    const t3 = performance.now();
    const { bodies, heads } = await this.findBodies(
      frame,
      faces,
      headsWithoutFace(faces, finder.head),
      options.bodies ?? false,
    );
    if (lone?.body && bodies.length === 0) [bodies[0], heads[0]] = [lone.body, lone.head];
    const bodyHeadCovered = await judge(
      'HEAD_COVER',
      heads.flatMap((h) => (h ? [h] : [])),
    );
    const bodyHeads = heads.map((box) => (box ? { box, covered: bodyHeadCovered.shift() ?? null } : null));
    const persons = assemblePersons(
      { faces, faceCovered, headCovered, faceHeads, hands, handCovered, bodies, bodyHeads },
      height,
    );
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
    // Parts cut as analyze() cuts them, so a taught head learns the crops it will judge.
    let rects: Rect[];
    if (type === 'HAND_COVER') {
      const { hand } = await this.findParts(frame);
      rects = mergedHands(hand, await this.findHands(frame, hand.length > 0)).map((h) => h.box);
    } else {
      const { faces } = await this.findFaces(frame, width, height);
      const heads = type === 'HEAD_COVER' ? headsOfFaces(faces, (await this.findParts(frame)).head) : [];
      rects = faces.map((f, i) => (type === 'HEAD_COVER' ? (heads[i]?.box ?? headBox(f.box)) : f.box));
    }
    const x = await this.covers.embed(type, frame, rects, TEACH_VIEWS);
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
    if (!needsTiles(width, height, first)) {
      // Nothing in a small frame: perhaps a close-up, so look again zoomed out.
      const faces = first.length
        ? first
        : await this.detector.detect(frame, PPE_FACE_DECODE, zoomedOut(width, height));
      return { faces: await this.confirmed(frame, faces), tiles: 0 };
    }
    const plan = tilePlan(width, height, tileSide(width, height));
    const found = [...first];
    for (const tile of plan) {
      const inTile = await this.detector.detect(frame, PPE_FACE_DECODE, tile);
      found.push(...inTile.filter((f) => !cutByTile(f, tile, width, height)));
    }
    return { faces: await this.confirmed(frame, mergeDetections(found)), tiles: plan.length };
  }

  /**
   * Detections FaceMesh agrees are faces, and those it doubts where a pose
   * around the detection puts the eyes or nose inside it: FaceMesh was
   * trained on bare faces and doubts masked ones, the very people a mask
   * check must not miss, while a pose needs only the eyes. (The face cover
   * head is no witness: a blacked-out face reads to it as masked.)
   */
  private async confirmed(frame: FrameSource, faces: FaceDetection[]): Promise<FaceDetection[]> {
    const scores = await this.presence.scores(frame as CropSource, faces);
    const doubted = faces.filter((f, i) => f.score * scores[i]! < MIN_FACE_EVIDENCE);
    if (doubted.length === 0) return faces;
    const vouched = await this.withPixels(frame as CropSource, async (pixels) => {
      const kept = new Set<FaceDetection>();
      for (const face of doubted) if ((await this.eyesInside(pixels, face.box)) >= 2) kept.add(face);
      return kept;
    });
    return faces.filter((f) => !doubted.includes(f) || vouched.has(f));
  }

  /**
   * The finder's faces the detector missed. A close-up is trusted (a masked face filling the frame, which
   * FaceMesh doubts and a pose cannot see around); a smaller one needs the detector's witness, since the
   * finder is sure of round things too (a wine glass in a lap, in the demo's group scene).
   */
  private async finderFaces(
    frame: FrameSource,
    faces: FaceDetection[],
    finder: FinderParts,
    width: number,
    height: number,
  ): Promise<FaceDetection[]> {
    const added = addedFaces(faces, finder.face);
    const closeUps = added.filter((f) => isCloseUp(f.box, width, height));
    const rest = added.filter((f) => !closeUps.includes(f));
    return [...closeUps, ...(rest.length ? await this.confirmed(frame, rest) : [])];
  }

  private async eyesInside(pixels: tf.Tensor3D, box: Rect): Promise<number> {
    const points = await (await this.poses()).keypoints(pixels, squareAround(box, POSE_CHECK_SCALE));
    return faceFeaturesInside(points, box);
  }

  /**
   * HandTrack's hands; when it finds none and nothing else did either, both
   * finders again on the frame zoomed out (a hand held close fills the frame).
   */
  private findHands(frame: CropSource, othersFound = false): Promise<HandFound[]> {
    return this.withPixels(frame, async (pixels) => {
      const detector = await this.hands();
      const found = await detector.detect(pixels);
      if (found.length || othersFound) return found;
      return mergedHands(
        await lookZoomedOut(pixels, (padded) => this.finder.findKind(padded, 'hand')),
        await lookZoomedOut(pixels, (padded) => detector.detect(padded)),
      );
    });
  }

  private zoomedOutHeads(frame: CropSource): Promise<Scored[]> {
    return this.withPixels(frame, (pixels) =>
      lookZoomedOut(pixels, (padded) => this.finder.findKind(padded, 'head')),
    );
  }

  /**
   * One person's pose over the whole frame: a face when they face the camera
   * (nose and eyes seen), else a body with the head the pose shows; null
   * when the pose shows no head (nobody, or nobody clear).
   */
  private lonePerson(
    frame: CropSource,
    width: number,
    height: number,
  ): Promise<{ face?: FaceDetection; body?: Scored; head: Rect | null } | null> {
    return this.withPixels(frame, async (pixels) => {
      const whole = { x: 0, y: 0, width, height };
      const points = await (await this.poses()).keypoints(pixels, whole);
      const score = headScore(points);
      const head = headFromPose(points, whole);
      if (!head || score < MIN_LONE_HEAD_SCORE) return null;
      const face = faceFromPose(points);
      if (face) return { face: { box: face, landmarks: [], score }, head };
      return { body: { box: whole, score }, head };
    });
  }

  private findParts(frame: CropSource, closer = false): Promise<FinderParts> {
    return this.withPixels(frame, (pixels) => this.finder.find(pixels, closer));
  }

  /**
   * Whole people when wanted, and for each one no face belongs to, its head:
   * the finder's head where its head is, else the head its pose shows (or
   * null). A finder head no face or body explains is a person of its own.
   */
  private async findBodies(
    frame: CropSource,
    faces: FaceDetection[],
    looseHeads: LookedPart[],
    wanted: boolean,
  ): Promise<{ bodies: Scored[]; heads: (Rect | null)[] }> {
    if (!wanted && looseHeads.length === 0) return { bodies: [], heads: [] };
    return this.withPixels(frame, async (pixels) => {
      const bodies = wanted ? await this.people.detect(pixels) : [];
      const owned = new Set(bodiesOfFaces(faces, bodies));
      const { bodyHeads, alone } = headsOfBodies(bodies, owned, looseHeads);
      const heads: (Rect | null)[] = [];
      for (const [b, body] of bodies.entries()) {
        if (owned.has(b)) heads.push(null);
        else
          heads.push(
            bodyHeads[b]?.box ??
              headFromPose(await (await this.poses()).keypoints(pixels, body.box), body.box),
          );
      }
      for (const head of alone) {
        if (
          !isCloseUp(head.box, pixels.shape[1], pixels.shape[0]) &&
          !head.seenTwice &&
          !(await this.poseShowsHead(pixels, head.box))
        )
          continue;
        bodies.push({ box: bodyUnderHead(head.box, pixels.shape[0]), score: head.score });
        heads.push(head.box);
      }
      return { bodies, heads };
    });
  }

  /**
   * Whether a pose over the head and shoulders around a small found head
   * shows a head there: in a wide scene the finder alone mistakes round
   * things (a lamp, a coiled cable, a shoulder) for heads; a pose needs a
   * body under them.
   */
  private async poseShowsHead(pixels: tf.Tensor3D, head: Rect): Promise<boolean> {
    const area = squareAround(head, HEAD_CHECK_SCALE, HEAD_CHECK_SHIFT);
    const points = await (await this.poses()).keypoints(pixels, area);
    const seen = headFromPose(points, area);
    return headScore(points) >= MIN_HEAD_CHECK_SCORE && !!seen && samePart(seen, head);
  }

  private async withPixels<T>(frame: CropSource, use: (pixels: tf.Tensor3D) => Promise<T>): Promise<T> {
    const pixels = tf.browser.fromPixels(frame as ImageBitmap);
    try {
      return await use(pixels);
    } finally {
      pixels.dispose();
    }
  }
}
