import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { type GazeFrameSet, MAX_PORTRAIT_SIDE } from '../../contracts/gaze.js';
import { FaceDetectorPool } from '../../page/face-detector-pool.js';
import { CameraController } from '../base/camera-controller.js';
import { cameraPrompt } from '../base/camera-prompt.js';
import { MlElement } from '../base/ml-element.js';
import { messageOf } from '../../shared/errors.js';
import { DEFAULT_MAPPING } from '../../core/gaze/gaze-mapping.js';
import { GazeTracker, type GazeMode, type GazeState } from '../../core/gaze/gaze-tracker.js';
import { describeGaze, portraitLabel } from './gaze-description.js';
import { arrowStep, caption, drawPortrait, letterboxOf } from './gaze-views.js';
import { TrackingLoop } from './gaze-tracking-loop.js';
import { defaultPortrait, plainPortrait, preRenderedFrames, synthesizedFrames } from './portrait-source.js';
import { styles } from './gaze-portrait.styles.js';

import type { GazeChangeDetail, PortraitReadyDetail } from './gaze-events.js';

export type { GazeChangeDetail, PortraitReadyDetail };

declare global {
  interface HTMLElementTagNameMap {
    'gaze-portrait': GazePortrait;
  }
  interface HTMLElementEventMap {
    'ml-gaze-change': CustomEvent<GazeChangeDetail>;
    'ml-portrait-ready': CustomEvent<PortraitReadyDetail>;
  }
}

const MODELS = ['blazeface', 'facemesh', 'iris'];

/**
 * @summary A portrait whose head and eyes follow the viewer: the webcam feeds BlazeFace in a worker, the eye midpoint picks a gaze frame.
 *
 * @fires ml-gaze-change - When the shown gaze frame changes. `detail`: {@link GazeChangeDetail}.
 * @fires ml-portrait-ready - When the gaze frames are ready. `detail`: {@link PortraitReadyDetail}.
 *
 * @csspart portrait - The canvas showing the portrait.
 * @csspart status - The status line (what the portrait is doing).
 * @csspart notice - Why the head does not turn in this portrait (only the eyes move then).
 * @csspart backend - Which TF.js backend runs, and why.
 * @csspart error - An error message (camera denied, portrait without a face…).
 * @csspart progress - Model loading / frame rendering progress bar.
 * @csspart controls - The row of buttons.
 *
 * @cssprop --gaze-portrait-max-height - Largest height of the portrait (default 80vh).
 * @cssprop --gaze-portrait-background - Colour behind the portrait until its own rim colour is known.
 * @cssprop --gaze-portrait-radius - Corner radius of the portrait.
 * @cssprop --ml-accent - Focus ring and progress colour.
 * @cssprop --ml-error - Error text colour.
 */
@customElement('gaze-portrait')
export class GazePortrait extends MlElement<'gaze'> {
  static override styles = styles;

  protected readonly capability = 'gaze';

  /** Portrait image URL; empty: the default portrait, the Mona Lisa (shipped). */
  @property() src = '';
  /** URL of a pre-rendered frame set manifest (JSON); empty: frames are synthesised from `src`. */
  @property() frames = '';
  /** Set when the camera image is already mirrored. */
  @property({ type: Boolean }) mirror = false;
  /** Horizontal gaze steps synthesised (at least 33 recommended). */
  @property({ type: Number }) columns = 33;
  /** Vertical gaze steps synthesised (1: horizontal only). */
  @property({ type: Number }) rows = 1;
  /**
   * Degrees the whole head turns toward the viewer at the outer frames (synthesised frames; the eyes lead,
   * the head follows). 0 moves only the eyes.
   */
  @property({ type: Number, attribute: 'head-turn' }) headTurn = 12;
  /** Slope j of the 2-D sigmoid blend of a pre-rendered set (overrides the manifest). */
  @property({ type: Number, attribute: 'alpha-slope' }) alphaSlope: number | undefined;
  /** Inflection k of the blend, as a distance from the midpoint. */
  @property({ type: Number, attribute: 'alpha-inflection' }) alphaInflection: number | undefined;
  /** Midpoint m of the blend. */
  @property({ type: Number, attribute: 'alpha-midpoint' }) alphaMidpoint: number | undefined;
  /** While nobody is in view, let the eyes wander slowly instead of resting at centre. */
  @property({ type: Boolean, attribute: 'idle-wander' }) idleWander = false;
  /** Start the camera without a click (a kiosk whose browser grants the camera by policy). */
  @property({ type: Boolean }) autostart = false;
  /** Kiosk view: the portrait alone, filling the element, letterboxed on a colour taken from the painting. */
  @property({ type: Boolean, reflect: true }) kiosk = false;
  /** Whether the camera drives the eyes; false: arrow keys or `frameIndex` do. */
  @property({ type: Boolean, attribute: false }) tracking = true;

