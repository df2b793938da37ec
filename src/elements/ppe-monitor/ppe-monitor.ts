import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { type EntranceBanner, entranceBanner } from '../../core/ppe/entrance-banner.js';
import { frameReport } from '../../core/ppe/frame-report.js';
import type { BucketUnit } from '../../core/ppe/history-buckets.js';
import type { EquipmentType } from '../../core/ppe/ppe-analysis.js';
import { type SummaryPolicy, summaryPolicy } from '../../core/ppe/protective-equipment.js';
import { PersonTracker } from '../../core/ppe/person-tracker.js';
import { CameraController } from '../base/camera-controller.js';
import { cameraPrompt } from '../base/camera-prompt.js';
import { MlElement } from '../base/ml-element.js';
import { CameraHistory } from './camera-history.js';
import { CameraSampler } from './camera-sampler.js';
import { HistoryChart, chartColours } from './history-chart.js';
import { LiveOverlay } from './live-overlay.js';
import { type ImageInput, checkableBitmap, teachingBitmap } from './ppe-image.js';
import { downloadRecords, saveSnapshot } from './ppe-exports.js';
import { FleetReporter, reportLine } from './fleet-reporter.js';
import { type OverlayStyle, drawStill, overlayColours } from './ppe-overlay.js';
import { PpeStore } from './ppe-store.js';
import * as views from './ppe-views.js';
import {
  TaughtCovers,
  type TaughtCounts,
  type TeachResult,
  teachPanel,
  teachingMessage,
} from './taught-covers.js';
import { styles } from './ppe-monitor.styles.js';
import type { PpeResultDetail } from './ppe-result.js';

export type { ImageInput } from './ppe-image.js';
export type { PpeResultDetail } from './ppe-result.js';

declare global {
  interface HTMLElementTagNameMap {
    'ppe-monitor': PpeMonitor;
  }
}

