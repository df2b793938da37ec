/**
 * The file the part finder is kept in: JSON with its settings, how it was
 * trained and what it scored, and the weights in TF.js's weights-manifest
 * layout (one .bin), named `<kind>/<part>/<weight>` (e.g. `head/classifier/w1`, `face/box/out`).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type { ModelEntry } from '../../contracts/model-manifest.js';
import type { HeadWeights } from '../../core/learning/cover-head.js';
import { ModelLoadError } from '../loader/model-load-error.js';
import { concatBytes } from '../../shared/bytes.js';
import {
  FINDER_KINDS,
  type FinderKind,
  type FinderKindWeights,
  type FinderSettings,
  PartFinder,
} from './part-finder.js';

export const PART_FINDER_FORMAT = 'ml-elements/part-finder';
const PARTS = ['classifier', 'box'] as const;

export interface PartFinderFile extends FinderSettings {
  format: typeof PART_FINDER_FORMAT;
  version: 1;
  /** Backbone the grid comes from (manifest name). */
  backbone: string;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  /** Free-form: how it was trained and what it scored. */
  training?: Record<string, unknown>;
}

/** Weights named `<kind>/<name>` for the file's single .bin. */
export function finderWeightMap(weights: Record<FinderKind, FinderKindWeights>): Record<string, tf.Tensor> {
  const named: Record<string, tf.Tensor> = {};
  for (const kind of FINDER_KINDS)
    for (const part of PARTS)
      for (const [name, t] of Object.entries(weights[kind][part])) named[`${kind}/${part}/${name}`] = t;
  return named;
}

function kindWeights(named: Record<string, tf.Tensor>, kind: FinderKind): FinderKindWeights {
  const [classifier, box] = PARTS.map((part) => {
    const prefix = `${kind}/${part}/`;
    const weights: HeadWeights = {};
    for (const [name, t] of Object.entries(named))
      if (name.startsWith(prefix)) weights[name.slice(prefix.length)] = t;
    if (!weights.out || !weights.bout) throw new Error(`no ${kind} ${part} weights`);
    return weights;
  }) as [HeadWeights, HeadWeights];
  return { classifier, box };
}

export function partFinderFromFiles(
  entry: ModelEntry,
  files: Map<string, ArrayBuffer>,
  backbone: GraphModel,
): PartFinder {
  const invalid = (why: string) => new ModelLoadError(entry.name, 'invalid', why);
  let file: PartFinderFile;
  try {
    file = JSON.parse(new TextDecoder().decode(files.get(entry.graph))) as PartFinderFile;
  } catch (error) {
    throw invalid(`${entry.graph} is not JSON (${String(error)})`);
  }
  if (file.format !== PART_FINDER_FORMAT) throw invalid(`${entry.graph} is not a ${PART_FINDER_FORMAT} file`);
  const dir = entry.graph.slice(0, entry.graph.lastIndexOf('/') + 1);
  const buffers = file.weightsManifest.flatMap((g) => g.paths.map((p) => files.get(dir + p)));
  if (buffers.some((b) => !b)) throw invalid(`a weights file named by ${entry.graph} is not in the manifest`);
  const named = tf.io.decodeWeights(
    concatBytes(buffers as ArrayBuffer[]),
    file.weightsManifest.flatMap((g) => g.weights),
  );
  try {
    const weights = Object.fromEntries(FINDER_KINDS.map((k) => [k, kindWeights(named, k)])) as Record<
      FinderKind,
      FinderKindWeights
    >;
    return new PartFinder(backbone, weights, { inputSize: file.inputSize, thresholds: file.thresholds });
  } catch (error) {
    throw invalid(`${entry.graph}: ${(error as Error).message}`);
  }
}