  @state() private frameSet: GazeFrameSet | null = null;
  @state() private shown = 0;
  protected override status = 'Preparing the portrait…';
  @state() private announcement = '';
  @state() private progress: number | null = 0;
  /** Why the head does not turn in this portrait (shown under it). */
  @state() private notice = '';
  @state() private dropping = false;
  @state() private portraitTitle = 'Portrait';

  @query('canvas') private canvas!: HTMLCanvasElement;

  private readonly camera = new CameraController(this, {
    width: 640,
    height: 480,
    autostart: () => this.autostart,
  });
  private tracker = new GazeTracker();
  private lastMode: GazeMode | null = null;
  /** False until the first frame is drawn (the first ml-gaze-change is always sent). */
  private hasShown = false;
  private lastCameraProblem = '';
  private ownPortrait: Blob | null = null;
  private loadGeneration = 0;
  private readonly loop = new TrackingLoop({
    camera: this.camera,
    detectors: () => FaceDetectorPool.for(this.backendRequest),
    tracker: () => this.tracker,
    onState: (s) => this.onGaze(s),
    onError: (m) => (this.error = m),
    shown: () => this.visibility.shown,
  });

  /** The frame shown (row-major). Settable while `tracking` is false. */
  get frameIndex(): number {
    return this.shown;
  }

  set frameIndex(index: number) {
    const count = this.frameSet?.frames.length ?? this.columns * this.rows;
    this.show(Math.max(0, Math.min(count - 1, Math.round(index))));
  }

  /** Frames this element's camera loop has run through the detector. */
  get detections(): number {
    return this.loop.detections;
  }
  /** Of those, the frames searched whole (the others: a crop around the face followed). */
  get fullSearches(): number {
    return this.loop.fullSearches;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.prepare();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.loop.stop();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A new `src` from the page replaces a portrait the visitor chose.
    if (this.hasUpdated && changed.has('src')) this.ownPortrait = null;
    if (changed.has('mirror') || changed.has('columns') || changed.has('rows') || changed.has('idleWander'))
      this.tracker = this.newTracker();
  }

  protected override updated(changed: PropertyValues): void {
    const reload = ['src', 'frames', 'columns', 'rows', 'headTurn', 'backend'] as const;
    const alpha = ['alphaSlope', 'alphaInflection', 'alphaMidpoint'] as const;
    if (
      this.hasUpdated &&
      [...reload, ...alpha].some((key) => changed.has(key) && changed.get(key) !== undefined)
    )
      void this.loadFrames();
    if (changed.has('tracking')) this.applyTracking();
    if (changed.has('frameSet')) this.drawAll();
  }

  private newTracker(): GazeTracker {
    const grid = this.frameSet?.grid ?? { columns: Math.max(2, this.columns), rows: Math.max(1, this.rows) };
    return new GazeTracker({
      grid,
      mapping: { ...DEFAULT_MAPPING, mirror: this.mirror },
      idleWander: this.idleWander,
    });
  }

  private async prepare(): Promise<void> {
    void this.showPlainPortrait();
    if (!(await this.startModels())) return;
    await this.loadFrames();
    this.applyTracking();
  }

