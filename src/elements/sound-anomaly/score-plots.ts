/**
 * The plots panel: spectrogram, waveform, live score, loss, the score
 * histogram with its threshold slider, and the ROC once both classes are scored.
 */
import { html, nothing } from 'lit';
import { detectionMetrics, rocCurve } from '../../core/audio/detection-metrics.js';
import type { TrainedSoundModel } from '../../contracts/sound.js';
import type { ClipLabel, ClipRow } from './clip-table.js';
import { histogramPlot, lossPlot, rocPlot, scoreTrace, waveformPlot } from './sound-plots.js';

export interface PlotsView {
  /** The spectrogram's caption: the live microphone or the selected clip. */
  spectrogramTitle: string;
  /** Whether there is a spectrogram to show: a selected clip or the live microphone. */
  hasSpectrogram: boolean;
  selected: ClipRow | null;
  live: readonly number[];
  trained: TrainedSoundModel | null;
  normal: number[];
  abnormal: number[];
  threshold: number;
  setThreshold(value: number): void;
}

function thresholdControl(view: PlotsView) {
  const { normal, abnormal, threshold } = view;
  const all = [...normal, ...abnormal];
  if (!all.length || !Number.isFinite(threshold)) return nothing;
  const { fp, fn } = detectionMetrics(normal, abnormal, threshold).confusion;
  const [lo, hi] = [Math.min(...all, threshold), Math.max(...all, threshold)];
  return html`<label class="threshold-control">Threshold
    <input type="range" min=${lo} max=${hi} step=${(hi - lo) / 200 || 0.001} .value=${String(threshold)} @input=${(e: Event) => view.setThreshold(Number((e.target as HTMLInputElement).value))} />
    <output>${threshold.toPrecision(4)}: ${fp} false positive${fp === 1 ? '' : 's'}, ${fn} false negative${fn === 1 ? '' : 's'}</output>
  </label>`;
}

export function scorePlots(view: PlotsView) {
  const { normal, abnormal, threshold, selected } = view;
  const metrics = normal.length && abnormal.length ? detectionMetrics(normal, abnormal, threshold) : null;
  const histogram = (normal.length || abnormal.length) && Number.isFinite(threshold);
  return html`<div part="plots" class="plots">
    <figure ?hidden=${!view.hasSpectrogram}><figcaption>${view.spectrogramTitle}</figcaption><canvas part="spectrogram" role="img" aria-label="Log-mel spectrogram"></canvas></figure>
    ${selected ? html`<figure><figcaption>Waveform</figcaption>${waveformPlot(selected.waveform, selected.seconds)}</figure>` : nothing}
    ${view.live.length ? html`<figure><figcaption>Live score</figcaption>${scoreTrace(view.live, threshold)}</figure>` : nothing}
    ${view.trained?.losses.length ? html`<figure><figcaption>Training loss</figcaption>${lossPlot(view.trained.losses)}</figure>` : nothing}
    ${histogram ? html`<figure><figcaption>Scores: normal vs abnormal</figcaption>${histogramPlot(normal, abnormal, threshold)}${thresholdControl(view)}</figure>` : nothing}
    ${metrics ? html`<figure><figcaption>ROC · precision ${metrics.precision.toFixed(2)}, recall ${metrics.recall.toFixed(2)}, F1 ${metrics.f1.toFixed(2)}</figcaption>${rocPlot(rocCurve(normal, abnormal), metrics.auc)}</figure>` : nothing}
  </div>`;
}

/** The last live score's verdict, announced politely. */
export function liveVerdict(last: number | undefined, threshold: number) {
  if (last === undefined) return nothing;
  const verdict = last > threshold ? 'anomaly' : 'normal';
  return html`<div part="verdict" class=${verdict} aria-live="polite">Microphone: ${verdict} (score ${last.toPrecision(3)})</div>`;
}

/** Normal and abnormal scores the histogram shows: the last evaluation, else the labelled clips. */
export function histogramScores(
  evaluation: { normal: number[]; abnormal: number[] } | null,
  clips: readonly ClipRow[],
): { normal: number[]; abnormal: number[] } {
  if (evaluation) return { normal: evaluation.normal, abnormal: evaluation.abnormal };
  const scored = clips.filter((c) => Number.isFinite(c.score));
  const of = (label: ClipLabel) => scored.filter((c) => c.label === label).map((c) => c.score!);
  return { normal: of('normal'), abnormal: of('abnormal') };
}
