/**
 * The dashboard's time chart as SVG: bars for the mean non-compliant count
 * per frame, a line for the non-compliant percentage (0–100, right axis).
 * Two series and a few dozen buckets: hand-drawn SVG is a few lines and
 * needs no chart library in the bundle (see docs/architecture.md).
 */
import { svg, type TemplateResult } from 'lit';
import type { BucketUnit, HistoryBucket } from '../../core/ppe/history-buckets.js';

const W = 480;
const H = 160;
const PAD = { left: 28, right: 32, top: 8, bottom: 20 };

function label(start: number, unit: BucketUnit): string {
  const d = new Date(start);
  if (unit === 'day') return d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
  return d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

export function historyChart(buckets: readonly HistoryBucket[], unit: BucketUnit): TemplateResult {
  const shown = buckets.slice(-48);
  const maxCount = Math.max(1, ...shown.map((b) => b.nonCompliant));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const step = plotW / Math.max(1, shown.length);
  const x = (i: number) => PAD.left + i * step;
  const yCount = (v: number) => PAD.top + plotH * (1 - v / maxCount);
  const yPct = (v: number) => PAD.top + plotH * (1 - v / 100);
  const line = shown
    .map((b, i) => `${i ? 'L' : 'M'}${(x(i) + step / 2).toFixed(1)},${yPct(b.percentage).toFixed(1)}`)
    .join(' ');
  return svg`<svg viewBox="0 0 ${W} ${H}" part="chart" role="img" aria-label="Non-compliant people per ${unit}: ${shown.length} ${unit}s shown">
    <line x1=${PAD.left} y1=${PAD.top + plotH} x2=${W - PAD.right} y2=${PAD.top + plotH} class="axis" />
    <text x="2" y=${PAD.top + 10} class="tick">${maxCount}</text>
    <text x=${W - PAD.right + 2} y=${PAD.top + 10} class="tick">100%</text>
    ${shown.map((b, i) => svg`<rect class="count" x=${x(i) + 1} y=${yCount(b.nonCompliant)} width=${Math.max(1, step - 2)} height=${PAD.top + plotH - yCount(b.nonCompliant)}><title>${label(b.start, unit)}: ${b.nonCompliant} non-compliant per frame, ${b.percentage}% (${b.frames} frames)</title></rect>`)}
    <path class="percentage" d=${line} />
    ${shown.length ? svg`<text x=${PAD.left} y=${H - 4} class="tick">${label(shown[0]!.start, unit)}</text><text x=${W - PAD.right} y=${H - 4} class="tick" text-anchor="end">${label(shown[shown.length - 1]!.start, unit)}</text>` : svg`<text x=${W / 2} y=${H / 2} class="tick" text-anchor="middle">No history yet</text>`}
  </svg>`;
}
