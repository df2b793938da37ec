/**
 * Lets an element recover when its worker is replaced (its GPU device was
 * lost): the element's `recover` reloads into the new worker what it had
 * there (models, an image index, a sound model) and restarts its loops.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Capability } from '../../contracts/capabilities.js';
import type { BackendRequest } from '../../contracts/runtime.js';
import { onRuntimeReplaced } from '../../page/worker-client.js';

export class RuntimeRecoveryController implements ReactiveController {
  private unsubscribe: (() => void) | null = null;

  constructor(
    host: ReactiveControllerHost,
    /** The worker the element uses now: only its own replacement matters to it. */
    private readonly worker: () => { capability: Capability; request: BackendRequest },
    private readonly recover: (reason: string) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.unsubscribe = onRuntimeReplaced((detail) => {
      const { capability, request } = this.worker();
      if (detail.capability === capability && detail.request === request) this.recover(detail.reason);
    });
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}
