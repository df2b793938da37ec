import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { ComplianceMetrics, ComplianceRecord } from '../../core/ppe/compliance-metrics.js';
import { frameReport } from '../../core/ppe/frame-report.js';
import type { BucketUnit } from '../../core/ppe/history-buckets.js';
import { EQUIPMENT_TYPES, type EquipmentType } from '../../core/ppe/ppe-analysis.js';
import type { ProtectiveEquipmentResponse, SummaryPolicy } from '../../core/ppe/protective-equipment.js';
import { recordsToCsv, recordsToJsonLines } from '../../core/ppe/record-export.js';
import { decodeImage } from '../../page/media/decode-image.js';
import { saveFile } from '../../page/save-file.js';
import { CameraController } from '../base/camera-controller.js';
import { MlElement } from '../base/ml-element.js';
import { CameraHistory } from './camera-history.js';
import { drawOverlay } from './ppe-overlay.js';
import { PpeStore } from './ppe-store.js';
import { announcement, historyDashboard, summaryBar } from './ppe-views.js';
import { TaughtCovers, type TaughtCounts, type TeachResult, teachPanel } from './taught-covers.js';
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
    'ml-ppe-result': CustomEvent<PpeResultDetail>;
  }
}

const MODELS = ['blazeface', 'facemesh', 'centernet', 'face-cover'];
/** Smaller images cannot hold a face BlazeFace finds. */
const MIN_IMAGE_SIDE = 16;
/** Camera states worth trying again on every beat: unplugged, not yet plugged in, a one-off failure. */
const RETRY_CAMERA = ['idle', 'ended', 'error', 'unavailable'];

/** What analyze() and teach() take. */
export type ImageInput = Blob | ImageBitmap | HTMLImageElement | HTMLCanvasElement;
const store = new PpeStore();

const describe = (image: ImageInput) => (image instanceof File ? image.name : 'the image');
const bitmapOf = (image: ImageInput) =>
  image instanceof Blob ? decodeImage(image, describe(image)) : createImageBitmap(image);

