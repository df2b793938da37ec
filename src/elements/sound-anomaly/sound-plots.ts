/**
 * The element's plots as SVG (lines, bars) and one canvas (spectrogram).
 * A handful of series of at most a few hundred points: hand-written SVG is a
 * few lines each and keeps a chart library out of the bundle (see docs/architecture.md).
 */
import { svg, type TemplateResult } from 'lit';
import type { RocPoint } from '../../core/audio/detection-metrics.js';
import type { SpectrogramImage } from '../../core/audio/plot-data.js';

const W = 360;
const H = 140;
const PAD = { left: 34, right: 8, top: 8, bottom: 20 };
const plotW = W - PAD.left - PAD.right;
const plotH = H - PAD.top - PAD.bottom;

interface Scale {
  x: (v: number) => number;
  y: (v: number) => number;
}

function scale(x0: number, x1: number, y0: number, y1: number): Scale {
  const dx = x1 - x0 || 1;
  const dy = y1 - y0 || 1;
  return { x: (v) => PAD.left + ((v - x0) / dx) * plotW, y: (v) => PAD.top + plotH * (1 - (v - y0) / dy) };
}

const fmt = (v: number) =>
  Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(2);

function frame(
  label: string,
  xLabel: string,
  [x0, x1]: [number, number],
  [y0, y1]: [number, number],
  body: TemplateResult,
  yText: (v: number) => string = fmt,
): TemplateResult {
  return svg`<svg viewBox="0 0 ${W} ${H}" role="img" aria-label=${label} part="plot">
    <rect x=${PAD.left} y=${PAD.top} width=${plotW} height=${plotH} class="plot-area"></rect>
    <text x=${PAD.left - 4} y=${PAD.top + 8} text-anchor="end">${yText(y1)}</text>
    <text x=${PAD.left - 4} y=${PAD.top + plotH} text-anchor="end">${yText(y0)}</text>
    <text x=${PAD.left} y=${H - 4}>${fmt(x0)}</text>
    <text x=${W - PAD.right} y=${H - 4} text-anchor="end">${fmt(x1)}</text>
    <text x=${PAD.left + plotW / 2} y=${H - 4} text-anchor="middle">${xLabel}</text>
    ${body}
  </svg>`;
}

const path = (points: [number, number][], s: Scale) =>
  points.map(([x, y], i) => `${i ? 'L' : 'M'}${s.x(x).toFixed(1)},${s.y(y).toFixed(1)}`).join('');

/** Waveform min/max columns (interleaved pairs). */
export function waveformPlot(peaks: Float32Array, seconds: number): TemplateResult {
  const n = peaks.length / 2;
  const s = scale(0, seconds, -1, 1);
  const d = Array.from(
    { length: n },
    (_, c) =>
      `M${s.x(((c + 0.5) * seconds) / n).toFixed(1)},${s.y(peaks[2 * c + 1]!).toFixed(1)}V${s.y(peaks[2 * c]!).toFixed(1)}`,
  ).join('');
  return frame(
    `Waveform, ${seconds.toFixed(1)} seconds`,
    'seconds',
    [0, seconds],
    [-1, 1],
    svg`<path d=${d} class="wave"></path>`,
  );
}

export function lossPlot(losses: readonly number[]): TemplateResult {
  const max = Math.max(...losses);
  const s = scale(1, Math.max(2, losses.length), 0, max);
  return frame(
    `Training loss over ${losses.length} epochs, last ${fmt(losses.at(-1) ?? 0)}`,
    'epoch',
    [1, losses.length],
    [0, max],
    svg`<path d=${path(
      losses.map((l, i) => [i + 1, l]),
      s,
    )} class="line"></path>`,
  );
}

