/**
 * Registers every TF.js backend and switches between them. WASM binaries are
 * served from our own origin (public/wasm, copied at install). The threaded
 * WASM build runs only when asked for (`threads` > 1) in a cross-origin
 * isolated page, where SharedArrayBuffer exists; otherwise the
 * single-threaded SIMD build (docs/architecture.md, "Threads").
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { AdapterFacts, BackendName } from '../../core/backend/backend-choice.js';

let wasmConfigured = false;

/** Before the WASM backend starts: where its binaries are, and how many threads it may use. */
export function configureWasm(assetBase: string, threads = 1): void {
  if (wasmConfigured) return;
  const threaded = threads > 1 && globalThis.crossOriginIsolated === true;
  // TF.js still uses at most half the logical cores (it assumes two hyper-threads per core).
  if (threaded) setThreadsCount(threads);
  else tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths(new URL('wasm/', assetBase).href);
  wasmConfigured = true;
}

/** Threads the running WASM backend computes on. */
export function wasmThreads(): number {
  return tf.getBackend() === 'wasm' ? getThreadsCount() : 1;
}

/** Switches TF.js to a backend; throws with the backend's own words if it cannot start. */
export async function activateBackend(name: BackendName): Promise<void> {
  let ok = false;
  try {
    ok = await tf.setBackend(name);
    await tf.ready();
  } catch (error) {
    throw new Error(
      `${name} backend failed to start: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!ok || tf.getBackend() !== name) throw new Error(`${name} backend is not available in this browser`);
}

/** Facts about the WebGPU adapter, or null when there is none. */
export async function readAdapter(): Promise<AdapterFacts | null> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) return null;
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return null;
    const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
    const legacy = adapter as GPUAdapter & { isFallbackAdapter?: boolean };
    return {
      vendor: info.vendor ?? '',
      architecture: info.architecture ?? '',
      description: info.description ?? '',
      isFallbackAdapter: Boolean(info.isFallbackAdapter ?? legacy.isFallbackAdapter),
    };
  } catch {
    return null;
  }
}

/** The WebGPU device TF.js computes on, or null on another backend. */
export function activeGpuDevice(): GPUDevice | null {
  if (tf.getBackend() !== 'webgpu') return null;
  return (tf.backend() as unknown as { device?: GPUDevice }).device ?? null;
}
