/**
 * The old, pasted-mask data set (../shared/data/ppe) holds many photos twice,
 * with and without a mask: their difference is the mask alone
 * (mask-layer.ts). A mask moved down below the nose or onto the chin is the
 * principled "worn wrongly" example no real data set here has: the same mask,
 * the same face, only no longer over nose and mouth, labelled not covering as
 * Rekognition's CoversBodyPart false. Recoloured in place it stays covering.
 */
import type { BlazeFaceDetector } from '../../../src/models/blazeface/blazeface-detector.js';
import { largestFace } from '../../../src/core/face/decode.js';
import { faceCrop } from '../../../src/core/ppe/body-part-boxes.js';
import { PPE_FACE_DECODE } from '../../../src/core/ppe/face-tiling.js';
import type { CropRequest } from '../../../src/models/embedding/embed-crops.js';
import type { TaskContext } from '../../eval/task-context.js';
import { jitterRect, randomAugmentation } from './augmentation.js';
import { type LabelledPhoto, pairStem } from './labelled-folder.js';
import { extractMaskLayer, pasteMask } from './mask-layer.js';

export interface Composite {
  x: Float32Array;
  covered: boolean;
  /** Key of the bare photo it was made from (its split side). */
  bareKey: string;
  /** Moved below the nose or onto the chin. */
  lowered: boolean;
}

/** Masked/bare pairs by file name ("12-with-mask.jpg" ↔ "12.jpg"). */
export function maskPairs<T extends LabelledPhoto>(photos: T[]): { masked: T; bare: T }[] {
  const bare = new Map(photos.filter((p) => !p.covered).map((p) => [pairStem(p.key), p]));
  return photos
    .filter((p) => p.covered && bare.has(pairStem(p.key)))
    .map((masked) => ({ masked, bare: bare.get(pairStem(masked.key))! }));
}

async function bitmap(ctx: TaskContext, path: string): Promise<ImageBitmap | null> {
  const response = await fetch(ctx.fileUrl(path));
  return response.ok ? createImageBitmap(await response.blob()).catch(() => null) : null;
}

/**
 * For each pair: the mask under the nose (3 crops), on the chin (2), and
 * recoloured in place (3), augmented; `plain` gives one unaugmented lowered crop per pair instead
 * (for validation).
 */
export async function maskComposites(
  ctx: TaskContext,
  pairs: { masked: LabelledPhoto; bare: LabelledPhoto }[],
  detector: BlazeFaceDetector,
  embed: (crops: CropRequest[]) => Promise<Float32Array[]>,
  rand: () => number,
  plain = false,
): Promise<Composite[]> {
  const out: Composite[] = [];
  for (const { masked, bare } of pairs) {
    const made: (Omit<Composite, 'x'> & { crop: CropRequest })[] = [];
    const [m, b] = [await bitmap(ctx, masked.path), await bitmap(ctx, bare.path)];
    const layer = m && b ? extractMaskLayer(m, b) : null;
    const face = b && layer ? largestFace(await detector.detect(b, PPE_FACE_DECODE))?.box : undefined;
    m?.close();
    if (!b || !layer || !face) continue;
    const add = (source: OffscreenCanvas, covered: boolean, lowered: boolean, copies: number) => {
      for (let i = 0; i < copies; i++)
        made.push({
          crop: plain
            ? { source, rect: faceCrop(face) }
            : { source, rect: jitterRect(faceCrop(face), rand), aug: randomAugmentation(rand) },
          covered,
          bareKey: bare.key,
          lowered,
        });
    };
    if (plain) add(pasteMask(b, layer, 0.4 + 0.2 * rand()), false, true, 1);
    else {
      add(pasteMask(b, layer, 0.4 + 0.2 * rand()), false, true, 3);
      add(pasteMask(b, layer, 0.75 + 0.2 * rand()), false, true, 2);
      const recolour = `hue-rotate(${Math.round(60 + 240 * rand())}deg) saturate(${(0.5 + rand()).toFixed(2)})`;
      add(pasteMask(b, layer, 0, recolour), true, false, 3);
    }
    const rows = await embed(made.map((c) => c.crop));
    made.forEach(({ crop: _, ...c }, i) => out.push({ ...c, x: rows[i]! }));
    b.close();
  }
  return out;
}
