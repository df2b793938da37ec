/**
 * The file a trained cover head is kept in: a JSON document naming the
 * embedding it sits on and how crops are cut, with the weights in TF.js's
 * weights-manifest layout (so the install step copies and hashes it like any
 * other model), plus one .bin.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { EmbeddingSpec } from '../embedding/image-embedder.js';
import type { ModelEntry } from '../../contracts/model-manifest.js';
import { ModelLoadError } from '../loader/model-load-error.js';
import { concatBytes } from '../../shared/bytes.js';
import { type CoverHead, decodeHead } from '../../core/learning/cover-head.js';

export const COVER_HEAD_FORMAT = 'ml-elements/cover-head';

export interface CoverHeadFile {
  format: typeof COVER_HEAD_FORMAT;
  version: 1;
  /** Rekognition equipment type this head decides, e.g. FACE_COVER. */
  equipment: string;
  embedding: EmbeddingSpec;
  /** Crop side relative to the body part's detected box. */
  cropScale: number;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  /** Free-form: how it was trained and what it scored. */
  training?: Record<string, unknown>;
}

export interface LoadedCoverHead {
  head: CoverHead;
  file: CoverHeadFile;
}

export function coverHeadFromFiles(entry: ModelEntry, files: Map<string, ArrayBuffer>): LoadedCoverHead {
  let file: CoverHeadFile;
  try {
    file = JSON.parse(new TextDecoder().decode(files.get(entry.graph))) as CoverHeadFile;
  } catch (error) {
    throw new ModelLoadError(entry.name, 'invalid', `${entry.graph} is not JSON (${String(error)})`);
  }
  if (file.format !== COVER_HEAD_FORMAT)
    throw new ModelLoadError(entry.name, 'invalid', `${entry.graph} is not a ${COVER_HEAD_FORMAT} file`);
  const dir = entry.graph.slice(0, entry.graph.lastIndexOf('/') + 1);
  const buffers = file.weightsManifest.flatMap((g) => g.paths.map((p) => files.get(dir + p)));
  if (buffers.some((b) => !b))
    throw new ModelLoadError(
      entry.name,
      'invalid',
      `a weights file named by ${entry.graph} is not in the manifest`,
    );
  const head = decodeHead(
    concatBytes(buffers as ArrayBuffer[]),
    file.weightsManifest.flatMap((g) => g.weights),
  );
  return { head, file };
}