  /** The painting at rest until its frames are ready. */
  private async showPlainPortrait(): Promise<void> {
    const bitmap = await plainPortrait(this.ownPortrait ?? (this.src || null), this.frames);
    if (bitmap && !this.frameSet && this.canvas) {
      drawPortrait(this.canvas, bitmap, MAX_PORTRAIT_SIDE);
      this.setLetterbox();
    }
    bitmap?.close();
  }

  /** The worker's backend and face models; false (with the error shown) when they cannot load. */
  private async startModels(): Promise<boolean> {
    try {
      await this.startRuntime();
      await this.loadModels(MODELS, (done) => (this.progress = done));
      return true;
    } catch (error) {
      this.fail(error, 'The face models could not be loaded');
      return false;
    }
  }

  /** The frames stay, the models load into the new worker, tracking resumes. */
  protected override runtimeReplaced(): void {
    this.loop.stop();
    void this.startModels().then((ok) => ok && this.applyTracking());
  }

  private async loadFrames(): Promise<void> {
    const generation = ++this.loadGeneration;
    this.progress = null;
    this.notice = '';
    this.status = this.frames
      ? 'Blending the gaze frames into the painting…'
      : `Finding the face and making ${this.columns * this.rows} gaze frames…`;
    try {
      const set = await this.buildFrames();
      if (generation !== this.loadGeneration) return set.frames.forEach((f) => f.close());
      this.frameSet?.frames.forEach((f) => f.close());
      this.frameSet = set;
      this.tracker = this.newTracker();
      this.error = '';
      this.status = 'The portrait is ready.';
      this.notice = set.notice ?? '';
      const { source, width, height, notice, cached } = set;
      this.emit('ml-portrait-ready', { source, frames: set.frames.length, width, height, notice, cached });
    } catch (error) {
      if (generation === this.loadGeneration) this.fail(error, 'The portrait could not be prepared');
    } finally {
      if (generation === this.loadGeneration) this.progress = 1;
    }
  }

  private async buildFrames(): Promise<GazeFrameSet> {
    const fallback = this.src || this.ownPortrait ? null : await defaultPortrait();
    this.portraitTitle = this.ownPortrait ? 'Your portrait' : fallback ? fallback.title : 'Portrait';
    const portrait = this.ownPortrait ?? (this.src || fallback!.url);
    if (this.frames && typeof portrait === 'string')
      return preRenderedFrames(this.service, this.frames, portrait, {
        j: this.alphaSlope,
        k: this.alphaInflection,
        m: this.alphaMidpoint,
      });
    const grid = { columns: Math.max(2, this.columns), rows: Math.max(1, this.rows) };
    return synthesizedFrames(this.service, portrait, grid, { headTurn: Math.max(0, this.headTurn) }, (p) => {
      this.progress = p.done / p.total;
    });
  }

  private fail(error: unknown, what: string): void {
    this.error = `${what}: ${messageOf(error)}.`.replace(/\.\.$/, '.');
    this.status = this.frameSet
      ? 'Showing the previous portrait.'
      : 'The portrait is shown without moving eyes.';
  }

  /** Back on screen: the camera starts again at once (the loop stops it while the portrait is not shown). */
  protected override shownChanged(shown: boolean): void {
    if (shown && this.tracking) this.applyTracking();
  }

  private applyTracking(): void {
    if (!this.frameSet && !this.error) return;
    if (this.tracking) {
      if (this.camera.state === 'idle' && this.visibility.shown) void this.camera.start();
      this.loop.start();
    } else {
      this.loop.stop();
      this.camera.stop();
      this.status = 'Tracking is paused: use the arrow keys to move the eyes.';
    }
  }

  private onGaze(state: GazeState): void {
    if (!this.frameSet || !this.tracking) return;
    const words = this.camera.live
      ? describeGaze(state.mode, state.faces, state.u, state.v, this.frameSet.grid.rows)
      : 'The camera is off: the eyes look straight ahead.';
    if (state.mode !== this.lastMode) [this.lastMode, this.announcement] = [state.mode, words];
    this.status = words;
    if (state.frame === this.shown && this.hasShown) return;
    this.show(state.frame, state);
  }

