/** The clip table: each clip's score and verdict, label (the operator's to change) and length. */
import { html } from 'lit';
import type { SoundClipInfo } from '../../contracts/sound.js';

export type ClipLabel = 'normal' | 'abnormal' | 'unlabelled';
export const CLIP_LABELS: readonly ClipLabel[] = ['normal', 'abnormal', 'unlabelled'];

export interface ClipRow extends SoundClipInfo {
  label: ClipLabel;
  score?: number;
  /** Kept from the microphone when it was flagged, and not yet confirmed or rejected. */
  review?: boolean;
  /** Kept from the microphone: it exists nowhere else, so the row offers to save it as a file. */
  kept?: boolean;
}

export interface ClipTableActions {
  select(clip: ClipRow): void;
  label(id: string, label: ClipLabel): void;
  /** Saves a kept clip as a WAV file on this device. */
  save(clip: ClipRow): void;
}

export function labelOptions(chosen: ClipLabel) {
  return CLIP_LABELS.map((l) => html`<option value=${l} ?selected=${l === chosen}>${l}</option>`);
}

/**
 * A flagged moment's review: a fault (abnormal, for the supervised mode) or a false alarm (normal). Under the
 * clip's name, so a phone shows it without scrolling the table sideways.
 */
function reviewButtons(c: ClipRow, actions: ClipTableActions) {
  return html`<span class="review">
    <button @click=${() => actions.label(c.id, 'abnormal')} aria-label="Confirm a fault in ${c.name}">Confirm fault</button>
    <button @click=${() => actions.label(c.id, 'normal')} aria-label="${c.name} is normal: reject">Not a fault</button>
  </span>`;
}

function saveButton(c: ClipRow, actions: ClipTableActions) {
  return html`<button class="link" @click=${() => actions.save(c)} aria-label="Save ${c.name} as a WAV file">Save as WAV</button>`;
}

export function clipTable(clips: readonly ClipRow[], threshold: number, actions: ClipTableActions) {
  if (!clips.length)
    return html`<p part="clips" class="empty">No clips yet: add a few recordings of the machine running normally (or drop them here), then train.</p>`;
  // What an operator looks for first (score and verdict) comes right after the name, so a phone shows it
  // without scrolling; the length is left out where the element is narrow. Anything wider scrolls sideways
  // inside its own box, never the page.
  return html`<div class="table-scroll"><table part="clips">
    <caption class="visually-hidden">Clips, labels and anomaly scores</caption>
    <thead><tr><th scope="col">Clip</th><th scope="col">Score</th><th scope="col">Verdict</th><th scope="col">Label</th><th scope="col" class="seconds">Seconds</th></tr></thead>
    <tbody>
      ${clips.map((c) => {
        const flagged = Number.isFinite(c.score) && c.score! > threshold;
        return html`<tr class=${flagged ? 'flagged' : ''}>
          <td><button class="link" @click=${() => actions.select(c)} aria-label="Show ${c.name}">${c.name}</button>${c.review ? reviewButtons(c, actions) : ''}${c.kept ? saveButton(c, actions) : ''}</td>
          <td>${Number.isFinite(c.score) ? c.score!.toPrecision(4) : '–'}</td>
          <td class="verdict">${Number.isFinite(c.score) ? (flagged ? 'anomaly' : 'normal') : ''}</td>
          <td><select aria-label="Label of ${c.name}" @change=${(e: Event) => actions.label(c.id, (e.target as HTMLSelectElement).value as ClipLabel)}>
            ${labelOptions(c.label)}
          </select></td>
          <td class="seconds">${c.seconds.toFixed(1)}</td>
        </tr>`;
      })}
    </tbody>
  </table></div>`;
}
