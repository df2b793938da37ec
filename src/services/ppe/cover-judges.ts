/**
 * The cover heads a PPE look asks, one per equipment type: the head the
 * project ships (trained by `npm run train -- <type>-cover` on real photos)
 * and, where an operator taught one for this site, that taught head instead
 * (site adaptation). Each head names the embedding it was fitted on; crops of
 * its type are cut and embedded that way, so a taught head is fitted on the
 * same embedding as the shipped head of its type.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { CoverHead } from '../../core/learning/cover-head.js';
import type { EquipmentType } from '../../core/ppe/ppe-analysis.js';
import type { LoadedCoverHead } from '../../models/cover-head/cover-head-file.js';
import {
  type CropAugmentation,
  CropRenderer,
  type CropSource,
} from '../../models/embedding/crop-renderer.js';
import { embedCrops } from '../../models/embedding/embed-crops.js';
import { ImageEmbedder } from '../../models/embedding/image-embedder.js';
import { squareAround } from '../../core/ppe/body-part-boxes.js';
import { type JudgingView, judgingViews, meanPerGroup } from '../../core/ppe/judging-views.js';
import { type Rect, scaledAbout } from '../../shared/geometry.js';
import { ViewRotation } from '../../core/ppe/view-rotation.js';
import type { GraphModel } from '@tensorflow/tfjs-converter';

interface Judge {
  shipped: LoadedCoverHead;
  embedder: ImageEmbedder;
  renderer: CropRenderer;
  taught: CoverHead | null;
  /** The crops a part of this type is judged on, the box as found first. */
  views: JudgingView[];
  /** A live stream's parts, each judged on its views in turn, frame by frame (null: one view, nothing to take in turn). */
  rotation: ViewRotation | null;
}

/** The input width of a head's first layer: the embedding size it was fitted on. */
function inputWidth(head: CoverHead): number {
  const first = head.weights.mu ?? head.weights.w1 ?? head.weights.out!;
  return first.shape[0]!;
}

export class CoverJudges {
  private readonly judges = new Map<EquipmentType, Judge>();

  constructor(backbone: GraphModel, shipped: LoadedCoverHead[]) {
    for (const head of shipped) {
      const spec = head.file.embedding;
      const views = judgingViews(head.file.equipment as EquipmentType);
      this.judges.set(head.file.equipment as EquipmentType, {
        shipped: head,
        embedder: new ImageEmbedder(backbone, spec),
        renderer: new CropRenderer(spec.inputSize),
        taught: null,
        views,
        rotation: views.length > 1 ? new ViewRotation(views) : null,
      });
    }
  }

  private judge(type: EquipmentType): Judge {
    const judge = this.judges.get(type);
    if (!judge) throw new Error(`no ${type} model is installed`);
    return judge;
  }

  /** The crop a part's box is judged on (the head's own crop scale). */
  cropOf(type: EquipmentType, box: Rect): Rect {
    return squareAround(box, this.judge(type).shipped.file.cropScale);
  }

  setTaught(type: EquipmentType, head: CoverHead | null): void {
    const judge = this.judge(type);
    if (head && inputWidth(head) !== inputWidth(judge.shipped.head)) {
      head.dispose();
      throw new Error(
        `The taught ${type} examples were made for an earlier model (${inputWidth(head)} values, now ${inputWidth(judge.shipped.head)}): teach them again. The shipped model judges ${type} meanwhile.`,
      );
    }
    judge.taught?.dispose();
    judge.taught = head;
    judge.rotation?.reset(); // the other head's P are not this one's
  }

  /** Ends the live stream's tracks: the next stream frame starts every part on its first view. */
  endStream(): void {
    for (const judge of this.judges.values()) judge.rotation?.reset();
  }

  taughtTypes(): EquipmentType[] {
    return [...this.judges].filter(([, j]) => j.taught).map(([type]) => type);
  }

  /** Embeddings [N, D] of crops around the boxes, one row per (box, view), boxes first. */
  async embed(
    type: EquipmentType,
    frame: CropSource,
    boxes: Rect[],
    views: CropAugmentation[] = [{}],
  ): Promise<tf.Tensor2D> {
    const { embedder, renderer } = this.judge(type);
    const crops = boxes.flatMap((box) =>
      views.map((aug) => ({ source: frame, rect: this.cropOf(type, box), aug })),
    );
    return embedCrops(embedder, renderer, crops);
  }

  /**
   * P(covered) per box, by the taught head if there is one, else the shipped
   * one, averaged over the type's judging views (crop scales, mirrored).
   */
  async probabilities(type: EquipmentType, frame: CropSource, boxes: Rect[]): Promise<number[]> {
    const { views } = this.judge(type);
    const p = await this.viewProbabilities(
      type,
      frame,
      boxes.flatMap((box) => views.map((view) => ({ box, view }))),
    );
    return meanPerGroup(p, views.length);
  }

  /**
   * P(covered) per box in a frame of a live stream seen at `now` (ms): each
   * box judged on one view, its track's next, and pooled with the views
   * judged in earlier frames (core/ppe/view-rotation.ts).
   */
  async streamProbabilities(
    type: EquipmentType,
    frame: CropSource,
    boxes: Rect[],
    now: number,
  ): Promise<number[]> {
    const { rotation } = this.judge(type);
    if (!rotation) return this.probabilities(type, frame, boxes);
    const picks = rotation.pick(boxes, now);
    const p = await this.viewProbabilities(
      type,
      frame,
      picks.map(({ view }, i) => ({ box: boxes[i]!, view })),
    );
    return rotation.pool(picks, p);
  }

  /** P(covered) of each box judged on its own view (a stream judges each part on one view a frame). */
  private async viewProbabilities(
    type: EquipmentType,
    frame: CropSource,
    parts: readonly { box: Rect; view: JudgingView }[],
  ): Promise<number[]> {
    if (parts.length === 0) return [];
    const { embedder, renderer, taught, shipped } = this.judge(type);
    const crops = parts.map(({ box, view }) => ({
      source: frame,
      rect: this.cropOf(type, scaledAbout(box, view.scale)),
      aug: view.mirror ? { mirror: true } : {},
    }));
    const x = await embedCrops(embedder, renderer, crops);
    try {
      return Array.from(await (taught ?? shipped.head).probabilities(x));
    } finally {
      x.dispose();
    }
  }
}
