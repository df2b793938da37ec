/** The monitor's read-outs: the counts of the last frame and the camera's history dashboard. */
import { html } from 'lit';
import type { ComplianceMetrics } from '../../core/ppe/compliance-metrics.js';
import type { BucketUnit, HistoryBucket } from '../../core/ppe/history-buckets.js';
import { historyChart } from './ppe-chart.js';

const UNITS: readonly BucketUnit[] = ['minute', 'hour', 'day'];

export function summaryBar(m: ComplianceMetrics | undefined) {
  return html`<div part="summary" class="summary" aria-live="polite">
    <span><span class="big">${m?.nonCompliant ?? 0}</span> non-compliant now</span>
    <span class="compliant">${m?.compliant ?? 0} compliant</span>
    <span class="unknown">${m?.unknown ?? 0} unknown</span>
    <span>${m?.FaceCoverNonCompliantPercentage ?? 0}% non-compliant</span>
    <span>face rate ${m?.detectedFaceRate ?? 0}%</span>
  </div>`;
}

export function historyDashboard(
  cameraId: string,
  frames: number,
  buckets: readonly HistoryBucket[],
  unit: BucketUnit,
  setUnit: (unit: BucketUnit) => void,
) {
  return html`<div part="dashboard">
    <label>History per
      <select @change=${(e: Event) => setUnit((e.target as HTMLSelectElement).value as BucketUnit)}>
        ${UNITS.map((u) => html`<option value=${u} ?selected=${u === unit}>${u}</option>`)}
      </select>
    </label>
    <span>camera ${cameraId}: ${frames} frames recorded</span>
    ${historyChart(buckets, unit)}
  </div>`;
}

/** What the screen reader hears after a frame. */
export function announcement(m: ComplianceMetrics): string {
  return m.detectedPeople === 0
    ? 'Nobody in view.'
    : `${m.nonCompliant} without required equipment, ${m.compliant} with, ${m.unknown} unknown.`;
}
