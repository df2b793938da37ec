import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { BackendInfo, LoadedModelInfo } from '../../contracts/runtime.js';
import { MlElement } from '../base/ml-element.js';
import { messageOf } from '../../shared/errors.js';
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

declare global {
  interface HTMLElementTagNameMap {
    'ml-runtime-status': MlRuntimeStatus;
  }
  interface HTMLElementEventMap {
    'ml-runtime-ready': CustomEvent<RuntimeReadyDetail>;
  }
}

/**
 * @summary Shows which TF.js backend the on-device runtime uses and why, and loads models with progress (into the face-tracking worker that `<gaze-portrait>` uses).
 *
 * @fires ml-runtime-ready - When the backend is chosen and every model has loaded or failed. `detail`: {@link RuntimeReadyDetail}.
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
export class MlRuntimeStatus extends MlElement<'gaze'> {
  static override styles = styles;

  protected readonly capability = 'gaze';

  /** Comma-separated model names from the manifest to load. */
  @property() models = 'blazeface';

  @state() private rows: ModelRow[] = [];

  override connectedCallback(): void {
    super.connectedCallback();
    void this.start();
  }

  /** A lost GPU device: show the backend the new worker chose, and load the models again. */
  protected override runtimeReplaced(): void {
    void this.start();
  }

  private async start(): Promise<void> {
    let backend: BackendInfo;
    try {
      backend = await this.startRuntime();
    } catch (error) {
      this.showError(error, 'The on-device runtime could not start');
      return;
    }
    const names = this.models
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    this.rows = names.map((name) => ({ name, loaded: 0, total: 0 }));
    await Promise.all(names.map((name, i) => this.load(name, i)));
    this.emit('ml-runtime-ready', {
      backend,
      models: this.rows.flatMap((r) => (r.info ? [r.info] : [])),
      errors: this.rows.flatMap((r) => (r.error ? [{ name: r.name, message: r.error }] : [])),
    });
  }

  private async load(name: string, index: number): Promise<void> {
    const update = (patch: Partial<ModelRow>) => {
      this.rows = this.rows.map((row, i) => (i === index ? { ...row, ...patch } : row));
    };
    try {
      update({
        info: await this.service.loadModel(name, (p) => update({ loaded: p.loaded, total: p.total })),
      });
    } catch (error) {
      update({ error: messageOf(error) });
    }
  }

  override render() {
    if (this.error) return html`<p part="error" role="alert">${this.error}</p>`;
    if (!this.backendInfo)
      return html`<p part="backend" role="status">Choosing the fastest backend on this device…</p>`;
    return html`
      <p part="backend" role="status">Running on <strong>${this.backendInfo.backend}</strong></p>
      <p part="reason">${sentence(this.backendInfo.reason)}</p>
      <ul part="models" aria-label="Models">
        ${this.rows.map((row) => this.renderRow(row))}
      </ul>
    `;
  }

  private renderRow(row: ModelRow) {
    const label = row.info
      ? `${(row.info.bytes / 1e6).toFixed(1)} MB${row.info.fromCache ? ', cached' : ''}`
      : row.error
        ? 'failed'
        : `${Math.round((row.loaded / (row.total || 1)) * 100)}%`;
    return html`<li>
      <span>${row.name}</span>
      <progress max=${row.total || 1} .value=${row.info ? row.total || 1 : row.loaded} aria-label="Loading ${row.name}"></progress>
      <span>${label}</span>
      ${row.error ? html`<span part="error" role="alert">${row.error}</span>` : nothing}
    </li>`;
  }
}

function sentence(text: string): string {
  return text ? `${text[0]!.toUpperCase()}${text.slice(1)}.` : text;
}
