import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { DEFAULT_SEARCH } from '../../contracts/retrieval.js';
import { saveFile } from '../../page/save-file.js';
import { CameraController } from '../base/camera-controller.js';
import { MlElement } from '../base/ml-element.js';
import { messageOf } from '../../shared/errors.js';
import {
  type GalleryImage,
  type ShownResult,
  finderControls,
  galleryView,
  resultsView,
} from './finder-views.js';
import type { IndexProgressDetail, SearchResult, SearchResultDetail } from './finder-events.js';
import { type FinderImage, describeImage, imageBitmap, thumbnailOf } from './image-input.js';
import { ImageStore, type StoredImage, indexFromFile, indexToFile, storedImage } from './image-store.js';
import type { MatchSide } from './match-view.js';
import { styles } from './image-finder.styles.js';

export type { FinderImage } from './image-input.js';
export type { IndexProgressDetail, SearchResult, SearchResultDetail } from './finder-events.js';

declare global {
  interface HTMLElementTagNameMap {
    'image-finder': ImageFinder;
  }
  interface HTMLElementEventMap {
    'ml-index-progress': CustomEvent<IndexProgressDetail>;
    'ml-search-result': CustomEvent<SearchResultDetail>;
  }
}

const store = new ImageStore();

/**
 * @summary Instance-level image retrieval on the device: index a gallery, then find *this* painting, building or product from a photo or the camera. A global descriptor ranks the gallery; local features with affine RANSAC, and the photo's regions, re-rank the top candidates.
 *
 * @fires ml-index-progress - After each image add() or a batch handles. `detail`: {done, total, id, error?}.
 * @fires ml-search-result - After every search. `detail`: {results: [{id, score, inliers}], ms}.
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
export class ImageFinder extends MlElement<'retrieval'> {
  static override styles = styles;

  protected readonly capability = 'retrieval';

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
  protected override status = 'Loading the index…';
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

  override connectedCallback(): void {
    super.connectedCallback();
    this.restored = this.serial(() => this.restore());
  }

  /** The index comes back from IndexedDB into the new worker. */
  protected override runtimeReplaced(): void {
    // An operation sent to the old worker never answers: the queue starts afresh behind the restore.
    this.queue = Promise.resolve();
    this.restored = this.serial(() => this.restore());
  }

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

  /**
   * Indexes one image under `id` (replacing an image of that id): description in the worker, record in
   * IndexedDB.
   */
  async add(id: string, image: FinderImage): Promise<void> {
    await this.restored;
    return this.serial(() => this.addOne(id, image, { done: 0, total: 1 }));
  }

  /**
   * Indexes files (ids: their names, or paths inside a chosen folder); unreadable ones are reported and
   * skipped.
   */
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
          rejected.push({ file: id, error: messageOf(error) });
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
      const removed = (await this.service.removeImages(this.indexKey, [id])) > 0;
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
      await this.service.clearIndex(this.indexKey);
      await store.clear(this.indexKey);
      this.gallery.forEach((g) => URL.revokeObjectURL(g.url));
      this.gallery = [];
      this.results = [];
      this.status = 'The index is empty.';
    });
  }

  /**
   * The gallery's best matches for an image: global top candidates re-ranked by verified local matches, then
   * by the best of the photo's regions.
   */
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
        const report = await this.service.search(this.indexKey, bitmap, {
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
        this.emit('ml-search-result', { results, ms: report.ms });
        return results;
      } catch (error) {
        this.showError(error);
        throw error;
      }
    });
  }

  /** The whole index (descriptors, local features, thumbnails) as one JSON file. */
  async exportIndex(): Promise<Blob> {
    await this.restored;
    return indexToFile(await store.all(this.indexKey));
  }

  /**
   * Adds the images of an exported index (same ids are replaced). A file that is not an index changes
   * nothing.
   */
  async importIndex(file: Blob): Promise<number> {
    await this.restored;
    return this.serial(async () => {
      try {
        const images = await indexFromFile(file, this.indexKey);
        await this.service.loadRecords(
          this.indexKey,
          images.map((i) => i.record),
        );
        for (const image of images) await store.put(image);
        this.showImages(images);
        this.status = `Imported ${images.length} images; ${this.gallery.length} in the index.`;
        this.error = '';
        return images.length;
      } catch (error) {
        this.showError(error);
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
      await this.startRuntime();
      await this.service.clearIndex(this.indexKey);
      this.gallery.forEach((g) => URL.revokeObjectURL(g.url));
      this.gallery = [];
      const images = await store.all(this.indexKey);
      await this.service.loadRecords(
        this.indexKey,
        images.map((i) => i.record),
      );
      this.showImages(images);
      // Loaded now, with progress, rather than silently on the first add or search.
      await this.service.loadModel(
        'centernet',
        (p) =>
          (this.status = `Loading the image model… ${Math.round((100 * p.loaded) / Math.max(1, p.total))}%`),
      );
      this.status = images.length
        ? `${images.length} images in the index (restored).`
        : 'Add images to the index, then search with a photo or the camera.';
    } catch (error) {
      this.showError(error, 'The index could not be restored');
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
      const record = await this.service.addImage(this.indexKey, id, bitmap);
      const stored = storedImage(this.indexKey, record, thumbnail);
      await store.put(stored);
      this.showImages([stored]);
      this.error = '';
      this.status = `Indexed ${id}; ${this.gallery.length} in the index.`;
      this.emitProgress({ done: at.done + 1, total: at.total, id });
    } catch (error) {
      this.error = messageOf(error);
      this.status = `${id} was not added; ${this.gallery.length} in the index.`;
      this.emitProgress({ done: at.done + 1, total: at.total, id, error: messageOf(error) });
      throw error;
    } finally {
      this.progress = at.done + 1 >= at.total ? null : { done: at.done + 1, total: at.total };
    }
  }

  private emitProgress(detail: IndexProgressDetail): void {
    this.emit('ml-index-progress', detail);
  }

  private async snapshot(): Promise<ImageBitmap | null> {
    const frame = await this.camera.grabFrame();
    if (!frame) this.error = this.camera.message || 'The camera gave no frame.';
    return frame;
  }

  /** The camera preview stops while the finder is not shown, and comes back with it. */
  protected override shownChanged(shown: boolean): void {
    if (!this.cameraOn) return;
    if (shown) void this.camera.start();
    else this.camera.stop();
  }

  private async toggleCamera(): Promise<void> {
    if (this.cameraOn) {
      this.camera.stop();
      this.cameraOn = false;
      return;
    }
    this.cameraOn = true;
    if (!(await this.camera.startByVisitor())) {
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

  private async download(): Promise<void> {
    saveFile(await this.exportIndex(), `image-index-${this.indexKey}.json`);
  }

  override render() {
    const p = this.progress;
    return html`<div class="layout">
      ${finderControls(
        { cameraOn: this.cameraOn, empty: !this.gallery.length },
        {
          add: (files) => void this.addFiles(files).catch(() => undefined),
          addUrl: (url) => void this.add(url, url).catch(() => undefined),
          search: (file) => void this.search(file).catch(() => undefined),
          toggleCamera: () => void this.toggleCamera(),
          searchSnapshot: () => void this.searchSnapshot(),
          addSnapshot: () => void this.addSnapshot(),
          exportIndex: () => void this.download(),
          importIndex: (file) => void this.importIndex(file).catch(() => undefined),
          clear: () => void this.clear(),
        },
      )}
      ${p ? html`<progress part="progress" max=${p.total} .value=${p.done} aria-label="Indexing progress"></progress>` : nothing}
      <div part="status" role="status" aria-live="polite">${this.status}</div>
      ${this.renderError()}
      ${this.renderBackend()}
      ${this.cameraOn ? html`<div part="camera">${this.camera.video}</div>` : nothing}
      ${resultsView(this.results, this.selected, this.query, this.gallery, (i) => (this.selected = i))}
      ${galleryView(this.gallery, (id) => void this.remove(id))}
    </div>`;
  }
}
