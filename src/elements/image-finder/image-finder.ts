import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { BackendInfo } from '../../core/backend/backend-choice.js';
import { resolveBackendRequest } from '../../page/backend-request.js';
import { saveFile } from '../../page/save-file.js';
import { InferenceClient } from '../../page/worker-client.js';
import { RuntimeRecoveryController } from '../base/runtime-recovery-controller.js';
import { CameraController } from '../base/camera-controller.js';
import type { PointPair } from '../../core/retrieval/affine-ransac.js';
import { DEFAULT_SEARCH, type SearchReport } from '../../core/retrieval/retrieval-engine.js';
import { type FinderImage, describeImage, imageBitmap, thumbnailOf } from './image-input.js';
import { ImageStore, type StoredImage, indexFromFile, indexToFile, storedImage } from './image-store.js';
import { type MatchSide, matchView } from './match-view.js';
import { styles } from './image-finder.styles.js';

export type { FinderImage } from './image-input.js';

/** One result of search(). */
export interface SearchResult {
  id: string;
  /** Global descriptor cosine: for a re-ranked result, the better of the whole photo's and its best region's. */
  score: number;
  /** Local features the verified geometry agrees on (0: not verified). */
  inliers: number;
}

export interface IndexProgressDetail {
  done: number;
  total: number;
  /** The image just handled. */
  id: string;
  /** Why it was not added (the index is unchanged for it). */
  error?: string;
}

export interface SearchResultDetail {
  results: SearchResult[];
  /** Milliseconds: describing the query, the global pass, re-ranking. */
  ms: SearchReport['ms'];
}

declare global {
  interface HTMLElementTagNameMap {
    'image-finder': ImageFinder;
  }
  interface HTMLElementEventMap {
    'index-progress': CustomEvent<IndexProgressDetail>;
    'search-result': CustomEvent<SearchResultDetail>;
  }
}

interface GalleryImage {
  id: string;
  url: string;
  width: number;
  height: number;
}

interface ShownResult extends SearchResult {
  pairs?: PointPair[];
}

const store = new ImageStore();
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const IMAGE_FILE = /\.(jpe?g|png|webp|gif|bmp|avif)$/i;

/**
 * @summary Instance-level image retrieval on the device: index a gallery, then find *this* painting, building or product from a photo or the camera. A global descriptor ranks the gallery; local features with affine RANSAC, and the photo's regions, re-rank the top candidates.
 *
 * @fires index-progress - After each image add() or a batch handles. `detail`: {done, total, id, error?}.
 * @fires search-result - After every search. `detail`: {results: [{id, score, inliers}], ms}.
 *
 * @csspart controls - Add, search, camera, export and import controls (drop images here to add them).
 * @csspart status - What the element is doing (announced politely).
 * @csspart backend - Which TF.js backend runs, and why.
 * @csspart error - What went wrong (unreadable image, denied camera…); the index is unharmed.
 * @csspart progress - Indexing progress.
 * @csspart camera - The camera preview.
 * @csspart gallery - The indexed images.
 * @csspart results - The ranked results of the last search.
 * @csspart match-view - Query and selected result with lines between verified matches.
 *
 * @cssprop --finder-match-line - Colour of the match lines and verified counts.
 * @cssprop --finder-thumb-size - Smallest thumbnail width in the gallery.
 * @cssprop --ml-accent - Focus ring, progress and selection colour.
 * @cssprop --ml-error - Error text colour.
 */
@customElement('image-finder')
export class ImageFinder extends LitElement {
  static override styles = styles;

  /** TF.js backend (`auto`, `webgpu`, `webgl`, `wasm`, `cpu`); `?backend=` in the page URL wins. */
  @property() backend = 'auto';
  /** Results a search returns. */
  @property({ type: Number, attribute: 'top-k' }) topK = 5;
  /** Global candidates re-ranked by local matching (0: global order only). */
  @property({ type: Number }) rerank: number = DEFAULT_SEARCH.rerank;
  /** IndexedDB key of this gallery: finders with the same key share it across pages and reloads. */
  @property({ attribute: 'index-key' }) indexKey = 'default';

  @state() private gallery: GalleryImage[] = [];
  @state() private results: ShownResult[] = [];
  @state() private selected = 0;
  @state() private query: MatchSide | null = null;
  @state() private status = 'Loading the index…';
  @state() private error = '';
  @state() private backendInfo: BackendInfo | null = null;
  @state() private progress: { done: number; total: number } | null = null;
  @state() private cameraOn = false;

  private readonly camera = new CameraController(this, { width: 640, height: 480 });
  /** Operations run one after another, so the worker's index and IndexedDB never disagree. */
  private queue: Promise<unknown> = Promise.resolve();
  private restored: Promise<void> = Promise.resolve();