/** Histograms of normal and abnormal scores with the threshold as a line. */
export function histogramPlot(
  normal: readonly number[],
  abnormal: readonly number[],
  threshold: number,
  bins = 24,
): TemplateResult {
  const all = [...normal, ...abnormal, threshold];
  const [lo, hi] = [Math.min(...all), Math.max(...all) * 1.02];
  const width = (hi - lo) / bins || 1;
  const count = (values: readonly number[]) => {
    const c = new Array<number>(bins).fill(0);
    for (const v of values) c[Math.min(bins - 1, Math.floor((v - lo) / width))]!++;
    return c;
  };
  const [cn, ca] = [count(normal), count(abnormal)];
  const top = Math.max(1, ...cn, ...ca);
  const s = scale(lo, hi, 0, top);
  const bars = (c: number[], cls: string, shift: number) =>
    c.map((v, i) =>
      v
        ? svg`<rect class=${cls} x=${s.x(lo + i * width) + shift} width=${Math.max(1, plotW / bins / 2 - 1)} y=${s.y(v)} height=${s.y(0) - s.y(v)}></rect>`
        : null,
    );
  const label = `Score histogram: ${normal.length} normal, ${abnormal.length} abnormal clips, threshold ${fmt(threshold)}`;
  return frame(
    label,
    'anomaly score',
    [lo, hi],
    [0, top],
    svg`${bars(cn, 'normal', 0)}${bars(ca, 'abnormal', plotW / bins / 2)}
    <line class="threshold" x1=${s.x(threshold)} x2=${s.x(threshold)} y1=${PAD.top} y2=${PAD.top + plotH}></line>`,
  );
}

export function rocPlot(points: readonly RocPoint[], auc: number): TemplateResult {
  const s = scale(0, 1, 0, 1);
  return frame(
    `ROC curve, AUC ${auc.toFixed(3)}`,
    'false-positive rate',
    [0, 1],
    [0, 1],
    svg`<path d=${path(
      [
        [0, 0],
        [1, 1],
      ],
      s,
    )} class="chance"></path>
    <path d=${path(
      points.map((p) => [p.fpr, p.tpr]),
      s,
    )} class="line"></path>
    <text x=${s.x(0.55)} y=${s.y(0.12)}>AUC ${auc.toFixed(3)}</text>`,
  );
}

/** Scores this many times the threshold or more put the trace on a log scale, so the threshold stays visible. */
const LOG_SPAN = 20;

/** Live scores with the threshold; on a log scale when they run far above it. */
export function scoreTrace(scores: readonly number[], threshold: number): TemplateResult {
  const top = Math.max(threshold * 1.5, ...scores);
  const log = top / threshold > LOG_SPAN;
  const floor = log ? Math.min(threshold / 4, ...scores.filter((v) => v > 0)) : 0;
  const t = (v: number) => (log ? Math.log10(Math.max(v, floor)) : v);
  const [y0, y1] = [t(floor), t(top)];
  const s = scale(0, Math.max(1, scores.length - 1), y0, y1);
  const yText = (v: number) => fmt(log ? 10 ** v : v);
  return frame(
    `Live anomaly score${log ? ' (log scale)' : ''}, last ${fmt(scores.at(-1) ?? 0)}, threshold ${fmt(threshold)}`,
    log ? 'recent scores (log scale)' : 'recent scores',
    [0, scores.length],
    [y0, y1],
    svg`<path d=${path(
      scores.map((v, i) => [i, t(v)]),
      s,
    )} class="line"></path>
    <line class="threshold" x1=${PAD.left} x2=${PAD.left + plotW} y1=${s.y(t(threshold))} y2=${s.y(t(threshold))}></line>`,
    yText,
  );
}

/** Paints a spectrogram (time left to right, low bands at the bottom) with a dark-to-yellow ramp. */
export function drawSpectrogram(canvas: HTMLCanvasElement, image: SpectrogramImage): void {
  const { frames, nMels, data } = image;
  [canvas.width, canvas.height] = [Math.max(1, frames), Math.max(1, nMels)];
  const ctx = canvas.getContext('2d');
  if (!ctx || frames === 0) return;
  const pixels = ctx.createImageData(frames, nMels);
  for (let t = 0; t < frames; t++) {
    for (let m = 0; m < nMels; m++) {
      const v = data[t * nMels + m]! / 255;
      const at = 4 * ((nMels - 1 - m) * frames + t);
      pixels.data[at] = Math.round(255 * Math.min(1, 1.6 * v));
      pixels.data[at + 1] = Math.round(255 * v * v);
      pixels.data[at + 2] = Math.round(255 * Math.max(0, 0.5 - v) * 1.2);
      pixels.data[at + 3] = 255;
    }
  }
  ctx.putImageData(pixels, 0, 0);
}
