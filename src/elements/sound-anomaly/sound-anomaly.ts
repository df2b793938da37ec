import { html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { detectionMetrics } from '../../core/audio/detection-metrics.js';
import {
  DEFAULT_SOUND_SETTINGS,
  type SoundClipInfo,
  type SoundMode,
  type SupervisedMethod,
  type UnsupervisedMethod,
  type SoundSettings,
  type SoundTrainProgress,
  type TrainedSoundModel,
} from '../../contracts/sound.js';
import { saveFile } from '../../page/save-file.js';
import { MlElement } from '../base/ml-element.js';
import { type ClipLabel, type ClipRow, clipTable } from './clip-table.js';
import { soundControls, trainingProgress } from './sound-controls.js';
import { LIVE_HISTORY, LiveListening } from './live-listening.js';
import { thresholdAdvice } from './threshold-advice.js';
import { FlaggedMoments } from './flagged-moments.js';
import { mergeRows, saveClip, sendClip, sendClips } from './clip-intake.js';
import { histogramScores, liveVerdict, scorePlots } from './score-plots.js';
import { drawSpectrogram } from './sound-plots.js';
import { modelFromFile, modelToFile, soundStore as store } from './sound-store.js';
import {
  type AnomalyScoreDetail,
  type FlaggedMomentDetail,
  type Rejected,
  type SoundClipInput,
  type SoundEvaluationResult,
  plural,
} from './sound-types.js';
import { styles } from './sound-anomaly.styles.js';

export type { ClipLabel } from './clip-table.js';
export type {
  AnomalyScoreDetail,
  FlaggedMomentDetail,
  SoundClipInput,
  SoundEvaluationResult,
} from './sound-types.js';

declare global {
  interface HTMLElementTagNameMap {
    'sound-anomaly': SoundAnomaly;
  }
  interface HTMLElementEventMap {
    'ml-anomaly-score': CustomEvent<AnomalyScoreDetail>;
    'ml-training-progress': CustomEvent<SoundTrainProgress>;
    'ml-moment-flagged': CustomEvent<FlaggedMomentDetail>;
  }
}

/**
 * @summary Machine-sound anomaly scoring on the device: log-mel features, a model of normal sounds with a threshold that says how far to trust it (or a CNN once anomalies are labelled), scores for files and the live microphone, flagged moments kept for review.
 *
 * @fires ml-anomaly-score - For every scored clip and every live microphone window. `detail`: {@link AnomalyScoreDetail}.
 * @fires ml-moment-flagged - When a flagged stretch of the microphone is kept as a clip for review. `detail`: {@link FlaggedMomentDetail}.
 * @fires ml-training-progress - Once per epoch while training. `detail`: {fold, folds, epoch, epochs, loss}; the last fold is the kept model.
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
export class SoundAnomaly extends MlElement<'sound'> {
  static override styles = styles;

  protected readonly capability = 'sound';

  /**
   * `files`: score dropped or chosen files; `microphone`: also score the live microphone every half second.
   */
  @property() source: 'files' | 'microphone' = 'files';
  /**
   * Decision threshold on the score; unset: the model's own (a prediction bound on normal clips' scores, or
   * 0.5 supervised).
   */
  @property({ type: Number }) threshold: number | undefined = undefined;
  /** Model `train()` fits: `unsupervised` (normal clips only) or `supervised` (needs abnormal clips too). */
  @property() mode: SoundMode = 'unsupervised';
  /**
   * The unsupervised model: `subspace` (default), `gaussian`, `knn` or `autoencoder` (compared in
   * docs/sound-anomaly.md).
   */
  @property() method: UnsupervisedMethod = 'subspace';
  /** The supervised model: `logistic` on clip embeddings (default, milliseconds) or the spectrogram `cnn`. */
  @property() classifier: SupervisedMethod = 'logistic';
  /** IndexedDB key the trained model is saved under and restored from. */
  @property({ attribute: 'model-key' }) modelKey = 'default';
  /**
   * Feature and model settings over the defaults (log-mel n_fft, hop, bands, frames, pooling; autoencoder
   * layers and epochs; CNN; folds).
   */
  @property({ attribute: false }) settings: Partial<SoundSettings> = {};

  protected override status = 'Add normal clips of the machine, then train.';
  @state() private clips: ClipRow[] = [];
  @state() private trained: TrainedSoundModel | null = null;
  @state() private progress: SoundTrainProgress | null = null;
  @state() private evaluation: SoundEvaluationResult | null = null;
  @state() private live: number[] = [];
  @state() private selected: ClipRow | null = null;
  @state() private newLabel: ClipLabel = 'normal';

  @query('canvas') private canvas?: HTMLCanvasElement;

  private readonly listening = new LiveListening(this, {
    attach: (port) => this.service.attachAudio(port),
    score: () => this.service.scoreMicrophone(),
    canScore: () => this.trained !== null && this.progress === null,
    onScore: (live) => {
      this.live = [...this.live, live.score].slice(-LIVE_HISTORY);
      if (this.canvas) drawSpectrogram(this.canvas, live.spectrogram);
      this.emitScore(live.score, 'microphone');
      void this.flagged.consider(live.score, this.activeThreshold);
    },
    onError: (message) => (this.error = message),
  });
  private readonly flagged = new FlaggedMoments({
    keep: (name) => this.service.keepMicrophoneClip(name, this.soundSettings().features),
    pending: () => this.clips.filter((c) => c.review).length,
    onKept: (clip, score) => {
      this.clips = [...this.clips, { ...clip, label: 'unlabelled', score, review: true, kept: true }];
      this.status = `${clip.name}: kept for review. Confirm the fault or reject it in the clip table.`;
      this.emit('ml-moment-flagged', { clip: clip.name, score, threshold: this.activeThreshold });
    },
  });
  private training: AbortController | null = null;

  /** The threshold in use: the attribute's, else the model's. */
  get activeThreshold(): number {
    return Number.isFinite(this.threshold) ? this.threshold! : (this.trained?.threshold ?? NaN);
  }

  get model(): TrainedSoundModel | null {
    return this.trained;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.prepare();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.listening.stop();
  }

  /** The saved model comes back and the microphone reconnects; the clips (their features were only in the
   * old worker) are emptied, saying why. */
  protected override runtimeReplaced(reason: string): void {
    const dropped = this.clips.length;
    this.clips = [];
    this.selected = null;
    void this.prepare().then(() => {
      if (dropped) this.status = `${reason}: add the ${plural(dropped, 'clip')} again. ${this.status}`;
      return this.syncSource();
    });
  }

  protected override updated(changed: Map<string, unknown>): void {
    if (changed.has('source')) void this.syncSource();
    if (changed.has('selected') && this.selected && this.canvas)
      drawSpectrogram(this.canvas, this.selected.spectrogram);
  }

  private async prepare(): Promise<void> {
    try {
      await this.startRuntime();
      const saved = await store.load(this.modelKey).catch(() => undefined);
      if (saved) {
        this.trained = await this.service.importModel(saved);
        this.status = `Restored the ${this.trained.mode} model trained on ${this.trained.normalClips} normal clips.`;
      }
    } catch (error) {
      this.showError(error, 'The sound model could not be prepared');
    }
  }

  /** Adds files (any audio the browser decodes; WAV read exactly) with a label; unreadable ones are reported
   * and skipped, and a trained model scores the others at once. */
  async addClips(
    files: Iterable<SoundClipInput>,
    label: ClipLabel = 'normal',
  ): Promise<{ added: SoundClipInfo[]; rejected: Rejected[] }> {
    const { added, rejected } = await sendClips(files, label, (clip) => this.addOne(clip));
    if (this.trained && added.length) {
      const scores = await this.service.score(added.map((c) => c.id)); // a trained model scores new clips at once
      added.forEach((c, i) => (c.score = scores[i]));
    }
    this.clips = mergeRows(this.clips, added);
    this.selected = added.at(-1) ?? this.selected;
    this.error = rejected.map((r) => r.error).join('\n');
    const unread = rejected.length ? `, ${rejected.length} could not be read` : '';
    this.status = `${plural(added.length, 'clip')} added as ${label}${unread}.`;
    return { added, rejected };
  }

  private addOne(clip: SoundClipInput): Promise<SoundClipInfo> {
    return sendClip(this.service, clip, this.soundSettings().features);
  }

  /** Labels a clip (the operator confirms or rejects a flagged clip). */
  setLabel(id: string, label: ClipLabel): void {
    this.clips = this.clips.map((c) => (c.id === id ? { ...c, label, review: false } : c));
  }

  private soundSettings(): SoundSettings {
    const { method, classifier, mode } = this;
    return { ...DEFAULT_SOUND_SETTINGS, method, classifier, ...this.settings, mode };
  }

  private labelled(label: ClipLabel): string[] {
    return this.clips.filter((c) => c.label === label).map((c) => c.id);
  }

  /**
   * Trains on the clips labelled normal (and abnormal, supervised); `clips` given here are added as normal
   * first. The model is kept, saved in IndexedDB and used for every later score.
   */
  async train(clips: SoundClipInput[] = []): Promise<TrainedSoundModel> {
    try {
      if (clips.length) await this.addClips(clips, 'normal');
      const normal = this.labelled('normal');
      const abnormal = this.mode === 'supervised' ? this.labelled('abnormal') : [];
      if (!normal.length)
        throw new Error('Training needs normal clips: add recordings of the machine running normally.');
      if (this.mode === 'supervised' && !abnormal.length)
        throw new Error('Supervised training needs clips labelled abnormal.');
      const also = abnormal.length ? ` and ${abnormal.length} abnormal` : '';
      this.status = `Training the ${this.mode} model on ${normal.length} normal${also} clips…`;
      this.error = '';
      this.training = new AbortController();
      const onProgress = (p: SoundTrainProgress) => {
        this.progress = p;
        this.emit('ml-training-progress', p);
      };
      const trained = await this.service.train(
        normal,
        abnormal,
        this.soundSettings(),
        onProgress,
        this.training.signal,
      );
      this.trained = trained;
      await this.scoreAfterTraining(normal, trained);
      await store.save(this.modelKey, await this.service.exportModel()).catch(() => undefined);
      this.status = `Trained (${trained.method}) on ${plural(normal.length, 'normal clip')}; threshold ${trained.threshold.toPrecision(4)}.`;
      return trained;
    } catch (error) {
      this.showError(error);
      this.status = 'Training stopped.';
      throw error;
    } finally {
      this.progress = null;
      this.training = null;
    }
  }

  /** Training normals carry their out-of-fold scores; the others are scored by the kept model. */
  private async scoreAfterTraining(normal: string[], trained: TrainedSoundModel): Promise<void> {
    const held = new Map(normal.map((id, i) => [id, trained.calibration[i]!]));
    const rest = this.clips.filter((c) => !held.has(c.id)).map((c) => c.id);
    const scored = await this.service.score(rest);
    const scores = new Map(rest.map((id, i) => [id, scored[i]!]));
    this.clips = this.clips.map((c) => ({ ...c, score: held.get(c.id) ?? scores.get(c.id) }));
  }

  async cancelTraining(): Promise<void> {
    this.training?.abort();
  }

  /** Scores one clip (added if new) with the kept model; fires `ml-anomaly-score`. */
  async score(clip: SoundClipInput): Promise<AnomalyScoreDetail> {
    try {
      const info = await this.addOne(clip);
      const [score] = await this.service.score([info.id]);
      const label = this.clips.find((c) => c.id === info.id)?.label ?? 'unlabelled';
      const row: ClipRow = { ...info, label, score };
      this.clips = mergeRows(this.clips, [row]);
      this.selected = row;
      this.error = '';
      return this.emitScore(score!, info.name);
    } catch (error) {
      this.showError(error);
      throw error;
    }
  }

  /**
   * Scores labelled test clips with the kept model: metrics at the active threshold, histogram and ROC. The
   * clips are not trained on.
   */
  async evaluate(normal: SoundClipInput[], abnormal: SoundClipInput[]): Promise<SoundEvaluationResult> {
    // Test clips join the table unlabelled (or keep the label they had), so a later train() does not learn
    // from them.
    const known = new Map(this.clips.map((c) => [c.id, c.label]));
    const scoreAll = async (clips: SoundClipInput[]) => {
      const { added } = await this.addClips(clips, 'unlabelled');
      this.clips = this.clips.map((c) => ({ ...c, label: known.get(c.id) ?? c.label }));
      return this.service.score(added.map((c) => c.id));
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
    return modelToFile(await this.service.exportModel());
  }

  /** Puts an exported model in use and saves it under `model-key`; a file that is not one changes nothing. */
  async importModel(file: Blob): Promise<TrainedSoundModel> {
    try {
      const saved = await modelFromFile(file);
      this.trained = await this.service.importModel(saved);
      await store.save(this.modelKey, saved).catch(() => undefined);
      this.status = `Loaded a ${this.trained.mode} model.`;
      this.error = '';
      return this.trained;
    } catch (error) {
      this.showError(error);
      throw error;
    }
  }

  private emitScore(score: number, clip: string): AnomalyScoreDetail {
    const threshold = this.activeThreshold;
    const detail: AnomalyScoreDetail = { score, threshold, isAnomaly: score > threshold, clip };
    this.emit('ml-anomaly-score', detail);
    return detail;
  }

  protected override shownChanged(): void {
    void this.syncSource();
  }

  /** Listens while the source is the microphone and the element is shown. */
  private async syncSource(): Promise<void> {
    if (this.source !== 'microphone' || !this.visibility.shown) return this.listening.stop();
    // A microphone that could not start (denied, absent) means not listening, and the button says so.
    if (!(await this.listening.start())) this.source = 'files';
  }

  private renderControls() {
    const view = {
      newLabel: this.newLabel,
      mode: this.mode,
      method: this.method,
      classifier: this.classifier,
      training: this.progress !== null,
      listening: this.source === 'microphone',
      trained: this.trained !== null,
    };
    return soundControls(view, {
      setNewLabel: (label) => (this.newLabel = label),
      setModel: (choice) => Object.assign(this, choice),
      addFiles: (files) => void this.addClips(files, this.newLabel),
      train: () => void this.train().catch(() => undefined),
      cancel: () => void this.cancelTraining(),
      toggleListening: () => (this.source = view.listening ? 'files' : 'microphone'),
      exportModel: async () => saveFile(await this.exportModel(), `sound-model-${this.modelKey}.json`),
      importModel: (file) => void this.importModel(file).catch(() => undefined),
    });
  }

  override render() {
    const threshold = this.activeThreshold;
    const title = this.source === 'microphone' ? 'Microphone (live)' : (this.selected?.name ?? 'Spectrogram');
    return html`<div class="layout">
      ${this.renderControls()}
      ${trainingProgress(this.progress)}
      <div part="status" role="status">${this.status}</div>
      ${thresholdAdvice(this.trained)}
      ${this.renderError()}
      ${this.renderBackend()}
      ${liveVerdict(this.live.at(-1), threshold)}
      ${scorePlots({ ...histogramScores(this.evaluation, this.clips), spectrogramTitle: title, hasSpectrogram: Boolean(this.selected) || this.source === 'microphone', selected: this.selected, live: this.live, trained: this.trained, threshold, setThreshold: (t) => (this.threshold = t) })}
      ${clipTable(this.clips, threshold, { select: (c) => (this.selected = c), label: (id, l) => this.setLabel(id, l), save: (c) => void saveClip(this.service, c) })}
    </div>`;
  }
}