  /** Ids in the index, oldest first. */
  get images(): string[] {
    return this.gallery.map((g) => g.id);
  }

  private get client(): InferenceClient {
    return InferenceClient.for(resolveBackendRequest(this.backend));
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.restored = this.serial(() => this.restore());
  }

  /** The worker was replaced (its GPU device was lost): the index comes back from IndexedDB into the new one. */
  protected readonly recovery = new RuntimeRecoveryController(
    this,
    () => resolveBackendRequest(this.backend),
    () => {
      // An operation sent to the old worker never answers: the queue starts afresh behind the restore.
      this.queue = Promise.resolve();
      this.restored = this.serial(() => this.restore());
    },
  );

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.camera.stop();
    this.gallery.forEach((g) => URL.revokeObjectURL(g.url));
    if (this.query) URL.revokeObjectURL(this.query.url);
  }

  protected override updated(changed: Map<string, unknown>): void {
    if (changed.has('indexKey') && changed.get('indexKey') !== undefined)
      this.restored = this.serial(() => this.restore());
  }

  /** Indexes one image under `id` (replacing an image of that id): description in the worker, record in IndexedDB. */
  async add(id: string, image: FinderImage): Promise<void> {
    await this.restored;
    return this.serial(() => this.addOne(id, image, { done: 0, total: 1 }));
  }

  /** Indexes files (ids: their names, or paths inside a chosen folder); unreadable ones are reported and skipped. */
  async addFiles(
    files: Iterable<File>,
  ): Promise<{ added: string[]; rejected: { file: string; error: string }[] }> {
    await this.restored;
    const list = [...files];
    return this.serial(async () => {
      const added: string[] = [];
      const rejected: { file: string; error: string }[] = [];
      for (const [i, file] of list.entries()) {
        const id = file.webkitRelativePath || file.name;
        try {
          await this.addOne(id, file, { done: i, total: list.length });
          added.push(id);
        } catch (error) {
          rejected.push({ file: id, error: message(error) });
        }
      }
      this.error = rejected.map((r) => r.error).join('\n');
      this.status = `${added.length} image${added.length === 1 ? '' : 's'} added${rejected.length ? `, ${rejected.length} could not be read` : ''}; ${this.gallery.length} in the index.`;
      return { added, rejected };
    });
  }

  /**
   * Removes the image `id` from the index (worker and IndexedDB). Called
   * without an id it is Element.remove(): the element leaves the page.
   */
  override async remove(id?: string): Promise<boolean> {
    if (id === undefined) {
      super.remove();
      return false;
    }
    await this.restored;
    return this.serial(async () => {
      const removed = (await this.client.removeRetrievalImages(this.indexKey, [id])) > 0;
      await store.remove(this.indexKey, id);
      const gone = this.gallery.find((g) => g.id === id);
      if (gone) URL.revokeObjectURL(gone.url);
      this.gallery = this.gallery.filter((g) => g.id !== id);
      this.results = this.results.filter((r) => r.id !== id);
      this.status = `Removed ${id}; ${this.gallery.length} in the index.`;
      return removed;
    });
  }

  /** Empties this index (worker and IndexedDB). */
  async clear(): Promise<void> {
    await this.restored;
    return this.serial(async () => {
      await this.client.clearRetrievalIndex(this.indexKey);
      await store.clear(this.indexKey);
      this.gallery.forEach((g) => URL.revokeObjectURL(g.url));
      this.gallery = [];
      this.results = [];
      this.status = 'The index is empty.';
    });
  }

  /** The gallery's best matches for an image: global top candidates re-ranked by verified local matches, then by the best of the photo's regions. */
  async search(image: FinderImage, options: { k?: number } = {}): Promise<SearchResult[]> {
    await this.restored;
    return this.serial(async () => {
      try {
        const bitmap = await imageBitmap(image);
        const query = {
          url: URL.createObjectURL(await thumbnailOf(bitmap)),
          width: bitmap.width,
          height: bitmap.height,
        };
        this.status = `Searching ${this.gallery.length} images…`;
        const report = await this.client.searchImages(this.indexKey, bitmap, {
          k: options.k ?? this.topK,
          rerank: this.rerank,
          withPairs: options.k ?? this.topK,
        });
        if (this.query) URL.revokeObjectURL(this.query.url);
        this.query = query;
        this.results = report.hits;
        this.selected = 0;
        this.error = '';
        const results = report.hits.map(({ id, score, inliers }) => ({ id, score, inliers }));
        const best = results[0];
        this.status = best
          ? `Best match: ${best.id} (score ${best.score.toFixed(3)}, ${best.inliers} matching points).`
          : 'The index is empty: add images first.';
        this.dispatchEvent(
          new CustomEvent('search-result', {
            detail: { results, ms: report.ms },
            bubbles: true,
            composed: true,
          }),
        );
        return results;
      } catch (error) {
        this.error = message(error);
        throw error;
      }
    });
  }

  /** The whole index (descriptors, local features, thumbnails) as one JSON file. */
  async exportIndex(): Promise<Blob> {
    await this.restored;
    return indexToFile(await store.all(this.indexKey));
  }

  /** Adds the images of an exported index (same ids are replaced). A file that is not an index changes nothing. */
  async importIndex(file: Blob): Promise<number> {
    await this.restored;
    return this.serial(async () => {
      try {
        const images = await indexFromFile(file, this.indexKey);
        await this.client.loadRetrievalRecords(
          this.indexKey,
          images.map((i) => i.record),
        );
        for (const image of images) await store.put(image);
        this.showImages(images);
        this.status = `Imported ${images.length} images; ${this.gallery.length} in the index.`;
        this.error = '';
        return images.length;
      } catch (error) {
        this.error = message(error);
        throw error;
      }
    });
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async restore(): Promise<void> {
    try {
      this.backendInfo = await this.client.ready;
      await this.client.clearRetrievalIndex(this.indexKey);
      this.gallery.forEach((g) => URL.revokeObjectURL(g.url));
      this.gallery = [];
      const images = await store.all(this.indexKey);
      await this.client.loadRetrievalRecords(
        this.indexKey,
        images.map((i) => i.record),
      );
      this.showImages(images);
      // Loaded now, with progress, rather than silently on the first add or search.
      await this.client.loadModel(
        'centernet',
        (p) =>
          (this.status = `Loading the image model… ${Math.round((100 * p.loaded) / Math.max(1, p.total))}%`),
      );
      this.status = images.length
        ? `${images.length} images in the index (restored).`
        : 'Add images to the index, then search with a photo or the camera.';
    } catch (error) {
      this.error = `The index could not be restored: ${message(error)}`;
    }
  }

  private showImages(images: readonly StoredImage[]): void {
    const ids = new Set(images.map((i) => i.id));
    this.gallery.filter((g) => ids.has(g.id)).forEach((g) => URL.revokeObjectURL(g.url));
    const shown = images.map((i) => ({
      id: i.id,
      url: URL.createObjectURL(i.thumbnail),
      width: i.record.width,
      height: i.record.height,
    }));
    this.gallery = [...this.gallery.filter((g) => !ids.has(g.id)), ...shown];
  }

  private async addOne(id: string, image: FinderImage, at: { done: number; total: number }): Promise<void> {
    this.progress = { done: at.done, total: at.total };
    this.status = `Indexing ${id}…`;
    try {
      const bitmap = await imageBitmap(
        image,
        typeof image === 'string' || image instanceof Blob ? describeImage(image) : id,
      );
      const thumbnail = await thumbnailOf(bitmap);
      const record = await this.client.addRetrievalImage(this.indexKey, id, bitmap);
      const stored = storedImage(this.indexKey, record, thumbnail);
      await store.put(stored);
      this.showImages([stored]);
      this.error = '';
      this.status = `Indexed ${id}; ${this.gallery.length} in the index.`;
      this.emitProgress({ done: at.done + 1, total: at.total, id });
    } catch (error) {
      this.error = message(error);
      this.emitProgress({ done: at.done + 1, total: at.total, id, error: message(error) });
      throw error;
    } finally {
      this.progress = at.done + 1 >= at.total ? null : { done: at.done + 1, total: at.total };
    }
  }

  private emitProgress(detail: IndexProgressDetail): void {
    this.dispatchEvent(new CustomEvent('index-progress', { detail, bubbles: true, composed: true }));
  }

  private async snapshot(): Promise<ImageBitmap | null> {
    const frame = await this.camera.grabFrame();
    if (!frame) this.error = this.camera.message || 'The camera gave no frame.';
    return frame;
  }

  private async toggleCamera(): Promise<void> {
    if (this.cameraOn) {
      this.camera.stop();
      this.cameraOn = false;
      return;
    }
    this.cameraOn = true;
    if (!(await this.camera.start())) {
      this.error = this.camera.message;
      this.cameraOn = false;
    }
  }

  private async addSnapshot(): Promise<void> {
    const frame = await this.snapshot();
    if (frame) await this.add(`snapshot-${new Date().toISOString()}`, frame).catch(() => undefined);
  }

  private async searchSnapshot(): Promise<void> {
    const frame = await this.snapshot();
    if (frame) await this.search(frame).catch(() => undefined);
  }

  private async addUrl(form: HTMLFormElement): Promise<void> {
    const url = new FormData(form).get('url');
    if (typeof url === 'string' && url.trim()) await this.add(url.trim(), url.trim()).catch(() => undefined);
  }

  private async download(): Promise<void> {
    saveFile(await this.exportIndex(), `image-index-${this.indexKey}.json`);
  }

  private onDrop(event: DragEvent): void {
    event.preventDefault();
    void this.addFiles([...(event.dataTransfer?.files ?? [])]);
  }

  private onPicked(event: Event, then: (files: File[]) => Promise<unknown>): void {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])].filter(
      (f) => f.type.startsWith('image/') || IMAGE_FILE.test(f.name) || !input.webkitdirectory,
    );
    void then(files).catch(() => undefined);
    input.value = '';
  }

  private renderControls() {
    return html`<div part="controls" class="controls" @dragover=${(e: DragEvent) => e.preventDefault()} @drop=${this.onDrop}>
      <label>Add images <input type="file" accept="image/*" multiple @change=${(e: Event) => this.onPicked(e, (f) => this.addFiles(f))} /></label>
      <label>Add a folder <input type="file" webkitdirectory multiple @change=${(e: Event) => this.onPicked(e, (f) => this.addFiles(f))} /></label>
      <form @submit=${(e: SubmitEvent) => (e.preventDefault(), void this.addUrl(e.target as HTMLFormElement))}>
        <label>Add from this site's URL <input name="url" type="text" inputmode="url" placeholder="/photos/a.jpg" /></label>
        <button type="submit">Add</button>
      </form>
      <label>Search with a photo <input type="file" accept="image/*" @change=${(e: Event) => this.onPicked(e, (f) => (f[0] ? this.search(f[0]) : Promise.resolve()))} /></label>
      <button @click=${() => void this.toggleCamera()} aria-pressed=${this.cameraOn}>${this.cameraOn ? 'Stop camera' : 'Use the camera'}</button>
      <button @click=${() => void this.searchSnapshot()} ?disabled=${!this.cameraOn}>Search with a snapshot</button>
      <button @click=${() => void this.addSnapshot()} ?disabled=${!this.cameraOn}>Add a snapshot</button>
      <button @click=${() => void this.download()} ?disabled=${!this.gallery.length}>Export index</button>
      <label>Import index <input type="file" accept="application/json,.json" @change=${(e: Event) => this.onPicked(e, (f) => (f[0] ? this.importIndex(f[0]) : Promise.resolve()))} /></label>
      <button @click=${() => void this.clear()} ?disabled=${!this.gallery.length}>Empty the index</button>
    </div>`;
  }

  private renderResults() {
    if (!this.results.length || !this.query) return nothing;
    const chosen = this.results[this.selected];
    const image = chosen && this.gallery.find((g) => g.id === chosen.id);
    return html`<section aria-label="Search results">
      <ol part="results">
        ${this.results.map(
          (r, i) => html`<li><button aria-pressed=${i === this.selected} @click=${() => (this.selected = i)}>
            <img src=${this.gallery.find((g) => g.id === r.id)?.url ?? ''} alt="" />
            <span>${i + 1}. ${r.id}</span><br />
            <span>score ${r.score.toFixed(3)}</span> · <span class=${r.inliers ? 'verified' : ''}>${r.inliers} matching points</span>
          </button></li>`,
        )}
      </ol>
      ${chosen && image ? matchView(this.query, image, chosen.pairs ?? [], `Query and ${chosen.id}: ${chosen.inliers} matching points joined by lines`) : nothing}
    </section>`;
  }

  private renderGallery() {
    if (!this.gallery.length)
      return html`<p part="gallery">No images yet: add files, a folder, a URL from this site or a camera snapshot.</p>`;
    return html`<details open>
      <summary>Index: ${this.gallery.length} images</summary>
      <ul part="gallery">
        ${this.gallery.map(
          (
            g,
          ) => html`<li><figure><img src=${g.url} alt=${g.id} loading="lazy" /><figcaption title=${g.id}>${g.id}</figcaption></figure>
            <button class="remove" aria-label="Remove ${g.id} from the index" @click=${() => void this.remove(g.id)}>×</button></li>`,
        )}
      </ul>
    </details>`;
  }

  override render() {
    const p = this.progress;
    return html`<div class="layout">
      ${this.renderControls()}
      ${p ? html`<progress part="progress" max=${p.total} .value=${p.done} aria-label="Indexing progress"></progress>` : nothing}
      <div part="status" role="status" aria-live="polite">${this.status}</div>
      ${this.error ? html`<div part="error" role="alert">${this.error}</div>` : nothing}
      <div part="backend">${this.backendInfo ? `Backend: ${this.backendInfo.backend} (${this.backendInfo.reason})` : 'Choosing a backend…'}</div>
      ${this.cameraOn ? html`<div part="camera">${this.camera.video}</div>` : nothing}
      ${this.renderResults()}
      ${this.renderGallery()}
    </div>`;
  }
}
