/**
 * Gaze frames through the frame cache (storage/gaze-frame-db.ts): a portrait
 * rendered before with the same settings comes back from IndexedDB at once;
 * otherwise its frames are made, handed to the page, and stored afterwards
 * (PNG encoding happens after the page has them, so the first showing does
 * not wait for it).
 */
import type { GazeFrameSet, GazeGrid, SynthesisSettings } from '../../contracts/gaze.js';
import { SYNTHESIS_VERSION } from '../../core/gaze/gaze-frames.js';
import { type GazeFrameCache, type StoredFrameSet, frameSetKey } from '../../storage/gaze-frame-db.js';

export interface CachedSynthesis {
  set: GazeFrameSet;
  cached: boolean;
  /** Stores the set's frames, when they were just made; resolves false if they could not be stored. */
  store: () => Promise<boolean>;
}

async function fromStored(row: StoredFrameSet, pixels: ImageData): Promise<GazeFrameSet> {
  const frames = await Promise.all(row.frames.map((blob) => createImageBitmap(blob)));
  return { ...row.meta, base: await createImageBitmap(pixels), frames, cached: true };
}

async function png(rgba: Uint8ClampedArray<ArrayBuffer>, width: number, height: number): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  canvas.getContext('2d')!.putImageData(new ImageData(rgba, width, height), 0, 0);
  return canvas.convertToBlob({ type: 'image/png' });
}

/** The frames of `pixels`, from the cache or made by `make`. */
export async function cachedSynthesis(
  cache: GazeFrameCache,
  pixels: ImageData,
  grid: GazeGrid,
  settings: SynthesisSettings,
  make: () => Promise<{ set: GazeFrameSet; rgba: Uint8ClampedArray<ArrayBuffer>[] }>,
): Promise<CachedSynthesis> {
  const key = await frameSetKey(pixels, grid, settings, SYNTHESIS_VERSION);
  const row = await cache.read(key);
  if (row) return { set: await fromStored(row, pixels), store: async () => true, cached: true };
  const { set, rgba } = await make();
  const { base: _base, frames: _frames, ...meta } = set;
  const { width, height } = set.rect;
  return {
    set,
    cached: false,
    store: () =>
      cache.write(
        key,
        Promise.all(rgba.map((data) => png(data, width, height))).then((frames) => ({ meta, frames })),
      ),
  };
}