const COVERS = ['face-cover', 'head-cover', 'hand-cover'];
const MODELS = ['blazeface', 'facemesh', 'centernet', 'part-finder', ...COVERS];
const store = new PpeStore();

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
 * @csspart chart - The time chart (uPlot): bars per minute, hour or day, a legend with the values under the cursor.
 * @csspart teach - Calibration of head and hand covers.
 * @csspart report - Fleet reporting (with `report-url`): records waiting and the last delivery.
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
   * Look for hands (needed for HAND_COVER; HandTrack and the part finder, about 0.45 s more per frame on
   * WASM). Implied when HAND_COVER is required.
   */
  @property({ type: Boolean }) hands = false;
  /**
   * Look for whole people too, so someone whose face is turned away or hidden counts as "unknown" and their
   * head is judged, and look closer for small, far heads (CenterNet, the part finder at two scales and
   * MoveNet: about 0.75 s more per frame on WASM with 2 cores, about 1 analysed frame/s).
   */
  @property({ type: Boolean }) bodies = false;
  /** Days this camera's records are kept in IndexedDB (older ones are deleted); the dashboard shows at most 7. */
  @property({ type: Number, attribute: 'retention-days' }) retentionDays = 7;
  /** Blur faces in the overlay and in saved snapshots. */
  @property({ type: Boolean, attribute: 'blur-faces' }) blurFaces = false;
  /** Start the camera without a click (a kiosk whose browser grants the camera by policy). */
  @property({ type: Boolean }) autostart = false;
  /**
   * ClickHouse HTTP URL to report every frame's record to (counts only, never an image), with an insert-only
   * credential, e.g. `https://ch.example:8443/?user=kiosk&password=…`; off when empty. See docs/fleet.md.
   */
  @property({ attribute: 'report-url' }) reportUrl = '';
  /** The table `report-url` inserts into. */
  @property({ attribute: 'report-table' }) reportTable = 'fleet_ingest.records';
  /** Seconds between deliveries while the engine answers (failures retry sooner, then back off to 30 s). */
  @property({ type: Number, attribute: 'report-every' }) reportEvery = 5;
  /** Kiosk view: an entrance check, the live view large with a banner ("Thank you" / "Please wear a mask"). */
  @property({ type: Boolean, reflect: true }) kiosk = false;

  protected override status = 'Loading the models…';
  @state() private progress: number | null = 0;
  /** The last result, with the `required` it was judged against (the attribute may change after). */
  @state() private last: (PpeResultDetail & { required: readonly EquipmentType[] }) | null = null;
  /** Frames recorded in the dashboard's window (the history keeps per-minute sums, never per-frame records). */
  @state() private recorded = 0;
  @state() private unit: BucketUnit = 'minute';
  @state() private paused = false;
  @state() private dropping = false;
  @state() private teachType: EquipmentType = 'HEAD_COVER';
  @state() private taughtCounts: TaughtCounts = {};
  @state() private announcement = '';
  /** What the stage shows: the live camera, or the last checked image. */
  @state() private showing: 'live' | 'still' = 'live';
  @state() private banner: EntranceBanner | null = null;

  @query('canvas.still') private still!: HTMLCanvasElement;
  @query('canvas.overlay') private overlay!: HTMLCanvasElement | null;

  private readonly camera = new CameraController(this, {
    width: 640,
    height: 480,
    autostart: () => this.autostart,
  });
  private readonly tracker = new PersonTracker();
  private readonly live = new LiveOverlay(this.camera.video, () => this.overlay);
  private readonly taught = new TaughtCovers(() => this.service, store);
  private readonly history = new CameraHistory(store);
  private readonly chart = new HistoryChart();
  private readonly reporter = new FleetReporter(this, {
    url: () => this.reportUrl,
    table: () => this.reportTable,
    camera: () => this.cameraId,
    every: () => this.reportEvery,
    retentionMs: () => this.retentionMs(),
  });
  private readonly sampler = new CameraSampler({
    camera: this.camera,
    interval: () => this.interval,
    ready: () => !this.paused && !this.busy,
    shown: () => this.visibility.shown,
    analyse: (frame) =>
      this.run(frame, 'camera').then(
        () => undefined,
        (error: unknown) => void this.showError(error),
      ),
    say: (status, denied) => {
      this.status = status;
      if (denied) this.error = denied;
    },
  });
  private busy = false;
  private ready = false;
  private analysed = 0;
  private lastImage: ImageInput | null = null;

  /** Records waiting for delivery to `report-url`. */
  get reportQueue(): number {
    return this.reporter.state.queued;
  }

  /** Frames and images analysed since the element connected. */
  get analysedCount(): number {
    return this.analysed;
  }

  get policy(): SummaryPolicy {
    return summaryPolicy(this.required, this.minConfidence);
  }

  /** Models, taught heads and the loop start again in the new worker. */
  protected override runtimeReplaced(): void {
    this.sampler.stop();
    this.ready = false;
    this.busy = false; // the frame in flight went to the old worker and will never come back
    void this.prepare();
  }

  /** Shown with the camera allowed: the video plays at once, while the models may still be loading. */
  protected override shownChanged(shown: boolean): void {
    if (shown && this.source === 'camera' && this.camera.state === 'idle') void this.camera.start();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.prepare();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.sampler.stop();
    this.live.stop();
    this.chart.destroy();
  }

  /**
   * Analyses one image or file; the result is returned and sent as `ml-ppe-result`. Errors are shown and
   * thrown.
   */
  async analyze(image: ImageInput): Promise<PpeResultDetail> {
    try {
      const result = await this.run(await checkableBitmap(image), 'image');
      this.lastImage = image; // teach mode without a camera uses it
      if (this.source === 'camera') this.paused = true; // the image stays on the stage until "Back to camera"
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
    this.sampler.stop();
    if (this.source !== 'camera') {
      this.camera.stop();
      this.status = 'Drop an image or choose one to check it.';
      return;
    }
    this.live.start();
    this.sampler.start();
  }

  private async run(frame: ImageBitmap, source: PpeResultDetail['source']): Promise<PpeResultDetail> {
    this.busy = true;
    // The frame moves to the worker; a checked image is drawn, with its boxes, from a copy once they are known.
    const copy = source === 'image' ? await createImageBitmap(frame) : null;
    try {
      const policy = this.policy;
      const hands = this.hands || policy.required.includes('HAND_COVER');
      // A record is dated when its frame was seen: the analysis takes longer on a loaded machine.
      const seen = new Date();
      const stream = source === 'camera'; // a camera frame is judged for speed, a checked photo on more crops
      const analysis = await this.service.analyze(frame, { hands, bodies: this.bodies, stream });
      const { response, metrics, record } = frameReport(analysis, policy, this.cameraId, seen);
      const boxes = response.Persons.map((p) => p.BoundingBox);
      const personNumbers = this.tracker.numbered(boxes, source === 'camera');
      const detail: PpeResultDetail = { record, metrics, response, source, personNumbers };
      if (copy) this.showStill(copy, detail);
      else this.live.show(response, personNumbers, this.overlayStyle());
      this.last = { ...detail, required: policy.required };
      this.banner = entranceBanner(analysis, policy);
      this.analysed++;
      this.status = views.frameStatus(source, metrics.detectedPeople);
      this.announcement = views.announcement(metrics);
      this.history.add(record, this.retentionMs());
      this.recorded = this.history.frames;
      void this.reporter.add(record, metrics).catch(() => undefined);
      this.emit('ml-ppe-result', detail);
      return detail;
    } finally {
      copy?.close();
      this.busy = false;
    }
  }

  private showStill(image: ImageBitmap, detail: PpeResultDetail): void {
    this.showing = 'still';
    if (this.still) drawStill(this.still, image, detail.response, this.overlayStyle());
  }

  private overlayStyle(): OverlayStyle {
    return { colours: overlayColours(this), blur: this.blurFaces, policy: this.policy };
  }

  private retentionMs(): number {
    return Math.max(1, this.retentionDays) * 86_400_000;
  }

  private async loadHistory(): Promise<void> {
    await this.history.load(this.cameraId, this.retentionMs());
    this.recorded = this.history.frames;
  }

  /**
   * Teach mode: every head (or hand) in `image`, else in the camera frame, else in the last checked image, is an
   * example of `covered` or not for `type`. Once there are enough of each, a head is fitted in the worker and used
   * from the next frame; examples and head are kept in IndexedDB. Returns the counts of examples.
   */
  async teach(type: EquipmentType, covered: boolean, image?: ImageInput): Promise<TeachResult> {
    try {
      const frame = await teachingBitmap(image, this.camera, this.lastImage);
      const { added, ...result } = await this.taught.teach(type, covered, frame);
      this.taughtCounts = { ...this.taughtCounts, [type]: [result.covered, result.uncovered] };
      this.status = teachingMessage(type, covered, added, result);
      this.error = '';
      return result;
    } catch (error) {
      this.showError(error);
      throw error;
    }
  }

  /** Drops what was taught for `type`: it reports "unknown" again. */
  async forgetTaught(type: EquipmentType): Promise<void> {
    await this.taught.forget(type);
    this.taughtCounts = { ...this.taughtCounts, [type]: [0, 0] };
    this.status = `${type} forgotten: it reports "unknown" again.`;
  }

  private async onFiles(files: FileList | null | undefined): Promise<void> {
    for (const file of Array.from(files ?? [])) await this.analyze(file).catch(() => undefined);
  }

  private resume(): void {
    this.paused = !this.paused;
    if (!this.paused) this.showing = 'live';
  }

  private snapshot(): void {
    const layers = this.showing === 'live' ? [this.camera.video, this.overlay] : [this.still];
    saveSnapshot(layers, `${this.cameraId}-snapshot.png`);
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('cameraId') && changed.get('cameraId') !== undefined) void this.loadHistory();
    if (['reportUrl', 'reportTable', 'cameraId'].some((k) => changed.has(k) && changed.get(k) !== undefined))
      void this.reporter.restart();
    if ((changed.has('source') || changed.has('interval')) && this.ready) this.startLoop();
    this.camera.video.hidden = this.showing !== 'live';
    const chart = this.kiosk ? null : this.renderRoot.querySelector<HTMLElement>('.chart');
    this.chart.update(chart, this.history.buckets(this.unit), this.unit, () => chartColours(this));
  }

  private renderStage() {
    const live = this.showing === 'live' && this.source === 'camera';
    return views.stageView({
      video: this.camera.video,
      showing: this.showing,
      label: this.last ? `Analysed frame: ${this.announcement}` : 'No frame analysed yet',
      prompt: live
        ? cameraPrompt(this.camera, 'Start the camera to check masks and other equipment live.')
        : nothing,
      banner: this.kiosk ? views.kioskBanner(this.camera, this.banner, this.progress !== null) : null,
      dropping: this.dropping,
      setDropping: (on) => (this.dropping = on),
      drop: (files) => void this.onFiles(files),
    });
  }

  override render() {
    if (this.kiosk) return html`<div class="layout kiosk">${this.renderStage()}</div>`;
    const live = this.source === 'camera';
    return html`<div class="layout">
      ${this.renderStage()}
      ${this.progress !== null ? html`<progress part="progress" max="1" .value=${this.progress} aria-label="Loading the PPE models"></progress>` : nothing}
      ${views.summaryBar(this.last?.metrics, this.last?.required ?? [])}
      <span class="visually-hidden" role="status">${this.announcement}</span>
      <div part="status">${this.status}</div>
      ${this.renderError()}
      ${views.controlsBar({
        pause: live
          ? { paused: this.paused, disabled: !this.camera.live && !this.paused, toggle: () => this.resume() }
          : null,
        pick: (files) => void this.onFiles(files),
        snapshot: this.last ? () => this.snapshot() : null,
        download: this.recorded ? (kind) => void downloadRecords(this.history, this.cameraId, kind) : null,
      })}
      ${views.historyDashboard(this.cameraId, this.recorded, this.history.buckets(this.unit), this.unit, (unit) => (this.unit = unit))}
      ${reportLine(this.reporter)}
      ${teachPanel(this.teachType, this.taughtCounts, {
        choose: (type) => (this.teachType = type),
        teach: (covered) => void this.teach(this.teachType, covered).catch(() => undefined),
        forget: () => void this.forgetTaught(this.teachType),
      })}
      ${this.renderBackend()}
    </div>`;
  }
}
