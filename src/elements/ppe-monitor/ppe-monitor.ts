import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { BackendInfo } from '../../core/backend/backend-choice.js';
import { resolveBackendRequest } from '../../page/backend-request.js';
import { saveFile } from '../../page/save-file.js';
import { InferenceClient } from '../../page/worker-client.js';
import { RuntimeRecoveryController } from '../base/runtime-recovery-controller.js';
import { CameraController } from '../base/camera-controller.js';
import { decodeImage } from '../../page/media/decode-image.js';
import type { ComplianceMetrics, ComplianceRecord } from '../../core/ppe/compliance-metrics.js';
import { frameReport } from '../../core/ppe/frame-report.js';
import { type BucketUnit, bucketRecords } from '../../core/ppe/history-buckets.js';
import { EQUIPMENT_TYPES, type EquipmentType } from '../../core/ppe/ppe-analysis.js';
import type { ProtectiveEquipmentResponse, SummaryPolicy } from '../../core/ppe/protective-equipment.js';
import { recordsToCsv, recordsToJsonLines } from '../../core/ppe/record-export.js';
import { historyChart } from './ppe-chart.js';
import { drawOverlay } from './ppe-overlay.js';
import { PpeStore } from './ppe-store.js';
import { styles } from './ppe-monitor.styles.js';

export interface PpeResultDetail {
  record: ComplianceRecord;
  metrics: ComplianceMetrics;
  response: ProtectiveEquipmentResponse;
  /** 'camera' for sampled frames, 'image' for analyze() and dropped files. */
  source: 'camera' | 'image';
}

declare global {
  interface HTMLElementTagNameMap {
    'ppe-monitor': PpeMonitor;
  }
  interface HTMLElementEventMap {
    'ppe-result': CustomEvent<PpeResultDetail>;
  }
}

const MODELS = ['blazeface', 'facemesh', 'centernet', 'face-cover'];
const TAUGHT_TYPES: EquipmentType[] = ['HEAD_COVER', 'HAND_COVER'];
/** Examples of each kind an operator should show before a taught head is fitted. */
const MIN_EXAMPLES = 3;
/** Smaller images cannot hold a face BlazeFace finds. */
const MIN_IMAGE_SIDE = 16;

/** What analyze() and teach() take. */
export type ImageInput = Blob | ImageBitmap | HTMLImageElement | HTMLCanvasElement;
const store = new PpeStore();

/**
 * @summary Protective-equipment check on a webcam or images: per person face, head and hands, covered or not, in Rekognition's response shape, with a per-camera dashboard.
 *
 * @fires ppe-result - After each analysed frame or image. `detail`: {@link PpeResultDetail} (the record, metrics and full response).
 *
 * @csspart stage - The analysed frame with boxes (drop images here).
 * @csspart summary - Counts for the last frame.
 * @csspart status - What the monitor is doing.
 * @csspart backend - Which TF.js backend runs, and why.
 * @csspart error - What went wrong (camera denied, bad image…); the monitor keeps running.
 * @csspart progress - Model loading progress.
 * @csspart controls - Buttons: pause, image, exports.
 * @csspart dashboard - History chart and its unit.
 * @csspart chart - The SVG time chart.
 * @csspart teach - Calibration of head and hand covers.
 *
 * @cssprop --ppe-compliant - Box colour of compliant people.
 * @cssprop --ppe-non-compliant - Box colour of non-compliant people.
 * @cssprop --ppe-unknown - Box colour of indeterminate people.
 * @cssprop --ppe-monitor-max-height - Largest height of the frame (default 70vh).
 * @cssprop --ppe-monitor-background - Background behind the frame.
 * @cssprop --ml-accent - Focus ring, progress and percentage line colour.
 * @cssprop --ml-error - Error text colour.
 */
@customElement('ppe-monitor')
export class PpeMonitor extends LitElement {
  static override styles = styles;

