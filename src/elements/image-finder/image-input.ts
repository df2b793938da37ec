/**
 * Anything a page may hand the element as an image, made into an ImageBitmap
 * with a clear error: empty or corrupt files, unsupported types, other
 * origins' URLs (the element contacts no origin but the page's own), images
 * with no pixels. Huge images are scaled down while decoding (decode-image.ts).
 */
import { decodeImage } from '../../page/media/decode-image.js';

export type FinderImage =
  | Blob
  | string
  | ImageBitmap
  | HTMLImageElement
  | HTMLCanvasElement
  | HTMLVideoElement
  | OffscreenCanvas
  | ImageData;

/** Thumbnails for the gallery and the match view: longer side in pixels. */
const THUMBNAIL_SIDE = 320;

export function describeImage(image: FinderImage): string {
  if (image instanceof File) return image.name;
  if (typeof image === 'string') return image.split('/').pop() || image;
  if (image instanceof Blob) return `an image (${image.type || 'no type'})`;
  return 'the image';
}

export async function imageBitmap(image: FinderImage, what = describeImage(image)): Promise<ImageBitmap> {
  if (typeof image === 'string') {
    const url = new URL(image, location.href);
    if (url.origin !== location.origin && url.protocol !== 'blob:' && url.protocol !== 'data:')
      throw new Error(`${what}: only same-origin URLs are indexed (the element contacts no other origin)`);
    return decodeImage(url.href, what);
  }
  if (image instanceof Blob) return decodeImage(image, what);
  if (image instanceof HTMLImageElement && !image.complete) await image.decode().catch(() => undefined);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(image);
  } catch (error) {
    throw new Error(
      `${what} has no pixels to read (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (!bitmap.width || !bitmap.height) {
    bitmap.close();
    throw new Error(`${what} is empty (0 pixels)`);
  }
  return bitmap;
}

/** A small JPEG of the image, for the gallery and the match view. */
export async function thumbnailOf(bitmap: ImageBitmap): Promise<Blob> {
  const scale = Math.min(1, THUMBNAIL_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = new OffscreenCanvas(
    Math.max(1, Math.round(bitmap.width * scale)),
    Math.max(1, Math.round(bitmap.height * scale)),
  );
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2D canvas is not available here');
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
}
