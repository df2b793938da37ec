/**
 * The project's own augmentation for face covers. Where the data set holds a
 * photo twice, once with a pasted mask and once without, the difference is
 * the mask alone. That mask is then
 *   - pasted lower, below the nose or on the chin → "not covering" examples
 *     (a mask worn below the nose does not count), and
 *   - recoloured in place → "covering" examples in colours the data lacks.
 */
import type { Rect } from '../../../src/shared/geometry.js';

export interface MaskLayer {
  /** The masked photo's pixels where it differs from the bare one, transparent elsewhere. */
  layer: OffscreenCanvas;
  bounds: Rect;
}

function pixels(image: ImageBitmap): ImageData {
  const canvas = new OffscreenCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(image, 0, 0);
  return ctx.getImageData(0, 0, image.width, image.height);
}

/** Summed RGB difference above which a pixel belongs to the mask (JPEG noise stays below). */
const CHANGED = 90;

/** null unless the two photos are the same picture apart from a mask-sized region. */
export function extractMaskLayer(masked: ImageBitmap, bare: ImageBitmap): MaskLayer | null {
  if (masked.width !== bare.width || masked.height !== bare.height) return null;
  const a = pixels(masked);
  const b = pixels(bare);
  const out = new ImageData(a.width, a.height);
  let changed = 0;
  let [x0, y0, x1, y1] = [a.width, a.height, -1, -1];
  for (let p = 0, i = 0; i < a.data.length; p++, i += 4) {
    const d =
      Math.abs(a.data[i]! - b.data[i]!) +
      Math.abs(a.data[i + 1]! - b.data[i + 1]!) +
      Math.abs(a.data[i + 2]! - b.data[i + 2]!);
    if (d < CHANGED) continue;
    changed++;
    out.data.set([a.data[i]!, a.data[i + 1]!, a.data[i + 2]!, 255], i);
    const [x, y] = [p % a.width, Math.floor(p / a.width)];
    [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
  }
  const share = changed / (a.width * a.height);
  if (share < 0.01 || share > 0.35) return null; // different photos, or no mask at all
  const layer = new OffscreenCanvas(a.width, a.height);
  layer.getContext('2d')!.putImageData(out, 0, 0);
  return { layer, bounds: { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 } };
}

/** The bare photo with the mask drawn `drop` mask-heights lower, through an optional CSS filter. */
export function pasteMask(
  bare: ImageBitmap,
  mask: MaskLayer,
  drop: number,
  filter = 'none',
): OffscreenCanvas {
  const canvas = new OffscreenCanvas(bare.width, bare.height);
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(bare, 0, 0);
  ctx.filter = filter;
  ctx.drawImage(mask.layer, 0, Math.round(drop * mask.bounds.height));
  return canvas;
}