  private show(frame: number, state?: GazeState): void {
    this.shown = frame;
    this.hasShown = true;
    this.drawFrame();
    const viewer = state?.viewer ?? null;
    const detail: GazeChangeDetail = {
      frame,
      x: viewer?.x ?? null,
      y: viewer?.y ?? null,
      faces: state?.faces ?? 0,
      backend: this.backendInfo?.backend ?? '',
      mode: state?.mode ?? 'idle',
    };
    this.emit('ml-gaze-change', detail);
  }

  /** A gaze change is one blit of a cached bitmap: the frames were rendered in the worker. */
  private drawFrame(): void {
    const set = this.frameSet;
    const bitmap = set?.frames[this.shown];
    const ctx = this.canvas?.getContext('2d');
    if (set && bitmap && ctx) ctx.drawImage(bitmap, set.rect.x, set.rect.y);
  }

  private drawAll(): void {
    if (!this.frameSet || !this.canvas) return;
    drawPortrait(this.canvas, this.frameSet.base, MAX_PORTRAIT_SIDE);
    this.drawFrame();
    this.setLetterbox();
  }

  /** Through CSSOM (a strict CSP refuses style attributes); a host's own --gaze-portrait-letterbox still wins. */
  private setLetterbox(): void {
    this.style.setProperty('--gaze-portrait-painting-edge', letterboxOf(this.canvas));
  }

  private onKey(event: KeyboardEvent): void {
    const set = this.frameSet;
    if (!set || this.tracking) return;
    const step = arrowStep(event.key, set.grid.columns);
    if (step === null) return;
    event.preventDefault();
    this.frameIndex = this.shown + step;
  }

  private usePortrait(file: File | undefined): void {
    if (!file) return;
    this.ownPortrait = file;
    this.frames = '';
    void this.loadFrames();
  }

  private onDrop(event: DragEvent): void {
    event.preventDefault();
    this.dropping = false;
    this.usePortrait(event.dataTransfer?.files[0]);
  }

  /** The camera's last problem, kept through automatic restarts so the message does not flicker. */
  private cameraProblem(): string {
    const { state, message } = this.camera;
    if (['denied', 'unavailable', 'ended', 'error'].includes(state)) this.lastCameraProblem = message;
    else if (state === 'live' || state === 'idle') this.lastCameraProblem = '';
    return this.lastCameraProblem;
  }

  override render() {
    const set = this.frameSet;
    const label = portraitLabel(this.portraitTitle, set && { grid: set.grid, shown: this.shown });
    const purpose = 'Start the camera and the portrait turns to follow you.';
    return html`
      <figure>
        <div
          class="stage ${this.dropping ? 'drop-target' : ''}"
          tabindex="0"
          aria-describedby="status"
          @keydown=${this.onKey}
          @dragover=${(e: DragEvent) => (e.preventDefault(), (this.dropping = true))}
          @dragleave=${() => (this.dropping = false)}
          @drop=${this.onDrop}
        >
          <canvas part="portrait" width="0" height="0" role="img" aria-label=${label}></canvas>
          ${this.tracking && this.frameSet ? cameraPrompt(this.camera, purpose) : nothing}
        </div>
        <p class="visually-hidden" role="status" aria-live="polite">${this.announcement}</p>
        ${this.kiosk ? nothing : this.renderCaption()}
      </figure>
    `;
  }

  private renderCaption() {
    return caption({
      progress: this.progress,
      notice: this.notice,
      status: this.status,
      error: this.error,
      cameraProblem: this.cameraProblem(),
      backend: this.renderBackend(),
      tracking: this.tracking,
      toggleTracking: () => (this.tracking = !this.tracking),
      usePortrait: (file) => this.usePortrait(file),
    });
  }
}