  /** Names this camera in records, history and exports. */
  @property({ attribute: 'camera-id' }) cameraId = 'camera-1';
  /** Equipment types a person must wear, space or comma separated (FACE_COVER HEAD_COVER HAND_COVER). */
  @property() required = 'FACE_COVER';
  /** Percent a verdict must reach to count (below 50 acts as 50); less sure verdicts are "unknown". */
  @property({ type: Number, attribute: 'min-confidence' }) minConfidence = 80;
  /** Milliseconds between analysed camera frames. */
  @property({ type: Number }) interval = 1000;
  /** TF.js backend (`auto`, `webgpu`, `webgl`, `wasm`, `cpu`); `?backend=` in the page URL wins. */
  @property() backend = 'auto';
  /** `camera`: sample the webcam; `none`: images only (analyze() and drops). */
  @property() source: 'camera' | 'none' = 'camera';
  /** Look for hands (needed for HAND_COVER; about 120 ms more per frame on WASM). Implied when HAND_COVER is required. */
  @property({ type: Boolean }) hands = false;
  /** Look for whole people too, so someone whose face is turned away or hidden counts as "unknown" (CenterNet, about 170 ms more per frame on WASM). */
  @property({ type: Boolean }) bodies = false;
  /** Blur faces in the overlay and in saved snapshots. */
  @property({ type: Boolean, attribute: 'blur-faces' }) blurFaces = false;

  @state() private status = 'Loading the models…';
  @state() private error = '';
  @state() private progress: number | null = 0;
  @state() private backendInfo: BackendInfo | null = null;
  @state() private last: PpeResultDetail | null = null;
  @state() private history: ComplianceRecord[] = [];
  @state() private unit: BucketUnit = 'minute';
  @state() private paused = false;
  @state() private dropping = false;
  @state() private teachType: EquipmentType = 'HEAD_COVER';
  @state() private taughtCounts: Record<string, [number, number]> = {};
  @state() private announcement = '';

  @query('canvas') private canvas!: HTMLCanvasElement;

  private readonly camera = new CameraController(this, { width: 640, height: 480 });
  private timer: ReturnType<typeof setTimeout> | null = null;
  private busy = false;
  private ready = false;
  private analysed = 0;
  private lastImage: ImageInput | null = null;

  /** Frames and images analysed since the element connected. */
  get analysedCount(): number {
    return this.analysed;
  }

  get policy(): SummaryPolicy {
    const required = this.required
      .split(/[\s,]+/)
      .map((t) => t.toUpperCase())
      .filter((t): t is EquipmentType => (EQUIPMENT_TYPES as readonly string[]).includes(t));
    return {
      required: required.length ? required : ['FACE_COVER'],
      minConfidence: Math.max(50, this.minConfidence),
    };
  }

  private get client(): InferenceClient {
    return InferenceClient.for(resolveBackendRequest(this.backend));
  }

  /** The worker was replaced (its GPU device was lost): models, taught heads and the loop start again in the new one. */
  protected readonly recovery = new RuntimeRecoveryController(
    this,
    () => resolveBackendRequest(this.backend),
    () => {
      this.stopLoop();
      this.ready = false;
      this.busy = false; // the frame in flight went to the old worker and will never come back
      void this.prepare();
    },
  );

