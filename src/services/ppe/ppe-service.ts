/**
 * The PPE capability in its worker (contracts/ppe.ts): one look at a frame,
 * and teach mode's embeddings and fitted heads. Frames that arrive are
 * closed here.
 */
import * as tf from '@tensorflow/tfjs-core';
import { transfer } from 'comlink';
import type { EncodedHead, EquipmentType, PpeApi, PpeOptions } from '../../contracts/ppe.js';
import {
  type CoverHeadOptions,
  decodeHead,
  encodeHead,
  fitCoverHead,
} from '../../core/learning/cover-head.js';
import type { PpeAnalysis } from '../../core/ppe/ppe-analysis.js';
import { nonFiniteWeight } from '../../core/learning/finite.js';
import { BlazeFaceDetector } from '../../models/blazeface/blazeface-detector.js';
import { PersonDetector } from '../../models/centernet/person-detector.js';
import { partFinderFromFiles } from '../../models/part-finder/part-finder-file.js';
import { coverHeadFromFiles } from '../../models/cover-head/cover-head-file.js';
import { FacePresence } from '../../models/facemesh/face-presence.js';
import { HandDetector } from '../../models/handtrack/hand-detector.js';
import { PoseDetector } from '../../models/movenet/pose-detector.js';
import { RuntimeService, loadOnce } from '../../runtime/runtime-service.js';
import { PpeAnalyzer } from './ppe-analyzer.js';
import { CoverJudges } from './cover-judges.js';

/** The cover heads the project ships (model manifest names), one per equipment type. */
const COVER_MODELS = ['face-cover', 'head-cover', 'hand-cover'];

/** A taught head is logistic on the standardised embedding: a few examples stand for many. */
const TAUGHT_HEAD: Partial<CoverHeadOptions> = {
  hidden: 0,
  epochs: 150,
  learningRate: 0.05,
  l2: 1e-3,
  batchSize: 32,
  standardize: true,
};

export class PpeService extends RuntimeService implements PpeApi {
  private readonly hands = loadOnce(
    async () => new HandDetector((await this.models().load('handtrack')).model),
  );
  private readonly poses = loadOnce(
    async () => new PoseDetector((await this.models().load('movenet')).model),
  );
  private readonly analyzer = loadOnce(async () => {
    const [detector, mesh, backbone, finder, ...covers] = await Promise.all([
      this.models().load('blazeface'),
      this.models().load('facemesh'),
      this.models().load('centernet'),
      this.models().files('part-finder'),
      ...COVER_MODELS.map((name) => this.models().files(name)),
    ]);
    const version = [...covers, finder]
      .map((c) => `${c.entry.name}@${c.entry.files[0]?.sha256.slice(0, 8) ?? 'unknown'}`)
      .join(' ');
    return new PpeAnalyzer(
      new BlazeFaceDetector(detector.model),
      new FacePresence(mesh.model),
      new CoverJudges(
        backbone.model,
        covers.map((c) => coverHeadFromFiles(c.entry, c.files)),
      ),
      this.hands,
      new PersonDetector(backbone.model), // the same CenterNet graph: its detection head
      this.poses,
      partFinderFromFiles(finder.entry, finder.files, backbone.model),
      version,
    );
  });

  async analyze(frame: ImageBitmap, options: PpeOptions): Promise<PpeAnalysis> {
    try {
      return await (await this.analyzer()).analyze(frame, options);
    } finally {
      frame.close();
    }
  }

  async partEmbeddings(frame: ImageBitmap, type: EquipmentType): Promise<Float32Array[][]> {
    try {
      return await (await this.analyzer()).partEmbeddings(frame, type);
    } finally {
      frame.close();
    }
  }

  async fitCoverHead(
    examples: Float32Array[][],
    labels: number[],
    options: Partial<CoverHeadOptions> = {},
  ): Promise<EncodedHead> {
    const x = tf.tensor2d(examples.flatMap((views) => views.map((v) => Array.from(v))));
    const y = examples.flatMap((views, i) => views.map(() => labels[i]!));
    try {
      const head = await fitCoverHead(x, y, { ...TAUGHT_HEAD, ...options });
      const encoded = await encodeHead(head);
      head.dispose();
      const bad = nonFiniteWeight(encoded.data, encoded.specs);
      if (bad)
        throw new Error(`The taught head did not train: its ${bad} is not a number. Nothing was changed.`);
      return transfer(encoded, [encoded.data]);
    } finally {
      x.dispose();
    }
  }

  async setTaughtHead(type: EquipmentType, encoded: EncodedHead | null): Promise<void> {
    const bad = encoded && nonFiniteWeight(encoded.data, encoded.specs);
    if (bad) throw new Error(`The taught ${type} head cannot be used: its ${bad} is not a number.`);
    (await this.analyzer()).setTaughtHead(type, encoded ? decodeHead(encoded.data, encoded.specs) : null);
  }
}
