/**
 * Lets an element recover when its inference worker is replaced (its GPU
 * device was lost): the element's `recover` reloads into the new worker what
 * it had there (models, an image index, a sound model) and restarts its loops.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { BackendRequest } from '../../core/backend/backend-choice.js';
import { onRuntimeReplaced } from '../../page/worker-client.js';

export class RuntimeRecoveryController implements ReactiveController {
  private unsubscribe: (() => void) | null = null;

  constructor(
    host: ReactiveControllerHost,
    /** The element's current backend request: only its own worker matters to it. */
    private readonly request: () => BackendRequest,
    private readonly recover: (reason: string) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.unsubscribe = onRuntimeReplaced((detail) => {
      if (detail.request === this.request()) this.recover(detail.reason);
    });
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}