/**
 * @summary Protective-equipment check on a webcam or images: per person face, head and hands, covered or not, in Rekognition's response shape, with a per-camera dashboard.
 *
 * @fires ml-ppe-result - After each analysed frame or image. `detail`: {@link PpeResultDetail} (the record, metrics and full response).
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
export class PpeMonitor extends MlElement<'ppe'> {
  static override styles = styles;

  protected readonly capability = 'ppe';

  /** Names this camera in records, history and exports. */
  @property({ attribute: 'camera-id' }) cameraId = 'camera-1';
  /** Equipment types a person must wear, space or comma separated (FACE_COVER HEAD_COVER HAND_COVER). */
  @property() required = 'FACE_COVER';
  /** Percent a verdict must reach to count (below 50 acts as 50); less sure verdicts are "unknown". */
  @property({ type: Number, attribute: 'min-confidence' }) minConfidence = 80;
  /** Milliseconds between analysed camera frames. */
  @property({ type: Number }) interval = 1000;
  /** `camera`: sample the webcam; `none`: images only (analyze() and drops). */
  @property() source: 'camera' | 'none' = 'camera';
  /**
   * Look for hands (needed for HAND_COVER; about 120 ms more per frame on WASM). Implied when HAND_COVER is
   * required.
   */
  @property({ type: Boolean }) hands = false;
  /**
   * Look for whole people too, so someone whose face is turned away or hidden counts as "unknown" (CenterNet,
   * about 170 ms more per frame on WASM).
   */
  @property({ type: Boolean }) bodies = false;
  /** Days this camera's records are kept in IndexedDB (older ones are deleted); the dashboard shows at most 7. */
  @property({ type: Number, attribute: 'retention-days' }) retentionDays = 7;
  /** Blur faces in the overlay and in saved snapshots. */
  @property({ type: Boolean, attribute: 'blur-faces' }) blurFaces = false;

  protected override status = 'Loading the models…';
  @state() private progress: number | null = 0;
  @state() private last: PpeResultDetail | null = null;
  /** Frames recorded in the dashboard's window (the history keeps per-minute sums, never per-frame records). */
  @state() private recorded = 0;
  @state() private unit: BucketUnit = 'minute';
  @state() private paused = false;
  @state() private dropping = false;
  @state() private teachType: EquipmentType = 'HEAD_COVER';
  @state() private taughtCounts: TaughtCounts = {};
  @state() private announcement = '';

  @query('canvas') private canvas!: HTMLCanvasElement;

  private readonly camera = new CameraController(this, { width: 640, height: 480 });
  private readonly taught = new TaughtCovers(() => this.service, store);
  private readonly history = new CameraHistory(store);
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

  /** Models, taught heads and the loop start again in the new worker. */
  protected override runtimeReplaced(): void {
    this.stopLoop();
    this.ready = false;
    this.busy = false; // the frame in flight went to the old worker and will never come back
    void this.prepare();
  }

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

  /**
   * Analyses one image or file; the result is returned and sent as `ml-ppe-result`. Errors are shown and
   * thrown.
   */
  async analyze(image: ImageInput): Promise<PpeResultDetail> {
    try {
      const bitmap = await bitmapOf(image);
      if (Math.min(bitmap.width, bitmap.height) < MIN_IMAGE_SIDE) {
        const size = `${bitmap.width}x${bitmap.height}`;
        bitmap.close();
        throw new Error(`${describe(image)} is ${size} px: too small to hold a face`);
      }
      const result = await this.run(bitmap, 'image');
      this.lastImage = image; // teach mode without a camera uses it
      this.error = '';
      return result;
    } catch (error) {
      this.showError(error);
      throw error;
    }
  }

  private async prepare(): Promise<void> {
    try {
      await this.startRuntime();
      await this.loadModels(MODELS, (done) => (this.progress = done));
      this.progress = null;
      const [, counts] = await Promise.all([this.loadHistory(), this.taught.restore()]);
      this.taughtCounts = counts;
      this.ready = true;
      this.status = 'Ready.';
      this.startLoop();
    } catch (error) {
      this.progress = null;
      this.showError(error, 'The PPE models could not be loaded');
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
      if (!this.paused && !this.busy) await this.beat();
    };
    void tick();
  }

  /** One beat: a frame analysed, the camera tried again (kiosks pick it up), or nothing while not shown. */
  private async beat(): Promise<void> {
    if (!this.visibility.shown) {
      // Off screen, or not the kiosk's element: no camera, no inference.
      if (this.camera.state !== 'idle') this.camera.stop();
      return;
    }
    if (!this.camera.live) {
      if (RETRY_CAMERA.includes(this.camera.state)) await this.camera.start();
      // Denied is for the visitor to change (it is not retried); waiting for a camera is not an error.
      if (this.camera.state === 'denied') this.error = this.camera.message;
      this.status =
        this.camera.state === 'denied'
          ? 'Images can still be checked.'
          : this.camera.message || 'Waiting for the camera…';
      return;
    }
    const frame = await this.camera.grabFrame();
    if (frame) await this.run(frame, 'camera').catch((error: unknown) => this.showError(error));
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
      const hands = this.hands || policy.required.includes('HAND_COVER');
      const analysis = await this.service.analyze(frame, { hands, bodies: this.bodies });
      const { response, metrics, record } = frameReport(analysis, policy, this.cameraId, new Date());
      const detail: PpeResultDetail = { record, metrics, response, source };
      this.last = detail;
      this.analysed++;
      const tiles = analysis.tiles ? ` (${analysis.tiles} tiles)` : '';
      this.status = `${source === 'camera' ? 'Camera' : 'Image'}: ${metrics.detectedPeople} people, ${analysis.ms.total.toFixed(0)} ms${tiles}.`;
      this.announcement = announcement(metrics);
      drawOverlay(this.canvas.getContext('2d')!, response, this.colours(), this.blurFaces, policy);
      this.history.add(record, this.retentionMs());
      this.recorded = this.history.frames;
      this.emit('ml-ppe-result', detail);
      return detail;
    } finally {
      this.busy = false;
    }
  }

  /** The frame goes on the canvas before it is moved to the worker. */
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

  private retentionMs(): number {
    return Math.max(1, this.retentionDays) * 86_400_000;
  }

  private async loadHistory(): Promise<void> {
    await this.history.load(this.cameraId, this.retentionMs());
    this.recorded = this.history.frames;
  }

  /**
   * Teach mode: every head (or hand) in `image`, or else in the current camera
   * frame, or else in the last analysed image, is an example of `covered` or
   * not for `type`. Once there are MIN_EXAMPLES of each, a head is fitted in
   * the worker and used from the next frame; examples and head are kept in
   * IndexedDB. Returns the counts of covered and uncovered examples.
   */
  async teach(type: EquipmentType, covered: boolean, image?: ImageInput): Promise<TeachResult> {
    try {
      const { added, ...result } = await this.taught.teach(type, covered, await this.teachingFrame(image));
      this.taughtCounts = { ...this.taughtCounts, [type]: [result.covered, result.uncovered] };
      const kind = `${covered ? 'covered' : 'uncovered'} example${added > 1 ? 's' : ''}`;
      const calibrated = result.calibrated ? ' Calibrated.' : '';
      this.status = `${type}: ${added} ${kind} added; ${result.covered} covered and ${result.uncovered} uncovered in all.${calibrated}`;
      this.error = '';
      return result;
    } catch (error) {
      this.showError(error);
      throw error;
    }
  }

  private async teachingFrame(image?: ImageInput): Promise<ImageBitmap> {
    const source = image ?? (this.camera.live ? null : this.lastImage);
    if (source) return bitmapOf(source);
    const frame = await this.camera.grabFrame();
    if (!frame)
      throw new Error(
        'Teaching needs a picture: show the equipment to the camera (or check an image first), then press the button.',
      );
    return frame;
  }

  /** Drops what was taught for `type`: it reports "unknown" again. */
  async forgetTaught(type: EquipmentType): Promise<void> {
    await this.taught.forget(type);
    this.taughtCounts = { ...this.taughtCounts, [type]: [0, 0] };
    this.status = `${type} forgotten: it reports "unknown" again.`;
  }

  /** Every record IndexedDB keeps for this camera (up to `retention-days`), read when asked for. */
  private async download(kind: 'csv' | 'jsonl'): Promise<void> {
    const records = await this.history.records(this.cameraId);
    const text = kind === 'csv' ? recordsToCsv(records) : recordsToJsonLines(records);
    const type = kind === 'csv' ? 'text/csv' : 'application/x-ndjson';
    saveFile(new Blob([text], { type }), `${this.cameraId}-ppe.${kind}`);
  }

  private snapshot(): void {
    this.canvas.toBlob((blob) => blob && saveFile(blob, `${this.cameraId}-snapshot.png`));
  }

  private async onFiles(files: FileList | null | undefined): Promise<void> {
    for (const file of Array.from(files ?? [])) await this.analyze(file).catch(() => undefined);
  }

  private onDrop(event: DragEvent): void {
    event.preventDefault();
    this.dropping = false;
    void this.onFiles(event.dataTransfer?.files);
  }

  private renderStage() {
    const over = (e: DragEvent) => {
      e.preventDefault();
      this.dropping = true;
    };
    const label = this.last ? `Analysed frame: ${this.announcement}` : 'No frame analysed yet';
    return html`<div part="stage" class="stage ${this.dropping ? 'drop-target' : ''}" @dragover=${over} @dragleave=${() => (this.dropping = false)} @drop=${this.onDrop}>
      <canvas role="img" aria-label=${label}></canvas>
    </div>`;
  }

  private renderControls() {
    const none = !this.recorded;
    return html`<div part="controls" class="controls">
      ${this.source === 'camera' ? html`<button @click=${() => (this.paused = !this.paused)} aria-pressed=${this.paused}>${this.paused ? 'Resume' : 'Pause'}</button>` : nothing}
      <label>Check an image <input type="file" accept="image/*" multiple @change=${(e: Event) => void this.onFiles((e.target as HTMLInputElement).files)} /></label>
      <button @click=${this.snapshot} ?disabled=${!this.last}>Save snapshot</button>
      <button @click=${() => void this.download('csv')} ?disabled=${none}>Export CSV</button>
      <button @click=${() => void this.download('jsonl')} ?disabled=${none}>Export JSON Lines</button>
    </div>`;
  }

  override render() {
    return html`<div class="layout">
      ${this.renderStage()}
      ${this.progress !== null ? html`<progress part="progress" max="1" .value=${this.progress} aria-label="Loading the PPE models"></progress>` : nothing}
      ${summaryBar(this.last?.metrics)}
      <span class="visually-hidden" role="status">${this.announcement}</span>
      <div part="status">${this.status}</div>
      ${this.renderError()}
      ${this.renderBackend()}
      ${this.renderControls()}
      ${historyDashboard(this.cameraId, this.recorded, this.history.buckets(this.unit), this.unit, (unit) => (this.unit = unit))}
      ${teachPanel(this.teachType, this.taughtCounts, {
        choose: (type) => (this.teachType = type),
        teach: (covered) => void this.teach(this.teachType, covered).catch(() => undefined),
        forget: () => void this.forgetTaught(this.teachType),
      })}
    </div>`;
  }
}
