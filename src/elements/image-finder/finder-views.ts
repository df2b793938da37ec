/** What the finder shows: its control bar, the ranked results with the match view, and the gallery. */
import { html, nothing } from 'lit';
import type { PointPair } from '../../contracts/retrieval.js';
import { type MatchSide, matchView } from './match-view.js';

export interface GalleryImage {
  id: string;
  url: string;
  width: number;
  height: number;
}

export interface ShownResult {
  id: string;
  score: number;
  inliers: number;
  pairs?: PointPair[];
}

export interface ControlsActions {
  /** Files picked or dropped, to index. */
  add(files: File[]): void;
  addUrl(url: string): void;
  search(file: File): void;
  toggleCamera(): void;
  searchSnapshot(): void;
  addSnapshot(): void;
  exportIndex(): void;
  importIndex(file: File): void;
  clear(): void;
}

const IMAGE_FILE = /\.(jpe?g|png|webp|gif|bmp|avif)$/i;

/**
 * The picked files (images only, from a folder), and the input emptied so the same file can be picked again.
 */
function picked(event: Event): File[] {
  const input = event.target as HTMLInputElement;
  const files = [...(input.files ?? [])].filter(
    (f) => f.type.startsWith('image/') || IMAGE_FILE.test(f.name) || !input.webkitdirectory,
  );
  input.value = '';
  return files;
}

export function finderControls(view: { cameraOn: boolean; empty: boolean }, act: ControlsActions) {
  const first = (then: (file: File) => void) => (e: Event) => {
    const [file] = picked(e);
    if (file) then(file);
  };
  const drop = (e: DragEvent) => {
    e.preventDefault();
    act.add([...(e.dataTransfer?.files ?? [])]);
  };
  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    const url = new FormData(e.target as HTMLFormElement).get('url');
    if (typeof url === 'string' && url.trim()) act.addUrl(url.trim());
  };
  return html`<div part="controls" class="controls" @dragover=${(e: DragEvent) => e.preventDefault()} @drop=${drop}>
    <label class="file-button">Add images…<input type="file" accept="image/*" multiple @change=${(e: Event) => act.add(picked(e))} /></label>
    <label class="file-button">Add a folder…<input type="file" webkitdirectory multiple @change=${(e: Event) => act.add(picked(e))} /></label>
    <form @submit=${submit}>
      <label>Add from this site's URL <input name="url" type="text" inputmode="url" placeholder="an image on this site, e.g. /pictures/bridge.jpg" /></label>
      <button type="submit">Add</button>
    </form>
    <label class="file-button primary">Search with a photo…<input type="file" accept="image/*" @change=${first(act.search)} /></label>
    <button @click=${act.toggleCamera} aria-pressed=${view.cameraOn}>${view.cameraOn ? 'Stop camera' : 'Use the camera'}</button>
    <button @click=${act.searchSnapshot} ?disabled=${!view.cameraOn}>Search with a snapshot</button>
    <button @click=${act.addSnapshot} ?disabled=${!view.cameraOn}>Add a snapshot</button>
    <button @click=${act.exportIndex} ?disabled=${view.empty}>Export index</button>
    <label class="file-button">Import index…<input type="file" accept="application/json,.json" @change=${first(act.importIndex)} /></label>
    <button @click=${act.clear} ?disabled=${view.empty}>Empty the index</button>
  </div>`;
}

export function resultsView(
  results: readonly ShownResult[],
  selected: number,
  query: MatchSide | null,
  gallery: readonly GalleryImage[],
  select: (index: number) => void,
) {
  if (!results.length || !query) return nothing;
  const urlOf = (id: string) => gallery.find((g) => g.id === id)?.url ?? '';
  const chosen = results[selected];
  const image = chosen && gallery.find((g) => g.id === chosen.id);
  return html`<section aria-label="Search results">
    <ol part="results">
      ${results.map(
        (r, i) => html`<li><button aria-pressed=${i === selected} @click=${() => select(i)}>
          <img src=${urlOf(r.id)} alt="" />
          <span>${i + 1}. ${r.id}</span><br />
          <span>score ${r.score.toFixed(3)}</span> · <span class=${r.inliers ? 'verified' : ''}>${r.inliers} matching points</span>
        </button></li>`,
      )}
    </ol>
    ${chosen && image ? matchView(query, image, chosen.pairs ?? [], `Query and ${chosen.id}: ${chosen.inliers} matching points joined by lines`) : nothing}
  </section>`;
}

export function galleryView(gallery: readonly GalleryImage[], remove: (id: string) => void) {
  if (!gallery.length)
    return html`<p part="gallery" class="empty">No images yet: add photos (or drop them here), then search with another photo of the same thing.</p>`;
  return html`<details open>
    <summary>Index: ${gallery.length} images</summary>
    <ul part="gallery">
      ${gallery.map(
        (
          g,
        ) => html`<li><figure><img src=${g.url} alt=${g.id} loading="lazy" /><figcaption title=${g.id}>${g.id}</figcaption></figure>
          <button class="remove" aria-label="Remove ${g.id} from the index" @click=${() => remove(g.id)}>×</button></li>`,
      )}
    </ul>
  </details>`;
}
