/**
 * Runs in every capability worker: gathers the facts (adapter, timings) and
 * applies the decision in backend-choice.ts. A forced backend that cannot
 * start falls back to the automatic choice and says so.
 */
import {
  type BackendInfo,
  type BackendName,
  type BackendRequest,
  type BackendTiming,
  MEASURED_CANDIDATES,
  adapterReason,
  classifyAdapter,
  describeAdapter,
  deviceKey,
  fastest,
  measuredReason,
} from '../../core/backend/backend-choice.js';
import { timeProbeWorkload } from './probe-workload.js';
import { activateBackend, configureWasm, readAdapter, wasmThreads } from './tf-backends.js';

export interface SelectBackendOptions {
  request: BackendRequest;
  /** Where public/ is served from (models/, wasm/). */
  assetBase: string;
  /** A choice measured earlier, reused when made on this same device. */
  remembered?: BackendInfo | null;
  /** Why WebGPU is not to be used this time (its device was lost): the choice is made among the others. */
  avoidWebgpu?: string;
  /** WASM threads wanted, used only in a cross-origin isolated page. */
  wasmThreads?: number;
}

async function measure(candidates: readonly BackendName[]): Promise<BackendTiming[]> {
  const timings: BackendTiming[] = [];
  for (const backend of candidates) {
    try {
      await activateBackend(backend);
      timings.push({ backend, ms: await timeProbeWorkload() });
    } catch (error) {
      timings.push({ backend, ms: null, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return timings;
}

export async function selectBackend(options: SelectBackendOptions): Promise<BackendInfo> {
  configureWasm(options.assetBase, options.wasmThreads);
  const info = await chooseBackend(options);
  if (info.backend !== 'wasm') return info;
  const threads = wasmThreads();
  const note =
    threads > 1 ? `; ${threads} threads (the page is cross-origin isolated and asked for them)` : '';
  // A remembered choice already carries the note.
  return { ...info, wasmThreads: threads, reason: info.reason.replace(note, '') + note };
}

async function chooseBackend(options: SelectBackendOptions): Promise<BackendInfo> {
  const adapter = await readAdapter();
  const adapterKind = classifyAdapter(adapter);
  const base = {
    adapter,
    adapterKind,
    deviceKey: deviceKey(navigator.userAgent, navigator.hardwareConcurrency ?? 0, adapter),
  };
  let note = options.avoidWebgpu ? `${options.avoidWebgpu}; ` : '';
  const request = options.avoidWebgpu && options.request === 'webgpu' ? 'auto' : options.request;
  if (request !== 'auto') {
    try {
      await activateBackend(request);
      return {
        ...base,
        backend: request,
        source: 'forced',
        timings: [],
        reason: `${note}forced to ${request} by the page (WebGPU adapter: ${describeAdapter(adapter)})`,
      };
    } catch (error) {
      note += `forced ${request} could not start (${error instanceof Error ? error.message : String(error)}); `;
    }
  }
  if (adapterKind === 'hardware' && !options.avoidWebgpu) {
    try {
      await activateBackend('webgpu');
      return {
        ...base,
        backend: 'webgpu',
        source: 'hardware-gpu',
        timings: [],
        reason: note + adapterReason(adapterKind, adapter),
      };
    } catch (error) {
      note += `WebGPU failed on a hardware adapter (${error instanceof Error ? error.message : String(error)}); `;
    }
  }
  const remembered = options.remembered;
  if (!note && remembered?.source === 'measured' && remembered.deviceKey === base.deviceKey) {
    try {
      await activateBackend(remembered.backend);
      return {
        ...remembered,
        ...base,
        source: 'remembered',
        reason: `${remembered.reason} [remembered for this device]`,
      };
    } catch {
      // The remembered backend no longer starts: measure again.
    }
  }
  const timings = await measure(MEASURED_CANDIDATES);
  const best = fastest(timings);
  await activateBackend(best.backend);
  return {
    ...base,
    backend: best.backend,
    source: 'measured',
    timings,
    reason: note + measuredReason(adapterKind, adapter, timings),
  };
}
