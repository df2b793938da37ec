/**
 * Registers every TF.js backend and switches between them. WASM binaries are
 * served from our own origin (public/wasm, copied at install). The threaded WASM
 * build is turned off: under COOP/COEP its helper workers cannot be started from
 * a bundled worker (tfjs issue 4107), and the page does not need isolation.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { AdapterFacts, BackendName } from '../../core/backend/backend-choice.js';

let wasmConfigured = false;

export function configureWasm(assetBase: string): void {
  if (wasmConfigured) return;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths(new URL('wasm/', assetBase).href);
  wasmConfigured = true;
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
