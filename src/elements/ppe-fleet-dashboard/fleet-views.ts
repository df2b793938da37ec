/** The fleet dashboard's views: the table of cameras and one chart card per series. */
import { html, nothing } from 'lit';
import type { CameraSeries } from '../../core/fleet/fleet-rollups.js';
import type { BucketUnit } from '../../core/ppe/history-buckets.js';

const UNITS: readonly BucketUnit[] = ['minute', 'hour', 'day'];
const WINDOW_WORDS: Record<BucketUnit, string> = {
  minute: 'last 24 hours',
  hour: 'last 7 days',
  day: 'last 31 days',
};

/** "11:42:05" today, else the date and time; "never" for 0. */
export function seenAt(ms: number, now = Date.now()): string {
  if (!ms) return 'never';
  const at = new Date(ms);
  return now - ms < 86_400_000 ? at.toLocaleTimeString() : at.toLocaleString();
}

export function unitPicker(unit: BucketUnit, choose: (unit: BucketUnit) => void) {
  return html`<label>Per
    <select @change=${(e: Event) => choose((e.target as HTMLSelectElement).value as BucketUnit)}>
      ${UNITS.map((u) => html`<option value=${u} ?selected=${u === unit}>${u}</option>`)}
    </select>
  </label>
  <span class="window">${WINDOW_WORDS[unit]}</span>`;
}

/** Per camera and for the site: frames, people without a face cover, the share, the newest record. */
export function camerasTable(site: CameraSeries, cameras: readonly CameraSeries[], unit: BucketUnit) {
  const row = (s: CameraSeries, name: string) => html`<tr class=${s.frames ? '' : 'silent'}>
    <th scope="row">${name}</th>
    <td>${s.frames.toLocaleString()}</td>
    <td class="non-compliant">${s.nonCompliant.toLocaleString()}</td>
    <td>${s.frames ? `${s.percentage}%` : '–'}</td>
    <td>${seenAt(s.lastSeen)}</td>
  </tr>`;
  return html`<table part="table" class="cameras">
    <caption>Face covers, ${WINDOW_WORDS[unit]}</caption>
    <thead><tr>
      <th scope="col">Camera</th><th scope="col">Frames</th><th scope="col">Without a face cover</th>
      <th scope="col">% without</th><th scope="col">Last record</th>
    </tr></thead>
    <tbody>${cameras.map((s) => row(s, s.camera))}</tbody>
    <tfoot>${row(site, 'Whole site')}</tfoot>
  </table>`;
}

/** One series' chart card; the chart itself is drawn into `.chart[data-series]` after render. */
export function seriesCard(s: CameraSeries, title: string, unit: BucketUnit, kind = 'camera') {
  const label = `${title}: people without a face cover per frame and % without, per ${unit}, ${s.buckets.length} ${unit}s`;
  return html`<section class="card ${kind}" aria-label=${title}>
    <h2>${title}</h2>
    <p class="totals">
      ${s.frames ? html`<strong class="non-compliant">${s.nonCompliant}</strong> without a face cover in ${s.frames} frames (${s.percentage}%)` : 'No records in this window.'}
    </p>
    ${s.buckets.length ? html`<div part="chart" class="chart" data-series=${s.camera} role="img" aria-label=${label}></div>` : nothing}
  </section>`;
}
