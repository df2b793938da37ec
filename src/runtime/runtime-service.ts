/**
 * What every capability's worker does before its own work (contracts/runtime.ts):
 * choose a backend, load models from the manifest, time them, say when the
 * GPU device is lost. Each capability's service extends this class and its
 * worker file exposes one instance through Comlink.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type {
  BackendInfo,
  InferTiming,
  InitOptions,
  LoadProgress,
  LoadedModelInfo,
  ProgressCallback,
  RuntimeApi,
  WorkerMemory,
} from '../contracts/runtime.js';
import type { ModelManifest } from '../contracts/model-manifest.js';
import { DEFAULT_EMBEDDING, ImageEmbedder } from '../models/embedding/image-embedder.js';
import { ModelRegistry } from '../models/loader/model-registry.js';
import { median } from '../shared/stats.js';
import { registerWorkerLine } from '../shared/worker-line.js';
import { selectBackend } from './backend/select-backend.js';
import { activeGpuDevice } from './backend/tf-backends.js';
import { withOrderedProgress } from './ordered-progress.js';

/** Input shape from the graph's signature, with unknown dims filled in. */
function concreteShape(shape: number[] | undefined): number[] {
  const dims = shape && shape.length ? shape : [1, 256, 256, 3];
  return dims.map((d, i) => (d > 0 ? d : i === 0 ? 1 : i === dims.length - 1 ? 3 : 256));
}

/** First run (shader compilation included) and the median of the next `runs`. */
async function timeRuns(
  once: () => Promise<number>,
  runs: number,
): Promise<{ firstMs: number; inferMs: number }> {
  const firstMs = await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await once());
  return { firstMs, inferMs: median(times) };
}

/**
 * `load` runs on the first call only; its promise is shared by every later
 * call. A failed load runs again on the next call (the file may be fixed, the
 * network back).
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | null = null;
  return () => {
    if (!pending) {
      pending = load();
      pending.catch(() => (pending = null));
    }
    return pending;
  };
}

export class RuntimeService implements RuntimeApi {
  private backendInfo: BackendInfo | null = null;
  private registry: ModelRegistry | null = null;

  constructor() {
    registerWorkerLine();
  }

  async init(options: InitOptions): Promise<BackendInfo> {
    this.registry = new ModelRegistry(options.modelsUrl ?? new URL('models/', options.assetBase).href);
    this.backendInfo = await selectBackend({
      request: options.backend,
      assetBase: options.assetBase,
      remembered: options.remembered ?? null,
      avoidWebgpu: options.avoidWebgpu,
      wasmThreads: options.wasmThreads,
    });
    return this.backendInfo;
  }

  backend(): BackendInfo | null {
    return this.backendInfo;
  }

  /** Everything on a lost device is gone: the page then replaces this worker (page/worker-client.ts). */
  deviceLost(): Promise<string> {
    const device = activeGpuDevice();
    if (!device) return new Promise(() => undefined);
    return device.lost.then(
      (info) => `the GPU device was lost (${info.message || info.reason || 'no reason given'})`,
    );
  }

  simulateDeviceLoss(): boolean {
    const device = activeGpuDevice();
    device?.destroy();
    return device !== null;
  }

  manifest(): Promise<ModelManifest> {
    return this.models().getManifest();
  }

  async loadModel(name: string, onProgress?: ProgressCallback<LoadProgress>): Promise<LoadedModelInfo> {
    const registry = this.models();
    return withOrderedProgress(
      onProgress,
      async (report) =>
        (await ((await registry.isGraph(name)) ? registry.load(name, report) : registry.files(name, report)))
          .info,
    );
  }

  async timeInference(name: string, runs = 3): Promise<InferTiming> {
    const { model } = await this.models().load(name);
    const entry = (await this.models().getManifest()).models.find((m) => m.name === name);
    if (entry?.relaxInputShape && name === DEFAULT_EMBEDDING.model)
      return this.timeEmbedding(name, model, runs);
    // The signature keeps the trained input size where the placeholder was relaxed on load.
    type Signature = { inputs?: Record<string, { tensorShape?: { dim?: { size: string }[] } }> };
    const signed = Object.values((model.modelSignature as Signature | undefined)?.inputs ?? {})[0];
    const shape = signed?.tensorShape?.dim?.map((d) => Number(d.size)) ?? model.inputs[0]?.shape;
    const input = tf.zeros(concreteShape(shape), model.inputs[0]?.dtype);
    const once = async () => {
      const start = performance.now();
      // Models with dynamic ops (non-max suppression) only run asynchronously.
      const out = await model.executeAsync(input);
      const list = Array.isArray(out) ? out : [out as tf.Tensor];
      await Promise.all(list.map((t) => t.data()));
      tf.dispose(list);
      return performance.now() - start;
    };
    try {
      return { name, ...(await timeRuns(once, runs)) };
    } finally {
      input.dispose();
    }
  }

  /** A relaxed backbone is timed as the project runs it: the image embedding of one 128-px crop. */
  private async timeEmbedding(name: string, model: GraphModel, runs: number): Promise<InferTiming> {
    const embedder = new ImageEmbedder(model);
    const crop = tf.zeros([1, embedder.spec.inputSize, embedder.spec.inputSize, 3]) as tf.Tensor4D;
    const once = async () => {
      const start = performance.now();
      const out = embedder.embed(crop);
      await out.data();
      out.dispose();
      return performance.now() - start;
    };
    try {
      return { name, ...(await timeRuns(once, runs)) };
    } finally {
      crop.dispose();
    }
  }

  async memory(): Promise<WorkerMemory> {
    const { numTensors, numBytes } = tf.memory();
    return { tensors: numTensors, bytes: numBytes };
  }

  /** The verified model registry; a capability's loaders go through it. */
  protected models(): ModelRegistry {
    if (!this.registry) throw new Error('the worker was used before init()');
    return this.registry;
  }
}
