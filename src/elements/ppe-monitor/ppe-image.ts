/** Images the monitor takes from a host or a visitor: decoded with a clear error, refused when too small. */
import { decodeImage } from '../../page/media/decode-image.js';

/** What analyze() and teach() take. */
export type ImageInput = Blob | ImageBitmap | HTMLImageElement | HTMLCanvasElement;

/** Smaller images cannot hold a face BlazeFace finds. */
const MIN_IMAGE_SIDE = 16;

const describe = (image: ImageInput) => (image instanceof File ? image.name : 'the image');

export function bitmapOf(image: ImageInput): Promise<ImageBitmap> {
  return image instanceof Blob ? decodeImage(image, describe(image)) : createImageBitmap(image);
}

/** The image as a bitmap, or an error naming it when it is too small to hold a face. */
export async function checkableBitmap(image: ImageInput): Promise<ImageBitmap> {
  const bitmap = await bitmapOf(image);
  if (Math.min(bitmap.width, bitmap.height) >= MIN_IMAGE_SIDE) return bitmap;
  const size = `${bitmap.width}x${bitmap.height}`;
  bitmap.close();
  throw new Error(`${describe(image)} is ${size} px: too small to hold a face`);
}

/** Teach mode's picture: the image given, else the live camera's frame, else the last checked image. */
export async function teachingBitmap(
  image: ImageInput | undefined,
  camera: { live: boolean; grabFrame(): Promise<ImageBitmap | null> },
  lastImage: ImageInput | null,
): Promise<ImageBitmap> {
  const source = image ?? (camera.live ? null : lastImage);
  if (source) return bitmapOf(source);
  const frame = await camera.grabFrame();
  if (!frame)
    throw new Error(
      'Teaching needs a picture: show the equipment to the camera (or check an image first), then press the button.',
    );
  return frame;
}
