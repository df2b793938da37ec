/** Random, seeded crop augmentations for training: pose, framing, light, colour, distance. */
import type { CropAugmentation } from '../../../src/models/embedding/crop-renderer.js';
import type { Rect } from '../../../src/shared/geometry.js';

const between = (rand: () => number, lo: number, hi: number) => lo + (hi - lo) * rand();

export function randomAugmentation(rand: () => number): CropAugmentation {
  const filters = [
    `brightness(${between(rand, 0.55, 1.45).toFixed(2)})`,
    `contrast(${between(rand, 0.65, 1.35).toFixed(2)})`,
    `saturate(${between(rand, 0.3, 1.6).toFixed(2)})`,
  ];
  if (rand() < 0.4) filters.push(`hue-rotate(${Math.round(between(rand, -180, 180))}deg)`);
  if (rand() < 0.15) filters.push('grayscale(1)');
  if (rand() < 0.2) filters.push(`blur(${between(rand, 0.5, 1.8).toFixed(1)}px)`);
  return {
    angle: between(rand, -0.3, 0.3),
    mirror: rand() < 0.5,
    filter: filters.join(' '),
    ...(rand() < 0.3 ? { lowResolution: between(rand, 20, 64) } : {}),
  };
}

/**
 * The crop moved and resized a little, as a detector's box wobbles; `spread`
 * 2 doubles the wobble (heads found from a pose are placed less exactly than a face detector's box).
 */
export function jitterRect(r: Rect, rand: () => number, spread = 1): Rect {
  const side = r.width * between(rand, 1 - 0.15 * spread, 1 + 0.2 * spread);
  const cx = r.x + r.width / 2 + between(rand, -0.08, 0.08) * spread * r.width;
  const cy = r.y + r.height / 2 + between(rand, -0.08, 0.08) * spread * r.height;
  return { x: cx - side / 2, y: cy - side / 2, width: side, height: side };
}
