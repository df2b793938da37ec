import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { BackendInfo } from '../../core/backend/backend-choice.js';
import { resolveBackendRequest } from '../../page/backend-request.js';
import { InferenceClient } from '../../page/worker-client.js';
import { RuntimeRecoveryController } from '../base/runtime-recovery-controller.js';
import type { LoadedModelInfo } from '../../models/loader/model-registry.js';
import { styles } from './ml-runtime-status.styles.js';

interface ModelRow {
  name: string;
  loaded: number;
  total: number;
  info?: LoadedModelInfo;
  error?: string;
}

export interface RuntimeReadyDetail {
  backend: BackendInfo;
  models: LoadedModelInfo[];
  errors: { name: string; message: string }[];
}

/**
 * @summary Shows which TF.js backend the on-device runtime uses and why, and loads models with progress.
 *
 * @fires runtime-ready - When the backend is chosen and every model has loaded or failed. `detail`: {@link RuntimeReadyDetail}.
 *
 * @csspart backend - The backend name line.
 * @csspart reason - Why that backend was chosen.
 * @csspart models - The list of models with their progress bars.
 * @csspart error - A model's load error.
 *
 * @cssprop --ml-accent - Progress bar colour.
 * @cssprop --ml-error - Error text colour.
 * @cssprop --ml-status-muted - Colour of the reason text.
 */
@customElement('ml-runtime-status')
export class MlRuntimeStatus extends LitElement {
  static override styles = styles;

  /** Backend to force (`webgpu`, `webgl`, `wasm`, `cpu`) or `auto`. `?backend=` in the page URL wins. */
  @property() backend = 'auto';

  /** Comma-separated model names from the manifest to load. */
  @property() models = 'blazeface';

  @state() private info: BackendInfo | null = null;
  @state() private rows: ModelRow[] = [];
  @state() private failure = '';

  /** A lost GPU device: show the backend the new worker chose, and load the models again. */
  protected readonly recovery = new RuntimeRecoveryController(
    this,
    () => resolveBackendRequest(this.backend),
    () => void this.start(),
  );

  override connectedCallback(): void {
    super.connectedCallback();
    void this.start();
  }

  private async start(): Promise<void> {
    const client = InferenceClient.for(resolveBackendRequest(this.backend));
    try {
      this.info = await client.ready;
    } catch (error) {
      this.failure = `The on-device runtime could not start: ${error instanceof Error ? error.message : String(error)}`;
      return;
    }
    const names = this.models
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    this.rows = names.map((name) => ({ name, loaded: 0, total: 0 }));
    await Promise.all(names.map((name, i) => this.load(client, name, i)));
    const detail: RuntimeReadyDetail = {
      backend: this.info,
      models: this.rows.flatMap((r) => (r.info ? [r.info] : [])),
      errors: this.rows.flatMap((r) => (r.error ? [{ name: r.name, message: r.error }] : [])),
    };
    this.dispatchEvent(new CustomEvent('runtime-ready', { detail, bubbles: true, composed: true }));
  }

  private async load(client: InferenceClient, name: string, index: number): Promise<void> {
    const update = (patch: Partial<ModelRow>) => {
      this.rows = this.rows.map((row, i) => (i === index ? { ...row, ...patch } : row));
    };
    try {
      update({ info: await client.loadModel(name, (p) => update({ loaded: p.loaded, total: p.total })) });
    } catch (error) {
      update({ error: error instanceof Error ? error.message : String(error) });
    }
  }

  override render() {
    if (this.failure) return html`<p part="error" role="alert">${this.failure}</p>`;
    if (!this.info)
      return html`<p part="backend" role="status">Choosing the fastest backend on this device…</p>`;
    return html`
      <p part="backend" role="status">Running on <strong>${this.info.backend}</strong></p>
      <p part="reason">${sentence(this.info.reason)}</p>
      <ul part="models" aria-label="Models">
        ${this.rows.map((row) => this.renderRow(row))}
      </ul>
    `;
  }

  private renderRow(row: ModelRow) {
    const done = Boolean(row.info);
    const label = done
      ? `${(row.info!.bytes / 1e6).toFixed(1)} MB${row.info!.fromCache ? ', cached' : ''}`
      : row.error
        ? 'failed'
        : `${Math.round((row.loaded / (row.total || 1)) * 100)}%`;
    return html`<li>
      <span>${row.name}</span>
      <progress max=${row.total || 1} .value=${done ? row.total || 1 : row.loaded} aria-label="Loading ${row.name}"></progress>
      <span>${label}</span>
      ${row.error ? html`<span part="error" role="alert">${row.error}</span>` : nothing}
    </li>`;
  }
}

function sentence(text: string): string {
  return text ? `${text[0]!.toUpperCase()}${text.slice(1)}.` : text;
}

declare global {
  interface HTMLElementTagNameMap {
    'ml-runtime-status': MlRuntimeStatus;
  }
  interface HTMLElementEventMap {
    'runtime-ready': CustomEvent<RuntimeReadyDetail>;
  }
}
