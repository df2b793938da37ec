/** The monitor's views: the stage, the counts of the last frame, the controls and the history dashboard. */
import { html, nothing, type TemplateResult } from 'lit';
import type { ComplianceMetrics } from '../../core/ppe/compliance-metrics.js';
import { type EntranceBanner, missingItemsPhrase } from '../../core/ppe/entrance-banner.js';
import type { EquipmentType } from '../../core/ppe/ppe-analysis.js';
import type { BucketUnit, HistoryBucket } from '../../core/ppe/history-buckets.js';

const UNITS: readonly BucketUnit[] = ['minute', 'hour', 'day'];

export interface StageView {
  video: HTMLVideoElement;
  showing: 'live' | 'still';
  label: string;
  prompt: TemplateResult | typeof nothing;
  /** The kiosk's banner; null outside kiosk view. */
  banner: EntranceBanner | null;
  dropping: boolean;
  setDropping: (on: boolean) => void;
  drop: (files: FileList | undefined) => void;
}

/** The live video with its box layer, or a checked image; images can be dropped on it. */
export function stageView(view: StageView) {
  const over = (e: DragEvent) => (e.preventDefault(), view.setDropping(true));
  const drop = (e: DragEvent) => (
    e.preventDefault(),
    view.setDropping(false),
    view.drop(e.dataTransfer?.files)
  );
  return html`<div part="stage" class="stage ${view.dropping ? 'drop-target' : ''}"
      @dragover=${over} @dragleave=${() => view.setDropping(false)} @drop=${drop}>
    ${view.video}
    <canvas class="overlay" role="img" aria-label=${view.label} ?hidden=${view.showing !== 'live'}></canvas>
    <canvas class="still" role="img" aria-label=${view.label} ?hidden=${view.showing !== 'still'}></canvas>
    ${view.prompt}
    ${view.banner ? html`<div part="banner" class="banner ${view.banner.tone}" role="status">${view.banner.text}</div>` : nothing}
  </div>`;
}

/**
 * The counts of the last analysed frame; nothing before the first (no row of zeros). "Without"
 * names the equipment the frame was judged against: a bare "3 without" under a photo of
 * people in hard hats reads as "without hard hats" when masks were what was required. The share
 * without a face cover shows only when face cover is required: at a hard-hat check it is noise.
 */
export function summaryBar(m: ComplianceMetrics | undefined, required: readonly EquipmentType[]) {
  if (!m) return nothing;
  return html`<div part="summary" class="summary" aria-live="polite">
    <span class="count non-compliant"><strong>${m.nonCompliant}</strong> without ${missingItemsPhrase(required)}</span>
    <span class="count compliant"><strong>${m.compliant}</strong> with</span>
    <span class="count unknown"><strong>${m.unknown}</strong> unsure</span>
    ${required.includes('FACE_COVER') ? html`<span class="count"><strong>${m.FaceCoverNonCompliantPercentage}%</strong> without a face cover</span>` : nothing}
    <span class="count"><strong>${m.detectedFaceRate}%</strong> of people with a face seen</span>
  </div>`;
}

export interface ControlsBar {
  /** Null without a camera source. */
  pause: { paused: boolean; disabled: boolean; toggle: () => void } | null;
  pick: (files: FileList | null) => void;
  /** Null while there is nothing to save. */
  snapshot: (() => void) | null;
  download: ((kind: 'csv' | 'jsonl') => void) | null;
}

export function controlsBar(bar: ControlsBar) {
  const { pause, download } = bar;
  return html`<div part="controls" class="controls">
    ${pause ? html`<button @click=${pause.toggle} ?disabled=${pause.disabled} aria-pressed=${pause.paused}>${pause.paused ? 'Back to camera' : 'Pause'}</button>` : nothing}
    <label class="file-button">Check an image…<input type="file" accept="image/*" multiple @change=${(e: Event) => bar.pick((e.target as HTMLInputElement).files)} /></label>
    <button @click=${() => bar.snapshot?.()} ?disabled=${!bar.snapshot}>Save snapshot</button>
    <button @click=${() => download?.('csv')} ?disabled=${!download}>Export CSV</button>
    <button @click=${() => download?.('jsonl')} ?disabled=${!download}>Export JSON Lines</button>
  </div>`;
}

export function historyDashboard(
  cameraId: string,
  frames: number,
  buckets: readonly HistoryBucket[],
  unit: BucketUnit,
  setUnit: (unit: BucketUnit) => void,
) {
  const label = `People without the required equipment per ${unit}, camera ${cameraId}: ${buckets.length} ${unit}s`;
  return html`<div part="dashboard" class="dashboard">
    <div class="dashboard-head">
      <label>History per
        <select @change=${(e: Event) => setUnit((e.target as HTMLSelectElement).value as BucketUnit)}>
          ${UNITS.map((u) => html`<option value=${u} ?selected=${u === unit}>${u}</option>`)}
        </select>
      </label>
      <span>Camera ${cameraId}: ${frames} frame${frames === 1 ? '' : 's'} recorded</span>
    </div>
    ${
      buckets.length
        ? html`<div part="chart" class="chart" role="img" aria-label=${label}></div>`
        : html`<p class="empty">No history yet: every checked camera frame is counted here.</p>`
    }
  </div>`;
}

/** The kiosk's one message: the camera's problem while it has one, else the last verdict. */
export function kioskBanner(
  camera: { live: boolean; message: string },
  last: EntranceBanner | null,
  loading: boolean,
): EntranceBanner {
  if (!camera.live && camera.message) return { tone: 'unsure', text: camera.message };
  // Until the first verdict, not "step up" to people who may already be there.
  if (!last && (loading || camera.live)) return { tone: 'idle', text: 'Starting…' };
  return last ?? { tone: 'idle', text: 'Please step up to the camera' };
}

/** "Camera: nobody.", "Image: 1 person.", "Camera: 3 people." */
export function frameStatus(source: 'camera' | 'image', people: number): string {
  const count = people === 0 ? 'nobody' : people === 1 ? '1 person' : `${people} people`;
  return `${source === 'camera' ? 'Camera' : 'Image'}: ${count}.`;
}

/** What the screen reader hears after a frame. */
export function announcement(m: ComplianceMetrics): string {
  return m.detectedPeople === 0
    ? 'Nobody in view.'
    : `${m.nonCompliant} without required equipment, ${m.compliant} with, ${m.unknown} unknown.`;
}
