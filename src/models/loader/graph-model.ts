/** Builds a TF.js GraphModel from verified in-memory files (no second fetch). */
import * as tf from '@tensorflow/tfjs-core';
import { type GraphModel, loadGraphModel } from '@tensorflow/tfjs-converter';
import { concatBytes } from '../../shared/bytes.js';
import type { ModelEntry } from '../../contracts/model-manifest.js';
import { ModelLoadError } from './model-load-error.js';

interface GraphJson {
  modelTopology: unknown;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  userDefinedMetadata?: Record<string, unknown>;
}

function parseGraph(entry: ModelEntry, files: Map<string, ArrayBuffer>): GraphJson {
  const text = new TextDecoder().decode(files.get(entry.graph));
  try {
    const json = JSON.parse(text) as GraphJson;
    if (!json.modelTopology || !Array.isArray(json.weightsManifest))
      throw new Error('not a TF.js graph model');
    return json;
  } catch (error) {
    throw new ModelLoadError(
      entry.name,
      'invalid',
      `${entry.graph} is not a TF.js graph model (${String(error)})`,
    );
  }
}

interface GraphNode {
  op: string;
  attr?: { shape?: { shape?: { dim?: { size: string }[] } } };
}

/** Opens the placeholders' batch, height and width so the graph accepts any batch of any size. */
function relaxPlaceholders(topology: unknown): void {
  const nodes = (topology as { node?: GraphNode[] }).node ?? [];
  for (const node of nodes) {
    const dims = node.op === 'Placeholder' ? node.attr?.shape?.shape?.dim : undefined;
    if (dims?.length === 4) [0, 1, 2].forEach((i) => (dims[i]!.size = '-1'));
  }
}

export async function graphModelFromFiles(
  entry: ModelEntry,
  files: Map<string, ArrayBuffer>,
): Promise<GraphModel> {
  const json = parseGraph(entry, files);
  if (entry.relaxInputShape) relaxPlaceholders(json.modelTopology);
  const dir = entry.graph.slice(0, entry.graph.lastIndexOf('/') + 1);
  const weightBuffers = json.weightsManifest.flatMap((group) =>
    group.paths.map((path) => {
      const data = files.get(dir + path);
      if (!data)
        throw new ModelLoadError(
          entry.name,
          'invalid',
          `weights file ${dir + path} named by ${entry.graph} is not in the manifest`,
        );
      return data;
    }),
  );
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
    weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
    weightData: concatBytes(weightBuffers),
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy ?? null,
    userDefinedMetadata: json.userDefinedMetadata as tf.io.ModelArtifacts['userDefinedMetadata'],
  };
  return loadGraphModel(tf.io.fromMemory(artifacts));
}
