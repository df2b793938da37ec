/**
 * What every element of the bundle shares: the `backend` attribute, its
 * capability's worker (started on first use, shared by the page), the status,
 * error and backend lines, recovery when the worker is replaced, and typed
 * events whose names start with `ml-`, so they cannot collide on a host page;
 * and whether it is shown, so cameras, microphones and loops run only then.
 */
import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Remote } from 'comlink';
import type { Capabilities, Capability } from '../../contracts/capabilities.js';
import type { BackendInfo, BackendRequest } from '../../contracts/runtime.js';
import { resolveBackendRequest } from '../../page/backend-request.js';
import { type WorkerClient, clientFor } from '../../page/worker-client.js';
import { messageOf } from '../../shared/errors.js';
import { RuntimeRecoveryController } from './runtime-recovery-controller.js';
import { VisibilityController } from './visibility-controller.js';

/** Every event an element of the bundle sends: the `ml-` entries of the DOM's event map. */
export type MlEventName = Extract<keyof HTMLElementEventMap, `ml-${string}`>;
export type MlEventDetail<K extends MlEventName> =
  HTMLElementEventMap[K] extends CustomEvent<infer D> ? D : never;

/** An event that bubbles out of shadow roots to the host page. */
function mlEvent<K extends MlEventName>(type: K, detail: MlEventDetail<K>): CustomEvent<MlEventDetail<K>> {
  return new CustomEvent(type, { detail, bubbles: true, composed: true });
}

const BACKEND_NAMES: Record<string, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };

/** A backend's name as people write it ("wasm" → "WASM"). */
export function backendName(backend: string): string {
  return BACKEND_NAMES[backend] ?? backend;
}

export abstract class MlElement<C extends Capability> extends LitElement {
  /** TF.js backend (`auto`, `webgpu`, `webgl`, `wasm`, `cpu`); `?backend=` in the page URL wins. */
  @property() backend = 'auto';

  /** What the element is doing, in a sentence. */
  @state() protected status = '';
  /** What went wrong, shown as an alert; empty when nothing did. */
  @state() protected error = '';
  /** The backend the worker chose, and why. */
  @state() protected backendInfo: BackendInfo | null = null;

  /** The capability whose worker does this element's work. */
  protected abstract readonly capability: C;

  /** Whether the element is on screen in a visible tab (see visibility-controller.ts). */
  protected readonly visibility = new VisibilityController(this, (shown) => this.shownChanged(shown));

  constructor() {
    super();
    new RuntimeRecoveryController(
      this,
      () => ({ capability: this.capability, request: this.backendRequest }),
      (reason) => this.runtimeReplaced(reason),
    );
  }

  protected get backendRequest(): BackendRequest {
    return resolveBackendRequest(this.backend);
  }

  protected get client(): WorkerClient<C> {
    return clientFor(this.capability, this.backendRequest);
  }

  /** The worker's API (contracts/<capability>.ts); every call waits for the backend. */
  protected get service(): Remote<Capabilities[C]> {
    return this.client.service;
  }

  /** Waits for the worker's backend choice and shows it. */
  protected async startRuntime(): Promise<BackendInfo> {
    this.backendInfo = await this.client.ready;
    return this.backendInfo;
  }

  /** Loads models one after another; `onFraction` gets the overall fraction done, 0…1. */
  protected async loadModels(names: readonly string[], onFraction: (done: number) => void): Promise<void> {
    for (const [i, name] of names.entries()) {
      await this.service.loadModel(name, (p) =>
        onFraction((i + (p.total ? p.loaded / p.total : 0)) / names.length),
      );
    }
  }

  /**
   * The worker was replaced (its GPU device was lost): what the element had
   * loaded into it is gone. Elements reload it here.
   */
  protected runtimeReplaced(_reason: string): void {}

  /** The element came on screen or left it: start or stop its camera, microphone and loops. */
  protected shownChanged(_shown: boolean): void {}

  /** Shows an error (prefixed with what failed, if given) and returns its text. */
  protected showError(error: unknown, what?: string): string {
    this.error = what ? `${what}: ${messageOf(error)}` : messageOf(error);
    return this.error;
  }

  /** Sends a typed `ml-` event (each element lists its own with `@fires`). */
  protected emit<K extends MlEventName>(type: K, detail: MlEventDetail<K>): void {
    this.dispatchEvent(mlEvent(type, detail));
  }

  protected renderError() {
    return this.error ? html`<div part="error" role="alert">${this.error}</div>` : nothing;
  }

  /** One small "Runs on WASM" line; why (with the measured timings) only for whoever opens it. */
  protected renderBackend() {
    const info = this.backendInfo;
    if (!info) return nothing;
    return html`<details part="backend" class="backend">
      <summary>Runs on ${backendName(info.backend)}</summary>
      <p>${info.reason}</p>
    </details>`;
  }
}
