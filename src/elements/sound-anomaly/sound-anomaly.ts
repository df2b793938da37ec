import { LitElement, html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { BackendInfo } from '../../core/backend/backend-choice.js';
import { resolveBackendRequest } from '../../page/backend-request.js';
import { saveFile } from '../../page/save-file.js';
import { InferenceClient } from '../../page/worker-client.js';
import { RuntimeRecoveryController } from '../base/runtime-recovery-controller.js';
import { MicrophoneController } from '../base/microphone-controller.js';
import { AUDIO_FILE, audioSource } from '../../page/media/audio-source.js';
import { type DetectionMetrics, detectionMetrics, rocCurve } from '../../core/audio/detection-metrics.js';
import {
  DEFAULT_SOUND_SETTINGS,
  type SoundClipInfo,
  type SoundSettings,
  type SoundTrainProgress,
  type TrainedSoundModel,
} from '../../services/sound/sound-analyzer.js';
import type { SoundMode } from '../../core/audio/sound-model.js';
import {
  drawSpectrogram,
  histogramPlot,
  lossPlot,
  rocPlot,
  scoreTrace,
  waveformPlot,
} from './sound-plots.js';
import { SoundStore, modelFromFile, modelToFile } from './sound-store.js';
import { styles } from './sound-anomaly.styles.js';

export type ClipLabel = 'normal' | 'abnormal' | 'unlabelled';

export interface AnomalyScoreDetail {
  score: number;
  threshold: number;
  isAnomaly: boolean;
  /** The clip's file name, or 'microphone' for the live window. */
  clip: string;
}

export interface SoundEvaluationResult {
  metrics: DetectionMetrics;
  normal: number[];
  abnormal: number[];
}

interface ClipRow extends SoundClipInfo {
  label: ClipLabel;
  score?: number;
}

declare global {
  interface HTMLElementTagNameMap {
    'sound-anomaly': SoundAnomaly;
  }
  interface HTMLElementEventMap {
    'anomaly-score': CustomEvent<AnomalyScoreDetail>;
    'training-progress': CustomEvent<SoundTrainProgress>;
  }
}

/** A file, or bytes with a name. */
export type SoundClipInput = Blob | { name: string; data: ArrayBuffer };
const store = new SoundStore();
const LIVE_INTERVAL_MS = 500;
const LIVE_HISTORY = 120;

const nameOf = (clip: SoundClipInput) =>
  clip instanceof File ? clip.name : clip instanceof Blob ? 'clip' : clip.name;
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * @summary Machine-sound anomaly scoring on the device: log-mel features, an autoencoder trained on normal sounds (or a CNN once anomalies are labelled), scores for files and the live microphone.
 *
 * @fires anomaly-score - For every scored clip and every live microphone window. `detail`: {@link AnomalyScoreDetail}.
 * @fires training-progress - Once per epoch while training. `detail`: {fold, folds, epoch, epochs, loss}; the last fold is the kept model.
 *
 * @csspart controls - File, folder, training, microphone and model buttons (drop files here).
 * @csspart status - What the element is doing.
 * @csspart backend - Which TF.js backend runs, and why.
 * @csspart error - What went wrong (unreadable file, denied microphone…); the rest keeps working.
 * @csspart progress - Training progress.
 * @csspart clips - The table of clips with labels and scores.
 * @csspart plots - The plots' container.
 * @csspart plot - Each SVG plot.
 * @csspart spectrogram - The spectrogram canvas.
 * @csspart verdict - The live (or last) score and verdict.
 *
 * @cssprop --sound-normal - Colour of normal clips in the histogram.
 * @cssprop --sound-abnormal - Colour of abnormal clips and the anomaly verdict.
 * @cssprop --ml-accent - Lines, focus ring and progress colour.
 * @cssprop --ml-error - Error text colour.
 */
@customElement('sound-anomaly')
export class SoundAnomaly extends LitElement {
  static override styles = styles;

  /** `files`: score dropped or chosen files; `microphone`: also score the live microphone every half second. */
  @property() source: 'files' | 'microphone' = 'files';
  /** TF.js backend (`auto`, `webgpu`, `webgl`, `wasm`, `cpu`); `?backend=` in the page URL wins. */
  @property() backend = 'auto';
  /** Decision threshold on the score; unset: the model's own (gamma fit to normal scores, or 0.5 supervised). */
  @property({ type: Number }) threshold: number | undefined = undefined;
  /** Model `train()` fits: `unsupervised` (normal clips only) or `supervised` (needs abnormal clips too). */
  @property() mode: SoundMode = 'unsupervised';
  /** IndexedDB key the trained model is saved under and restored from. */
  @property({ attribute: 'model-key' }) modelKey = 'default';
  /** Feature and model settings over the defaults (log-mel n_fft, hop, bands, frames, pooling; autoencoder layers and epochs; CNN; folds). */
  @property({ attribute: false }) settings: Partial<SoundSettings> = {};

  @state() private clips: ClipRow[] = [];
  @state() private status = 'Add normal clips of the machine, then train.';
  @state() private error = '';
  @state() private backendInfo: BackendInfo | null = null;
  @state() private trained: TrainedSoundModel | null = null;
  @state() private progress: SoundTrainProgress | null = null;
  @state() private evaluation: SoundEvaluationResult | null = null;
  @state() private live: number[] = [];
  @state() private selected: ClipRow | null = null;
  @state() private newLabel: ClipLabel = 'normal';

  @query('canvas') private canvas?: HTMLCanvasElement;

  private readonly microphone = new MicrophoneController(this);
  private liveTimer: ReturnType<typeof setInterval> | null = null;
  private liveBusy = false;

  /** The threshold in use: the attribute's, else the model's. */
  get activeThreshold(): number {
    return Number.isFinite(this.threshold) ? this.threshold! : (this.trained?.threshold ?? NaN);
  }

  get model(): TrainedSoundModel | null {
    return this.trained;
  }

  private get client(): InferenceClient {
    return InferenceClient.for(resolveBackendRequest(this.backend));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.prepare();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopLive();
  }

  /**
   * The worker was replaced (its GPU device was lost). The saved model comes
   * back from IndexedDB and the microphone reconnects; the clips' features
   * were only in the old worker, so the list is emptied and says why.
   */
  protected readonly recovery = new RuntimeRecoveryController(
    this,
    () => resolveBackendRequest(this.backend),
    (reason) => {
      const dropped = this.clips.length;
      this.clips = [];
      this.selected = null;
      void this.prepare().then(() => {
        if (dropped)
          this.status = `${reason}: add the ${dropped} clip${dropped === 1 ? '' : 's'} again. ${this.status}`;
        return this.syncSource();
      });
    },
  );

  protected override updated(changed: Map<string, unknown>): void {
    if (changed.has('source')) void this.syncSource();
    if (changed.has('selected') && this.selected && this.canvas)
      drawSpectrogram(this.canvas, this.selected.spectrogram);
  }

  private async prepare(): Promise<void> {
    try {
      this.backendInfo = await this.client.ready;
      const saved = await store.load(this.modelKey).catch(() => undefined);
      if (saved) {
        this.trained = await this.client.importSoundModel(saved);
        this.status = `Restored the ${this.trained.mode} model trained on ${this.trained.normalClips} normal clips.`;
      }
    } catch (error) {
      this.error = `The sound model could not be prepared: ${message(error)}`;
    }
  }

  /** Adds files (any audio the browser decodes; WAV read exactly) with a label. Unreadable files are reported and skipped. */
  async addClips(
    files: Iterable<SoundClipInput>,
    label: ClipLabel = 'normal',
  ): Promise<{ added: SoundClipInfo[]; rejected: { file: string; error: string }[] }> {
    const added: ClipRow[] = [];
    const rejected: { file: string; error: string }[] = [];
    for (const file of files) {
      try {
        added.push({ ...(await this.addOne(file)), label });
      } catch (error) {
        rejected.push({ file: nameOf(file), error: message(error) });
      }
    }
    const ids = new Set(added.map((c) => c.id));
    this.clips = [...this.clips.filter((c) => !ids.has(c.id)), ...added];
    this.selected = added.at(-1) ?? this.selected;
    this.error = rejected.map((r) => r.error).join('\n');
    this.status = `${added.length} clip${added.length === 1 ? '' : 's'} added as ${label}${rejected.length ? `, ${rejected.length} could not be read` : ''}.`;
    return { added, rejected };
  }

  private async addOne(clip: SoundClipInput): Promise<SoundClipInfo> {
    const name = nameOf(clip);
    const bytes = clip instanceof Blob ? await clip.arrayBuffer() : clip.data.slice(0);
    return this.client.addSoundClip(await audioSource(bytes, name), name, this.soundSettings().features);
  }

  /** Labels a clip (the operator confirms or rejects a flagged clip). */
  setLabel(id: string, label: ClipLabel): void {
    this.clips = this.clips.map((c) => (c.id === id ? { ...c, label } : c));
  }

  private soundSettings(): SoundSettings {
    return { ...DEFAULT_SOUND_SETTINGS, ...this.settings, mode: this.mode };
  }

  /**
   * Trains on the clips labelled normal (and abnormal, supervised); `clips`
   * given here are added as normal first. The model is kept, saved in
   * IndexedDB and used for every later score.
   */
  async train(clips: SoundClipInput[] = []): Promise<TrainedSoundModel> {
    try {
      if (clips.length) await this.addClips(clips, 'normal');
      const normal = this.clips.filter((c) => c.label === 'normal').map((c) => c.id);
      const abnormal =
        this.mode === 'supervised' ? this.clips.filter((c) => c.label === 'abnormal').map((c) => c.id) : [];
      if (!normal.length)
        throw new Error('Training needs normal clips: add recordings of the machine running normally.');
      if (this.mode === 'supervised' && !abnormal.length)
        throw new Error('Supervised training needs clips labelled abnormal.');
      this.status = `Training the ${this.mode} model on ${normal.length} normal${abnormal.length ? ` and ${abnormal.length} abnormal` : ''} clips…`;
      this.error = '';
      const trained = await this.client.trainSound(normal, abnormal, this.soundSettings(), (p) => {
        this.progress = p;
        this.dispatchEvent(
          new CustomEvent('training-progress', { detail: p, bubbles: true, composed: true }),
        );
      });
      this.trained = trained;
      // Training normals carry their out-of-fold scores; the others are scored by the kept model.
      const held = new Map(normal.map((id, i) => [id, trained.calibration[i]!]));
      const rest = this.clips.filter((c) => !held.has(c.id)).map((c) => c.id);
      const scored = await this.client.scoreSoundClips(rest);
      const scores = new Map(rest.map((id, i) => [id, scored[i]!]));
      this.clips = this.clips.map((c) => ({ ...c, score: held.get(c.id) ?? scores.get(c.id) }));
      await store.save(this.modelKey, await this.client.exportSoundModel()).catch(() => undefined);
      this.status = `Trained (${trained.mode}); threshold ${trained.threshold.toPrecision(4)}.`;
      return trained;
    } catch (error) {
      this.error = message(error);
      this.status = 'Training stopped.';
      throw error;
    } finally {
      this.progress = null;
    }
  }

  async cancelTraining(): Promise<void> {
    await this.client.cancelSoundTraining();
  }

  /** Scores one clip (added if new) with the kept model; fires `anomaly-score`. */
  async score(clip: SoundClipInput): Promise<AnomalyScoreDetail> {
    try {
      const info = await this.addOne(clip);
      const [score] = await this.client.scoreSoundClips([info.id]);
      const row: ClipRow = {
        ...info,
        label: this.clips.find((c) => c.id === info.id)?.label ?? 'unlabelled',
        score,
      };
      this.clips = [...this.clips.filter((c) => c.id !== info.id), row];
      this.selected = row;
      this.error = '';
      return this.emitScore(score!, info.name);
    } catch (error) {
      this.error = message(error);
      throw error;
    }
  }

  /** Scores labelled test clips with the kept model: metrics at the active threshold, histogram and ROC. The clips are not trained on. */
  async evaluate(normal: SoundClipInput[], abnormal: SoundClipInput[]): Promise<SoundEvaluationResult> {
    // Test clips join the table unlabelled (or keep the label they had), so a later train() does not learn from them.
    const known = new Map(this.clips.map((c) => [c.id, c.label]));
    const scoreAll = async (clips: SoundClipInput[]) => {
      const { added } = await this.addClips(clips, 'unlabelled');
      this.clips = this.clips.map((c) => ({ ...c, label: known.get(c.id) ?? c.label }));
      return this.client.scoreSoundClips(added.map((c) => c.id));
    };
    const n = await scoreAll(normal);
    const a = await scoreAll(abnormal);
    const result = { metrics: detectionMetrics(n, a, this.activeThreshold), normal: n, abnormal: a };
    this.evaluation = result;
    this.status = `Evaluated on ${n.length} normal and ${a.length} abnormal clips: AUC ${result.metrics.auc.toFixed(3)}.`;
    return result;
  }

  /** The trained model as a file (settings, threshold and weights). */
  async exportModel(): Promise<Blob> {
    return modelToFile(await this.client.exportSoundModel());
  }

  async importModel(file: Blob): Promise<TrainedSoundModel> {
    try {
      const saved = await modelFromFile(file);
      this.trained = await this.client.importSoundModel(saved);
      await store.save(this.modelKey, saved).catch(() => undefined);
      this.status = `Loaded a ${this.trained.mode} model.`;
      this.error = '';
      return this.trained;
    } catch (error) {
      this.error = message(error);
      throw error;
    }
  }

  private emitScore(score: number, clip: string): AnomalyScoreDetail {
    const threshold = this.activeThreshold;
    const detail: AnomalyScoreDetail = { score, threshold, isAnomaly: score > threshold, clip };
    this.dispatchEvent(new CustomEvent('anomaly-score', { detail, bubbles: true, composed: true }));
    return detail;
  }

  private async syncSource(): Promise<void> {
    if (this.source !== 'microphone') {
      this.stopLive();
      return;
    }
    const port = await this.microphone.start();
    if (!port) {
      this.error = this.microphone.message;
      return;
    }
    await this.client.attachAudio(port);
    if (this.liveTimer) clearInterval(this.liveTimer);
    this.liveTimer = setInterval(() => void this.scoreLive(), LIVE_INTERVAL_MS);
  }

  private stopLive(): void {
    if (this.liveTimer) clearInterval(this.liveTimer);
    this.liveTimer = null;
    void this.microphone.stop();
  }

  private async scoreLive(): Promise<void> {
    if (this.liveBusy || !this.trained || this.progress) return;
    this.liveBusy = true;
    try {
      const live = await this.client.scoreMicrophone();
      if (!live) return;
      this.live = [...this.live, live.score].slice(-LIVE_HISTORY);
      if (this.canvas) drawSpectrogram(this.canvas, live.spectrogram);
      this.emitScore(live.score, 'microphone');
    } catch (error) {
      this.error = message(error);
    } finally {
      this.liveBusy = false;
    }
  }

  private async onFiles(files: Iterable<File>): Promise<void> {
    await this.addClips(
      [...files].filter((f) => AUDIO_FILE.test(f.name) || f.type.startsWith('audio/')),
      this.newLabel,
    );
  }

  private onDrop(event: DragEvent): void {
    event.preventDefault();
    void this.onFiles(event.dataTransfer?.files ?? []);
  }

  private async onImport(files: FileList | null): Promise<void> {
    if (files?.[0]) await this.importModel(files[0]).catch(() => undefined);
  }

  private async download(): Promise<void> {
    saveFile(await this.exportModel(), `sound-model-${this.modelKey}.json`);
  }

  /** Normal and abnormal scores the histogram shows: the last evaluation, else the labelled clips. */
  private histogramScores(): { normal: number[]; abnormal: number[] } {
    if (this.evaluation) return this.evaluation;
    const scored = this.clips.filter((c) => Number.isFinite(c.score));
    return {
      normal: scored.filter((c) => c.label === 'normal').map((c) => c.score!),
      abnormal: scored.filter((c) => c.label === 'abnormal').map((c) => c.score!),
    };
  }

  private renderControls() {
    const training = this.progress !== null;
    return html`<div part="controls" class="controls" @dragover=${(e: DragEvent) => e.preventDefault()} @drop=${this.onDrop}>
      <label>New clips are
        <select @change=${(e: Event) => (this.newLabel = (e.target as HTMLSelectElement).value as ClipLabel)}>
          ${(['normal', 'abnormal', 'unlabelled'] as const).map((l) => html`<option value=${l} ?selected=${l === this.newLabel}>${l}</option>`)}
        </select>
      </label>
      <label>Add files <input type="file" accept="audio/*,.wav" multiple @change=${(e: Event) => void this.onFiles((e.target as HTMLInputElement).files ?? [])} /></label>
      <label>Add a folder <input type="file" webkitdirectory multiple @change=${(e: Event) => void this.onFiles((e.target as HTMLInputElement).files ?? [])} /></label>
      <label>Model
        <select @change=${(e: Event) => (this.mode = (e.target as HTMLSelectElement).value as SoundMode)}>
          <option value="unsupervised" ?selected=${this.mode === 'unsupervised'}>autoencoder (normal clips)</option>
          <option value="supervised" ?selected=${this.mode === 'supervised'}>CNN (normal + abnormal)</option>
        </select>
      </label>
      <button @click=${() => void this.train().catch(() => undefined)} ?disabled=${training}>Train</button>
      <button @click=${() => void this.cancelTraining()} ?disabled=${!training}>Cancel training</button>
      <button @click=${() => (this.source = this.source === 'microphone' ? 'files' : 'microphone')} aria-pressed=${this.source === 'microphone'}>${this.source === 'microphone' ? 'Stop microphone' : 'Listen to the microphone'}</button>
      <button @click=${() => void this.download()} ?disabled=${!this.trained}>Export model</button>
      <label>Import model <input type="file" accept="application/json,.json" @change=${(e: Event) => void this.onImport((e.target as HTMLInputElement).files)} /></label>
    </div>`;
  }

  private renderClips() {
    if (!this.clips.length)
      return html`<p part="clips">No clips yet: drop WAV files (or any audio) here.</p>`;
    const threshold = this.activeThreshold;
    return html`<table part="clips">
      <caption class="visually-hidden">Clips, labels and anomaly scores</caption>
      <thead><tr><th scope="col">Clip</th><th scope="col">Seconds</th><th scope="col">Label</th><th scope="col">Score</th><th scope="col">Verdict</th></tr></thead>
      <tbody>
        ${this.clips.map((c) => {
          const flagged = Number.isFinite(c.score) && c.score! > threshold;
          return html`<tr class=${flagged ? 'flagged' : ''}>
            <td><button class="link" @click=${() => (this.selected = c)} aria-label="Show ${c.name}">${c.name}</button></td>
            <td>${c.seconds.toFixed(1)}</td>
            <td><select aria-label="Label of ${c.name}" @change=${(e: Event) => this.setLabel(c.id, (e.target as HTMLSelectElement).value as ClipLabel)}>
              ${(['normal', 'abnormal', 'unlabelled'] as const).map((l) => html`<option value=${l} ?selected=${l === c.label}>${l}</option>`)}
            </select></td>
            <td>${Number.isFinite(c.score) ? c.score!.toPrecision(4) : '–'}</td>
            <td>${Number.isFinite(c.score) ? (flagged ? 'anomaly' : 'normal') : ''}</td>
          </tr>`;
        })}
      </tbody>
    </table>`;
  }

  private renderThreshold(normal: number[], abnormal: number[]) {
    const all = [...normal, ...abnormal];
    if (!all.length || !Number.isFinite(this.activeThreshold)) return nothing;
    const { fp, fn } = detectionMetrics(normal, abnormal, this.activeThreshold).confusion;
    const [lo, hi] = [Math.min(...all, this.activeThreshold), Math.max(...all, this.activeThreshold)];
    return html`<label class="threshold-control">Threshold
      <input type="range" min=${lo} max=${hi} step=${(hi - lo) / 200 || 0.001} .value=${String(this.activeThreshold)} @input=${(e: Event) => (this.threshold = Number((e.target as HTMLInputElement).value))} />
      <output>${this.activeThreshold.toPrecision(4)}: ${fp} false positive${fp === 1 ? '' : 's'}, ${fn} false negative${fn === 1 ? '' : 's'}</output>
    </label>`;
  }

  private renderPlots() {
    const { normal, abnormal } = this.histogramScores();
    const threshold = this.activeThreshold;
    const evaluated = normal.length > 0 && abnormal.length > 0;
    const metrics = evaluated ? detectionMetrics(normal, abnormal, threshold) : null;
    return html`<div part="plots" class="plots">
      <figure><figcaption>${this.source === 'microphone' ? 'Microphone (live)' : (this.selected?.name ?? 'Spectrogram')}</figcaption><canvas part="spectrogram" role="img" aria-label="Log-mel spectrogram"></canvas></figure>
      ${this.selected ? html`<figure><figcaption>Waveform</figcaption>${waveformPlot(this.selected.waveform, this.selected.seconds)}</figure>` : nothing}
      ${this.live.length ? html`<figure><figcaption>Live score</figcaption>${scoreTrace(this.live, threshold)}</figure>` : nothing}
      ${this.trained?.losses.length ? html`<figure><figcaption>Training loss</figcaption>${lossPlot(this.trained.losses)}</figure>` : nothing}
      ${(normal.length || abnormal.length) && Number.isFinite(threshold) ? html`<figure><figcaption>Scores: normal vs abnormal</figcaption>${histogramPlot(normal, abnormal, threshold)}${this.renderThreshold(normal, abnormal)}</figure>` : nothing}
      ${metrics ? html`<figure><figcaption>ROC · precision ${metrics.precision.toFixed(2)}, recall ${metrics.recall.toFixed(2)}, F1 ${metrics.f1.toFixed(2)}</figcaption>${rocPlot(rocCurve(normal, abnormal), metrics.auc)}</figure>` : nothing}
    </div>`;
  }

  override render() {
    const last = this.live.at(-1);
    const p = this.progress;
    return html`<div class="layout">
      ${this.renderControls()}
      ${p ? html`<progress part="progress" max=${p.folds * p.epochs} .value=${(p.fold - 1) * p.epochs + p.epoch} aria-label="Training progress"></progress><span>model ${p.fold}/${p.folds}, epoch ${p.epoch}/${p.epochs}, loss ${p.loss.toFixed(4)}</span>` : nothing}
      <div part="status" role="status">${this.status}</div>
      ${this.error ? html`<div part="error" role="alert">${this.error}</div>` : nothing}
      <div part="backend">${this.backendInfo ? `Backend: ${this.backendInfo.backend} (${this.backendInfo.reason})` : 'Choosing a backend…'}</div>
      ${last !== undefined ? html`<div part="verdict" class=${last > this.activeThreshold ? 'anomaly' : 'normal'} aria-live="polite">Microphone: ${last > this.activeThreshold ? 'anomaly' : 'normal'} (score ${last.toPrecision(3)})</div>` : nothing}
      ${this.renderPlots()}
      ${this.renderClips()}
    </div>`;
  }
}
