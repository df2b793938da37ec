import { afterEach, describe, expect, it } from 'vitest';
import './image-finder.js';
import type { ImageFinder, IndexProgressDetail, SearchResultDetail } from './image-finder.js';
import { clientFor } from '../../page/worker-client.js';
import { ImageStore } from './image-store.js';
import { expectAccessible } from '../../../test/browser/accessibility.js';

/** Photos that packages ship, served by the test server. */
const PHOTOS = [1, 2, 3, 4].map((i) => `/node_modules/@vladmandic/face-api/demo/sample${i}.jpg`);

async function finder(key: string): Promise<ImageFinder> {
  const element = document.createElement('image-finder');
  Object.assign(element, { backend: 'wasm', indexKey: key });
  document.body.append(element);
  return element;
}

/** A photo of the photo: turned 15°, the middle 70% cut out, at half size. */
async function croppedRotated(url: string): Promise<Blob> {
  const bitmap = await createImageBitmap(await (await fetch(url)).blob());
  const canvas = new OffscreenCanvas(Math.round(bitmap.width * 0.35), Math.round(bitmap.height * 0.35));
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#777';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.translate(canvas.width / 2, canvas.height / 2);
  ctx.rotate((15 * Math.PI) / 180);
  ctx.scale(0.5, 0.5);
  ctx.drawImage(bitmap, -bitmap.width / 2, -bitmap.height / 2);
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.8 });
}

afterEach(() => document.body.replaceChildren());

describe('<image-finder>', () => {
  it('indexes packaged photos, keeps them across a reload, and finds the original of a cropped, turned copy first', async () => {
    const element = await finder('test-reload');
    await element.clear();
    const progress: IndexProgressDetail[] = [];
    element.addEventListener('ml-index-progress', (e) => progress.push(e.detail));
    for (const url of PHOTOS) await element.add(url.split('/').pop()!, url);
    expect(progress.map((p) => p.id)).toEqual(['sample1.jpg', 'sample2.jpg', 'sample3.jpg', 'sample4.jpg']);
    element.remove();

    // The reload: the worker forgets the index; a new element restores it from IndexedDB.
    await clientFor('retrieval', 'wasm').service.clearIndex('test-reload');
    const reloaded = await finder('test-reload');
    await reloaded.search(await croppedRotated(PHOTOS[0]!)).catch(() => undefined); // waits for the restore
    expect(reloaded.images).toEqual(['sample1.jpg', 'sample2.jpg', 'sample3.jpg', 'sample4.jpg']);
    const events: SearchResultDetail[] = [];
    reloaded.addEventListener('ml-search-result', (e) => events.push(e.detail));
    for (const [i, url] of PHOTOS.entries()) {
      const results = await reloaded.search(await croppedRotated(url), { k: 3 });
      expect(results[0]!.id).toBe(`sample${i + 1}.jpg`);
      expect(results[0]!.inliers).toBeGreaterThan(results[1]!.inliers);
      expect(Object.keys(results[0]!).sort()).toEqual(['id', 'inliers', 'score']);
    }
    expect(events).toHaveLength(4);
    await reloaded.updateComplete;
    const lines = reloaded.shadowRoot!.querySelectorAll('[part="match-view"] line');
    expect(lines.length).toBe((await reloaded.search(await croppedRotated(PHOTOS[3]!)))[0]!.inliers);
    await reloaded.updateComplete;
    // Screen readers hear the best match from the polite live region.
    expect(reloaded.shadowRoot!.querySelector('[role=status][aria-live=polite]')!.textContent).toMatch(
      /^Best match: sample4\.jpg/,
    );
    await expectAccessible(reloaded);
  });

  it('re-ranks images whose local features the worker no longer holds, reading them back from IndexedDB', async () => {
    const element = await finder('test-budget');
    await element.clear();
    for (const url of PHOTOS) await element.add(url.split('/').pop()!, url);
    // A worker over its memory budget: the index starts afresh holding no local features, as at 100k images.
    const client = clientFor('retrieval', 'wasm');
    await client.service.configureIndex('test-budget', 0);
    await client.service.loadRecords(
      'test-budget',
      (await new ImageStore().all('test-budget')).map((i) => i.record),
    );
    expect((await client.service.stats('test-budget')).localInMemory).toBe(0);
    const results = await element.search(await croppedRotated(PHOTOS[2]!), { k: 2 });
    expect(results[0]!.id).toBe('sample3.jpg');
    expect(results[0]!.inliers).toBeGreaterThan(results[1]!.inliers);
    await client.service.configureIndex('test-budget', 5000);
  });

  it("rejects a corrupt, an empty and a non-image file, and another origin's URL, with clear errors; the index is unharmed", async () => {
    const element = await finder('test-bad-input');
    await element.clear();
    await element.add('sample1.jpg', PHOTOS[0]!);
    const good = await (await fetch(PHOTOS[1]!)).blob();
    const corrupt = new File([good.slice(0, 300)], 'corrupt.jpg', { type: 'image/jpeg' });
    const empty = new File([], 'empty.png', { type: 'image/png' });
    const text = new File(['not an image'], 'notes.txt', { type: 'text/plain' });
    const { added, rejected } = await element.addFiles([
      corrupt,
      new File([good], 'sample2.jpg', { type: 'image/jpeg' }),
      empty,
      text,
    ]);
    expect(added).toEqual(['sample2.jpg']);
    expect(rejected.map((r) => r.error)).toEqual([
      'corrupt.jpg is not an image this browser can decode',
      'empty.png is an empty file',
      'notes.txt is not an image (text/plain)',
    ]);
    await expect(element.add('far', 'https://example.com/a.jpg')).rejects.toThrow(/same-origin/);
    await expect(element.search(empty)).rejects.toThrow(/empty file/);
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[part="error"]')?.textContent).toMatch(/empty file/);
    await expectAccessible(element);
    expect(element.images).toEqual(['sample1.jpg', 'sample2.jpg']);
    expect((await element.search(PHOTOS[1]!))[0]!.id).toBe('sample2.jpg');
    // A file that is not an exported index changes nothing either.
    await expect(element.importIndex(text)).rejects.toThrow(/not an exported image index/);
    expect(element.images).toEqual(['sample1.jpg', 'sample2.jpg']);
  });

  it('exports the index as one file and imports it into another index, which then finds the same images', async () => {
    const element = await finder('test-export');
    await element.clear();
    await element.add('sample3.jpg', PHOTOS[2]!);
    await element.add('sample4.jpg', PHOTOS[3]!);
    expect(await element.remove('sample3.jpg')).toBe(true);
    await element.add('sample3.jpg', PHOTOS[2]!);
    const file = await element.exportIndex();
    const other = await finder('test-import');
    await other.clear();
    expect(await other.importIndex(file)).toBe(2);
    expect(other.images.sort()).toEqual(['sample3.jpg', 'sample4.jpg']);
    const [a, b] = await Promise.all([element.search(PHOTOS[3]!), other.search(PHOTOS[3]!)]);
    expect(b).toEqual(a);
  });
});
