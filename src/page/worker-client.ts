/**
 * The page's side of the worker line: one worker per capability and backend
 * request, shared by every element on the page, spoken to through Comlink's
 * `Remote<…>` of the capability's contract, so no method is written twice.
 *
 * What stays generic across capabilities:
 * - every call waits until the worker has chosen its backend;
 * - a function argument (a progress callback) crosses as a Comlink proxy;
 * - pictures, frames and ports in an argument are moved, not copied
 *   (the worker closes them): the caller must not use them afterwards;
 * - an AbortSignal argument cancels the worker's work;
 * - a lost GPU device replaces the worker with one on another backend, and
 *   tells the elements (onRuntimeReplaced) so they load back what they had.
 */
import { type Remote, proxy, transfer, wrap } from 'comlink';
import type { Capabilities, Capability } from '../contracts/capabilities.js';
import type { BackendInfo, BackendRequest, RuntimeApi, WorkerMemory } from '../contracts/runtime.js';
import { handedOver, registerWorkerLine } from '../shared/worker-line.js';
import { getAssetBase } from './assets.js';
import { getWasmThreads } from './wasm-threads.js';
import { chooseOnce } from './backend-memory.js';
import { startModuleWorker, workerStartFailure } from './module-worker.js';
import workerScript from '../workers/capability.worker.ts?worker&url';

export interface ClientOptions {
  assetBase?: string;
  modelsUrl?: string;
  /** Reuse (and keep) the backend measured on this device; false measures afresh. */
  rememberChoice?: boolean;
  /** Threads for WASM in a cross-origin isolated page (default: the page's setting, page/wasm-threads.ts). */
  wasmThreads?: number;
}

export interface RuntimeReplacedDetail {
  capability: Capability;
  request: BackendRequest;
  /** What happened to the previous worker, e.g. "the GPU device was lost (…)". */
  reason: string;
}

const shared = new Map<string, WorkerClient<Capability>>();
const live = new Set<WorkerClient<Capability>>();
const replacements = new EventTarget();
/** Why WebGPU was given up for a request: later workers for it avoid it too. */
const gpuLost = new Map<BackendRequest, string>();

const sharedKey = (capability: Capability, request: BackendRequest) => `${capability}:${request}`;

function crossing(argument: unknown): unknown {
  if (typeof argument === 'function') return proxy(argument);
  const moved = handedOver(argument);
  return moved.length ? transfer(argument, moved) : argument;
}

/** `api` whose every call first waits for `ready`, its arguments prepared for the crossing. */
function afterReady<T>(api: Remote<T>, ready: Promise<unknown>): Remote<T> {
  type Method = (...args: unknown[]) => Promise<unknown>;
  return new Proxy({} as Remote<T>, {
    get: (_, name) =>
      // Not a thenable: `await client.service` must not call into the worker.
      name === 'then'
        ? undefined
        : async (...args: unknown[]) => {
            await ready;
            return ((api as unknown as Record<string | symbol, Method>)[name] as Method)(
              ...args.map(crossing),
            );
          },
  });
}

export class WorkerClient<C extends Capability> {
  /** The backend the worker chose, and why. */
  readonly ready: Promise<BackendInfo>;
  /** The capability's contract; see the file comment for what crosses how. */
  readonly service: Remote<Capabilities[C]>;
  private readonly worker: Worker;
  private readonly runtime: Remote<RuntimeApi>;

  constructor(
    readonly capability: C,
    readonly request: BackendRequest,
    private readonly options: ClientOptions = {},
  ) {
    registerWorkerLine();
    // The worker's name tells the shared script which capability to serve.
    this.worker = startModuleWorker(workerScript, `ml-${capability}`);
    const api = wrap<Capabilities[C]>(this.worker);
    this.runtime = api as unknown as Remote<RuntimeApi>;
    const init = (remembered: BackendInfo | null) =>
      this.runtime.init({
        assetBase: options.assetBase ?? getAssetBase(),
        backend: request,
        remembered,
        modelsUrl: options.modelsUrl,
        avoidWebgpu: gpuLost.get(request),
        wasmThreads: options.wasmThreads ?? getWasmThreads(),
      });
    const started = options.rememberChoice === false ? init(null) : chooseOnce(request, init);
    const chosen = Promise.race([started, workerStartFailure(this.worker, workerScript)]);
    this.ready = chosen.then((info) => {
      if (info.backend === 'webgpu') void this.runtime.deviceLost().then((reason) => this.replace(reason));
      return info;
    });
    this.service = afterReady(api, this.ready);
    live.add(this);
  }

  /** Destroys this worker's WebGPU device, as a driver reset would. False when not on WebGPU. */
  async simulateDeviceLoss(): Promise<boolean> {
    await this.ready;
    return this.runtime.simulateDeviceLoss();
  }

  terminate(): void {
    this.worker.terminate();
    live.delete(this);
    for (const [key, client] of shared) if (client === this) shared.delete(key);
  }

  /**
   * A lost GPU device takes every tensor of this worker with it: a new worker
   * takes this one's place, choosing among the other backends and saying why.
   */
  private replace(reason: string): void {
    gpuLost.set(this.request, reason);
    const key = sharedKey(this.capability, this.request);
    if (shared.get(key) === this) {
      shared.set(
        key,
        new WorkerClient(this.capability, this.request, { ...this.options, rememberChoice: false }),
      );
    }
    this.terminate();
    const detail: RuntimeReplacedDetail = { capability: this.capability, request: this.request, reason };
    replacements.dispatchEvent(new CustomEvent('runtime-replaced', { detail }));
  }
}

/** The page's shared worker for a capability and backend request. */
export function clientFor<C extends Capability>(capability: C, request: BackendRequest): WorkerClient<C> {
  const key = sharedKey(capability, request);
  let client = shared.get(key) as WorkerClient<C> | undefined;
  if (!client) {
    client = new WorkerClient(capability, request);
    shared.set(key, client);
  }
  return client;
}

export function onRuntimeReplaced(listener: (detail: RuntimeReplacedDetail) => void): () => void {
  const handler = (event: Event) => listener((event as CustomEvent<RuntimeReplacedDetail>).detail);
  replacements.addEventListener('runtime-replaced', handler);
  return () => replacements.removeEventListener('runtime-replaced', handler);
}

/** Every live worker's tensors, for soak runs and diagnostics. */
export async function workerMemory(): Promise<(WorkerMemory & { capability: Capability })[]> {
  return Promise.all(
    [...live].map(async (c) => ({ capability: c.capability, ...(await c.service.memory()) })),
  );
}

/**
 * A driver reset, rehearsed: every live worker of the request loses its
 * WebGPU device at once, as they all would. False when none was on WebGPU.
 */
export async function simulateDeviceLoss(request: BackendRequest): Promise<boolean> {
  const clients = [...live].filter((c) => c.request === request);
  const lost = await Promise.all(clients.map((c) => c.simulateDeviceLoss()));
  return lost.some(Boolean);
}
