/**
 * BlazeFace on more than one worker, so face tracking can use a second core:
 * a frame goes to the least busy worker, and with two frames in flight the
 * tracking rate nearly doubles on a multi-core device (each worker still
 * takes one frame's time; the main thread stays free either way). One pool
 * per backend request is shared by every element on the page.
 */
import type { BackendRequest } from '../contracts/runtime.js';
import type { DecodeOptions, FaceDetection } from '../contracts/gaze.js';
import { type ClientOptions, WorkerClient, clientFor, onRuntimeReplaced } from './worker-client.js';

const pools = new Map<BackendRequest, FaceDetectorPool>();

/** Two workers where there are two cores or more: the main thread only grabs and draws frames. */
export function defaultPoolSize(): number {
  return Math.max(1, Math.min(2, globalThis.navigator?.hardwareConcurrency ?? 1));
}

export class FaceDetectorPool {
  private readonly clients: WorkerClient<'gaze'>[];
  private readonly busy: number[];
  private readonly unsubscribe: () => void;

  static for(request: BackendRequest): FaceDetectorPool {
    let pool = pools.get(request);
    if (!pool) {
      pool = new FaceDetectorPool(request);
      pools.set(request, pool);
    }
    return pool;
  }

  /** The first worker is the page's shared gaze worker; the others are the pool's own. */
  constructor(request: BackendRequest, size = defaultPoolSize(), options: ClientOptions = {}) {
    const first =
      options.rememberChoice === false
        ? new WorkerClient('gaze', request, options)
        : clientFor('gaze', request);
    const others = Array.from({ length: size - 1 }, () => new WorkerClient('gaze', request, options));
    this.clients = [first, ...others];
    this.busy = this.clients.map(() => 0);
    // A worker of the request lost its GPU device: the next FaceDetectorPool.for() builds a pool of fresh
    // workers.
    this.unsubscribe = onRuntimeReplaced(
      (detail) => detail.capability === 'gaze' && detail.request === request && this.terminate(),
    );
  }

  get size(): number {
    return this.clients.length;
  }

  /** Faces in a frame (moved to the worker), from the least busy worker. */
  async detect(frame: ImageBitmap | VideoFrame, options?: Partial<DecodeOptions>): Promise<FaceDetection[]> {
    const index = this.busy.indexOf(Math.min(...this.busy));
    this.busy[index]!++;
    try {
      return await this.clients[index]!.service.detectFaces(frame, options);
    } finally {
      this.busy[index]!--;
    }
  }

  /** Ends the pool's own workers (the shared one stays for the page unless `all`). */
  terminate(all = false): void {
    this.unsubscribe();
    this.clients.slice(all ? 0 : 1).forEach((c) => c.terminate());
    for (const [key, pool] of pools) if (pool === this) pools.delete(key);
  }
}
