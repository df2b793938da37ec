/**
 * The backend decision, as pure data in and out: WebGPU on a real adapter;
 * otherwise the fastest measured of WebGL / WASM / CPU. The worker gathers the
 * facts (adapter, timings) and this decides and explains. Runs in Node for tests.
 */
export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
export type BackendRequest = BackendName | 'auto';

/** Measured candidates on a device without a real GPU adapter. */
export const MEASURED_CANDIDATES: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

export interface AdapterFacts {
  vendor: string;
  architecture: string;
  description: string;
  isFallbackAdapter: boolean;
}

export type AdapterKind = 'hardware' | 'software' | 'none';

/** Probe result of one backend: median ms of the workload, or why it failed. */
export interface BackendTiming {
  backend: BackendName;
  ms: number | null;
  error?: string;
}

export interface BackendInfo {
  backend: BackendName;
  reason: string;
  adapter: AdapterFacts | null;
  adapterKind: AdapterKind;
  timings: BackendTiming[];
  /** Identifies the device the choice was made on, so it can be remembered. */
  deviceKey: string;
  /** How the choice was made. */
  source: 'forced' | 'hardware-gpu' | 'measured' | 'remembered';
  /** On WASM: the threads XNNPACK computes on (more than 1 only in a cross-origin isolated page that asked). */
  wasmThreads?: number;
}

const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|lavapipe|softpipe|software|basic render|warp/i;

export function classifyAdapter(adapter: AdapterFacts | null): AdapterKind {
  if (!adapter) return 'none';
  const text = `${adapter.vendor} ${adapter.architecture} ${adapter.description}`;
  return adapter.isFallbackAdapter || SOFTWARE_RENDERERS.test(text) ? 'software' : 'hardware';
}

export function describeAdapter(adapter: AdapterFacts | null): string {
  if (!adapter) return 'no WebGPU adapter';
  const name =
    [adapter.vendor, adapter.architecture, adapter.description].filter(Boolean).join(' ') ||
    'unnamed adapter';
  return adapter.isFallbackAdapter ? `${name} (fallback adapter)` : name;
}

export function deviceKey(userAgent: string, cores: number, adapter: AdapterFacts | null): string {
  return [userAgent, cores, describeAdapter(adapter)].join('|');
}

export function parseBackendRequest(value: string | null | undefined): BackendRequest {
  const v = (value ?? '').trim().toLowerCase();
  return (BACKENDS as readonly string[]).includes(v) ? (v as BackendName) : 'auto';
}

function formatTimings(timings: BackendTiming[]): string {
  return timings
    .map((t) => (t.ms === null ? `${t.backend} unavailable` : `${t.backend} ${t.ms.toFixed(1)} ms`))
    .join(', ');
}

/** Picks the fastest of the measured timings; throws if none worked. */
export function fastest(timings: BackendTiming[]): BackendTiming & { ms: number } {
  const working = timings.filter(
    (t): t is BackendTiming & { ms: number } => t.ms !== null && Number.isFinite(t.ms),
  );
  if (working.length === 0) throw new Error(`no backend works here (${formatTimings(timings)})`);
  return working.reduce((best, t) => (t.ms < best.ms ? t : best));
}

/** Reason when the GPU adapter rules WebGPU out (or in). */
export function adapterReason(kind: AdapterKind, adapter: AdapterFacts | null): string {
  if (kind === 'hardware') return `WebGPU on a hardware adapter: ${describeAdapter(adapter)}`;
  if (kind === 'software')
    return `the WebGPU adapter is software (${describeAdapter(adapter)}), so the fastest measured backend was taken`;
  return 'no WebGPU adapter, so the fastest measured backend was taken';
}

export function measuredReason(
  kind: AdapterKind,
  adapter: AdapterFacts | null,
  timings: BackendTiming[],
): string {
  const best = fastest(timings);
  return `${adapterReason(kind, adapter)}: ${best.backend} (${formatTimings(timings)})`;
}
