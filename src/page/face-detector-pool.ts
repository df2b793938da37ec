/**
 * BlazeFace on more than one worker, so face tracking can use a second core:
 * a frame goes to the least busy worker, and with two frames in flight the
 * tracking rate nearly doubles on a multi-core device (each worker still
 * takes one frame's time; the main thread stays free either way). One pool
 * per backend request is shared by every element on the page. Workers past
 * the first start only when a frame finds every worker busy: tracking one
 * viewer in a crop keeps up with the camera on one.
 */
import type { BackendRequest } from '../contracts/runtime.js';
import type { DecodeOptions, FaceDetection, FaceSearch } from '../contracts/gaze.js';
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
  private readonly startWorker: () => WorkerClient<'gaze'>;

  static for(request: BackendRequest): FaceDetectorPool {
    let pool = pools.get(request);
    if (!pool) {
      pool = new FaceDetectorPool(request);
      pools.set(request, pool);
    }
    return pool;
  }

  /** The first worker is the page's shared gaze worker; the others are the pool's own. */
  constructor(
    request: BackendRequest,
    readonly size = defaultPoolSize(),
    options: ClientOptions = {},
  ) {
    const first =
      options.rememberChoice === false
        ? new WorkerClient('gaze', request, options)
        : clientFor('gaze', request);
    this.startWorker = () => new WorkerClient('gaze', request, options);
    this.clients = [first];
    this.busy = [0];
    // A worker of the request lost its GPU device: the next FaceDetectorPool.for() builds a pool of fresh
    // workers.
    this.unsubscribe = onRuntimeReplaced(
      (detail) => detail.capability === 'gaze' && detail.request === request && this.terminate(),
    );
  }

  /** Workers started so far (at most `size`). */
  get started(): number {
    return this.clients.length;
  }

  /** Faces in a frame (moved to the worker), from the least busy worker. */
  async detect(
    frame: ImageBitmap | VideoFrame,
    options?: Partial<DecodeOptions>,
    search?: FaceSearch,
  ): Promise<FaceDetection[]> {
    const index = this.leastBusy();
    this.busy[index]!++;
    try {
      return await this.clients[index]!.service.detectFaces(frame, options, search);
    } finally {
      this.busy[index]!--;
    }
  }

  /** The index of the least busy worker, starting another when all are busy and the pool has room. */
  private leastBusy(): number {
    const index = this.busy.indexOf(Math.min(...this.busy));
    if (this.busy[index] === 0 || this.clients.length >= this.size) return index;
    this.clients.push(this.startWorker());
    this.busy.push(0);
    return this.clients.length - 1;
  }

  /** Ends the pool's own workers (the shared one stays for the page unless `all`). */
  terminate(all = false): void {
    this.unsubscribe();
    this.clients.slice(all ? 0 : 1).forEach((c) => c.terminate());
    for (const [key, pool] of pools) if (pool === this) pools.delete(key);
  }
}
