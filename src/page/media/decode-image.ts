/**
 * Decoding a user's image (URL or Blob) with clear errors: empty file, not an
 * image, undecodable. Larger images are scaled down while decoding to at most
 * MAX_DECODE_SIDE: the workers never need more, and a 10000-px photo would
 * otherwise cost 400 MB per copy.
 */
export const MAX_DECODE_SIDE = 2048;

/** Decodes an image from a URL or Blob, checked and scaled to at most MAX_DECODE_SIDE. */
export async function decodeImage(source: string | Blob, what: string): Promise<ImageBitmap> {
  return (await decodeScaled(source, what)).bitmap;
}

/** As decodeImage, with the scale applied to the image's own pixels. */
export async function decodeScaled(
  source: string | Blob,
  what: string,
): Promise<{ bitmap: ImageBitmap; scale: number }> {
  let blob: Blob;
  if (typeof source === 'string') {
    const response = await fetch(source).catch((error: unknown) => {
      throw new Error(
        `${what} could not be fetched (${error instanceof Error ? error.message : String(error)})`,
      );
    });
    if (!response.ok) throw new Error(`${what} could not be loaded (HTTP ${response.status})`);
    blob = await response.blob();
  } else {
    blob = source;
  }
  if (blob.size === 0) throw new Error(`${what} is an empty file`);
  if (blob.type && !blob.type.startsWith('image/')) throw new Error(`${what} is not an image (${blob.type})`);
  let bitmap: ImageBitmap;
  try {
    bitmap = blob.type === 'image/svg+xml' ? await svgBitmap(blob) : await createImageBitmap(blob);
  } catch {
    throw new Error(`${what} is not an image this browser can decode`);
  }
  const scale = MAX_DECODE_SIDE / Math.max(bitmap.width, bitmap.height);
  if (scale >= 1) return { bitmap, scale: 1 };
  const smaller = await createImageBitmap(bitmap, {
    resizeWidth: Math.max(1, Math.round(bitmap.width * scale)),
    resizeHeight: Math.max(1, Math.round(bitmap.height * scale)),
    resizeQuality: 'high',
  });
  bitmap.close();
  return { bitmap: smaller, scale };
}

/** createImageBitmap takes no SVG: an <img> draws it, at its own size or the default 300x150. */
async function svgBitmap(blob: Blob): Promise<ImageBitmap> {
  const url = URL.createObjectURL(blob);
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = new OffscreenCanvas(img.naturalWidth || 300, img.naturalHeight || 150);
    canvas.getContext('2d')!.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await createImageBitmap(canvas);
  } finally {
    URL.revokeObjectURL(url);
  }
}