  override connectedCallback(): void {
    super.connectedCallback();
    void this.prepare();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopLoop();
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('cameraId') && changed.get('cameraId') !== undefined) void this.loadHistory();
    if ((changed.has('source') || changed.has('interval')) && this.ready) this.startLoop();
  }

  /** Analyses one image or file; the result is returned and sent as `ppe-result`. Errors are shown and thrown. */
  async analyze(image: ImageInput): Promise<PpeResultDetail> {
    try {
      const what = image instanceof File ? image.name : 'the image';
      const bitmap = image instanceof Blob ? await decodeImage(image, what) : await createImageBitmap(image);
      if (Math.min(bitmap.width, bitmap.height) < MIN_IMAGE_SIDE) {
        const size = `${bitmap.width}x${bitmap.height}`;
        bitmap.close();
        throw new Error(`${what} is ${size} px: too small to hold a face`);
      }
      const result = await this.run(bitmap, 'image');
      this.lastImage = image; // teach mode without a camera uses it
      this.error = '';
      return result;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
      throw error;
    }
  }

  private async prepare(): Promise<void> {
    try {
      this.backendInfo = await this.client.ready;
      await this.client.loadModels(MODELS, (done) => (this.progress = done));
      this.progress = null;
      await Promise.all([this.loadHistory(), this.restoreTaught()]);
      this.ready = true;
      this.status = 'Ready.';
      this.startLoop();
    } catch (error) {
      this.progress = null;
      this.error = `The PPE models could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  private startLoop(): void {
    this.stopLoop();
    if (this.source !== 'camera') {
      this.camera.stop();
      this.status = 'Drop an image or choose one to check it.';
      return;
    }
    const tick = async () => {
      this.timer = setTimeout(tick, Math.max(50, this.interval));
      if (this.paused || this.busy) return;
      if (!this.camera.live) {
        // A camera unplugged (ended) or not yet plugged in (unavailable) is tried again on every beat: kiosks pick it up when it comes back.
        if (['idle', 'ended', 'error', 'unavailable'].includes(this.camera.state)) await this.camera.start();
        this.status = this.camera.message || 'Waiting for the camera…';
        return;
      }
      const frame = await this.camera.grabFrame();
      if (frame)
        await this.run(frame, 'camera').catch(
          (e: unknown) => (this.error = e instanceof Error ? e.message : String(e)),
        );
    };
    void tick();
  }

  private stopLoop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async run(frame: ImageBitmap, source: PpeResultDetail['source']): Promise<PpeResultDetail> {
    this.busy = true;
    try {
      this.drawFrame(frame);
      const policy = this.policy;
      const analysis = await this.client.analyzePpe(frame, {
        hands: this.hands || policy.required.includes('HAND_COVER'),
        bodies: this.bodies,
      });
      const { response, metrics, record } = frameReport(analysis, policy, this.cameraId, new Date());
      const detail: PpeResultDetail = { record, metrics, response, source };
      this.last = detail;
      this.analysed++;
      this.status = `${source === 'camera' ? 'Camera' : 'Image'}: ${metrics.detectedPeople} people, ${analysis.ms.total.toFixed(0)} ms${analysis.tiles ? ` (${analysis.tiles} tiles)` : ''}.`;
      this.announce(metrics);
      drawOverlay(this.canvas.getContext('2d')!, response, this.colours(), this.blurFaces, policy);
      this.history = [...this.history, record];
      void store.addRecord(record).catch(() => undefined); // history is best effort (private mode, quota)
      this.dispatchEvent(new CustomEvent('ppe-result', { detail, bubbles: true, composed: true }));
      return detail;
    } finally {
      this.busy = false;
    }
  }

  /** The frame goes on the canvas before it is handed (transferred) to the worker. */
  private drawFrame(frame: ImageBitmap): void {
    if (!this.canvas) return;
    [this.canvas.width, this.canvas.height] = [frame.width, frame.height];
    this.canvas.getContext('2d')!.drawImage(frame, 0, 0);
  }

  private colours() {
    const s = getComputedStyle(this);
    const v = (name: string, fallback: string) => s.getPropertyValue(name).trim() || fallback;
    return {
      compliant: v('--ppe-compliant', '#15803d'),
      nonCompliant: v('--ppe-non-compliant', '#dc2626'),
      unknown: v('--ppe-unknown', '#a16207'),
    };
  }

  private announce(m: ComplianceMetrics): void {
    const text =
      m.detectedPeople === 0
        ? 'Nobody in view.'
        : `${m.nonCompliant} without required equipment, ${m.compliant} with, ${m.unknown} unknown.`;
    if (text !== this.announcement) this.announcement = text;
  }

  private async loadHistory(): Promise<void> {
    const since = new Date(Date.now() - 7 * 86_400_000).toISOString();
    this.history = await store.records(this.cameraId, since).catch(() => []);
  }

  private async restoreTaught(): Promise<void> {
    const counts: Record<string, [number, number]> = {};
    for (const type of TAUGHT_TYPES) {
      const taught = await store.taught(type).catch(() => null);
      if (!taught) continue;
      counts[type] = [
        taught.labels.filter((l) => l === 1).length,
        taught.labels.filter((l) => l === 0).length,
      ];
      if (taught.head) await this.client.setTaughtHead(type, taught.head);
    }
    this.taughtCounts = counts;
  }

  /**
   * Teach mode: every head (or hand) in `image`, or else in the current camera
   * frame, or else in the last analysed image, is an example of `covered` or
   * not for `type`. Once there are MIN_EXAMPLES of each, a head is fitted in
   * the worker and used from the next frame; examples and head are kept in
   * IndexedDB. Returns the counts of covered and uncovered examples.
   */
  async teach(
    type: EquipmentType,
    covered: boolean,
    image?: ImageInput,
  ): Promise<{ covered: number; uncovered: number; calibrated: boolean }> {
    try {
      const frame = await this.teachingFrame(image);
      const examples = await this.client.partEmbeddings(frame, type);
      if (!examples.length)
        throw new Error(
          type === 'HAND_COVER'
            ? 'No hand in view: hold a hand up to the camera.'
            : 'No face in view: face the camera.',
        );
      const taught = await store.taught(type);
      taught.examples.push(...examples);
      taught.labels.push(...examples.map(() => (covered ? 1 : 0)));
      const [yes, no] = [
        taught.labels.filter((l) => l === 1).length,
        taught.labels.filter((l) => l === 0).length,
      ];
      const calibrated = yes >= MIN_EXAMPLES && no >= MIN_EXAMPLES;
      if (calibrated) {
        taught.head = await this.client.fitCoverHead(taught.examples, taught.labels);
        await this.client.setTaughtHead(type, taught.head);
      }
      await store.saveTaught(taught);
      this.taughtCounts = { ...this.taughtCounts, [type]: [yes, no] };
      this.status = `${type}: ${examples.length} ${covered ? 'covered' : 'uncovered'} example${examples.length > 1 ? 's' : ''} added; ${yes} covered and ${no} uncovered in all.${calibrated ? ' Calibrated.' : ''}`;
      this.error = '';
      return { covered: yes, uncovered: no, calibrated };
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
      throw error;
    }
  }

  private async teachingFrame(image?: ImageInput): Promise<ImageBitmap> {
    const source = image ?? (this.camera.live ? null : this.lastImage);
    if (source)
      return source instanceof Blob
        ? decodeImage(source, source instanceof File ? source.name : 'the image')
        : createImageBitmap(source);
    const frame = await this.camera.grabFrame();
    if (!frame)
      throw new Error(
        'Teaching needs a picture: show the equipment to the camera (or check an image first), then press the button.',
      );
    return frame;
  }

  /** Drops what was taught for `type`: it reports "unknown" again. */
  async forgetTaught(type: EquipmentType): Promise<void> {
    await store.saveTaught({ type, examples: [], labels: [], head: null });
    await this.client.setTaughtHead(type, null);
    this.taughtCounts = { ...this.taughtCounts, [type]: [0, 0] };
    this.status = `${type} forgotten: it reports "unknown" again.`;
  }

  private download(kind: 'csv' | 'jsonl'): void {
    const text = kind === 'csv' ? recordsToCsv(this.history) : recordsToJsonLines(this.history);
    this.save(
      new Blob([text], { type: kind === 'csv' ? 'text/csv' : 'application/x-ndjson' }),
      `${this.cameraId}-ppe.${kind}`,
    );
  }

  private snapshot(): void {
    this.canvas.toBlob((blob) => blob && this.save(blob, `${this.cameraId}-snapshot.png`));
  }

  private save(blob: Blob, name: string): void {
    saveFile(blob, name);
  }

  private async onFiles(files: FileList | null | undefined): Promise<void> {
    for (const file of Array.from(files ?? [])) await this.analyze(file).catch(() => undefined);
  }

  private onDrop(event: DragEvent): void {
    event.preventDefault();
    this.dropping = false;
    void this.onFiles(event.dataTransfer?.files);
  }

  override render() {
    const m = this.last?.metrics;
    const taught = this.taughtCounts[this.teachType] ?? [0, 0];
    return html`<div class="layout">
      <div part="stage" class="stage ${this.dropping ? 'drop-target' : ''}" @dragover=${(e: DragEvent) => {
        e.preventDefault();
        this.dropping = true;
      }} @dragleave=${() => (this.dropping = false)} @drop=${this.onDrop}>
        <canvas role="img" aria-label=${this.last ? `Analysed frame: ${this.announcement}` : 'No frame analysed yet'}></canvas>
      </div>
      ${this.progress !== null ? html`<progress part="progress" max="1" .value=${this.progress} aria-label="Loading the PPE models"></progress>` : nothing}
      <div part="summary" class="summary" aria-live="polite">
        <span><span class="big">${m?.nonCompliant ?? 0}</span> non-compliant now</span>
        <span class="compliant">${m?.compliant ?? 0} compliant</span>
        <span class="unknown">${m?.unknown ?? 0} unknown</span>
        <span>${m?.FaceCoverNonCompliantPercentage ?? 0}% non-compliant</span>
        <span>face rate ${m?.detectedFaceRate ?? 0}%</span>
      </div>
      <span class="visually-hidden" role="status">${this.announcement}</span>
      <div part="status">${this.status}</div>
      ${this.error ? html`<div part="error" role="alert">${this.error}</div>` : nothing}
      <div part="backend">${this.backendInfo ? `Backend: ${this.backendInfo.backend} (${this.backendInfo.reason})` : 'Choosing a backend…'}</div>
      <div part="controls" class="controls">
        ${this.source === 'camera' ? html`<button @click=${() => (this.paused = !this.paused)} aria-pressed=${this.paused}>${this.paused ? 'Resume' : 'Pause'}</button>` : nothing}
        <label>Check an image <input type="file" accept="image/*" multiple @change=${(e: Event) => void this.onFiles((e.target as HTMLInputElement).files)} /></label>
        <button @click=${this.snapshot} ?disabled=${!this.last}>Save snapshot</button>
        <button @click=${() => this.download('csv')} ?disabled=${!this.history.length}>Export CSV</button>
        <button @click=${() => this.download('jsonl')} ?disabled=${!this.history.length}>Export JSON Lines</button>
      </div>
      <div part="dashboard">
        <label>History per
          <select @change=${(e: Event) => (this.unit = (e.target as HTMLSelectElement).value as BucketUnit)}>
            ${(['minute', 'hour', 'day'] as const).map((u) => html`<option value=${u} ?selected=${u === this.unit}>${u}</option>`)}
          </select>
        </label>
        <span>camera ${this.cameraId}: ${this.history.length} frames recorded</span>
        ${historyChart(bucketRecords(this.history, this.unit), this.unit)}
      </div>
      <details part="teach" class="teach">
        <summary>Teach head and hand covers</summary>
        <label>Equipment
          <select @change=${(e: Event) => (this.teachType = (e.target as HTMLSelectElement).value as EquipmentType)}>
            ${TAUGHT_TYPES.map((t) => html`<option value=${t} ?selected=${t === this.teachType}>${t}</option>`)}
          </select>
        </label>
        <button @click=${() => void this.teach(this.teachType, true).catch(() => undefined)}>This is covered</button>
        <button @click=${() => void this.teach(this.teachType, false).catch(() => undefined)}>This is not covered</button>
        <button @click=${() => void this.forgetTaught(this.teachType)}>Forget</button>
        <span>${taught[0]} covered, ${taught[1]} uncovered examples (about 10 of each; fitted from ${MIN_EXAMPLES} of each)</span>
      </details>
    </div>`;
  }
}
