/**
 * What every capability's worker does, whatever else it does: choose a
 * backend, load models from the verified manifest with progress, say when its
 * GPU device is lost. Each capability's contract extends this one.
 *
 * A contract is the one place a worker API is written down: the worker's
 * service implements it, the page calls it through Comlink's `Remote<…>` of
 * it (page/worker-client.ts), and nothing copies its signatures by hand.
 */
import type { BackendInfo, BackendRequest } from '../core/backend/backend-choice.js';
import type { ModelManifest } from './model-manifest.js';

export type { BackendInfo, BackendName, BackendRequest } from '../core/backend/backend-choice.js';

export interface InitOptions {
  /** URL of the served public/ folder, ending in '/'. */
  assetBase: string;
  backend: BackendRequest;
  /** A choice measured earlier on this device, reused instead of measuring again. */
  remembered?: BackendInfo | null;
  /** Models folder, if not `${assetBase}models/`. */
  modelsUrl?: string;
  /** Why WebGPU must not be chosen (an earlier worker's GPU device was lost). */
  avoidWebgpu?: string;
  /** Threads for WASM where the page is cross-origin isolated (docs/embedding.md); default 1. */
  wasmThreads?: number;
}

/** Bytes of one model's files arrived so far. */
export interface LoadProgress {
  model: string;
  loaded: number;
  total: number;
  fromCache: boolean;
}

export interface LoadedModelInfo {
  name: string;
  source: string;
  bytes: number;
  sha256ok: boolean;
  fromCache: boolean;
  loadMs: number;
}

export interface InferTiming {
  name: string;
  /** First run, including shader compilation. */
  firstMs: number;
  /** Median of later runs. */
  inferMs: number;
}

/** Progress reports cross as Comlink proxies; the call answers only after the last one has arrived. */
export type ProgressCallback<P> = (progress: P) => void;

/** What a worker holds: TF.js tensors and their bytes (a soak checks they stay flat). */
export interface WorkerMemory {
  tensors: number;
  bytes: number;
}

export interface RuntimeApi {
  /** Chooses the backend (once per worker) and names the models folder. */
  init(options: InitOptions): Promise<BackendInfo>;
  backend(): BackendInfo | null;
  /** Resolves, saying what happened, when this worker's WebGPU device is lost; never on another backend. */
  deviceLost(): Promise<string>;
  /** Destroys the WebGPU device as a driver reset would (kiosk rehearsal). False when not on WebGPU. */
  simulateDeviceLoss(): boolean;
  manifest(): Promise<ModelManifest>;
  loadModel(name: string, onProgress?: ProgressCallback<LoadProgress>): Promise<LoadedModelInfo>;
  /** Runs a model on zeros of its input shape: one warm-up run, then the median of `runs`. */
  timeInference(name: string, runs?: number): Promise<InferTiming>;
  memory(): Promise<WorkerMemory>;
}
