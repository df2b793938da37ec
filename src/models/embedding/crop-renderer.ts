/**
 * Renders square crops of a frame at the embedding's input size on a 2D
 * canvas, optionally with an augmentation (turn, mirror, colour filter, low
 * resolution). The same code cuts crops at inference and in training, so the
 * classifier never sees pixels prepared another way.
 */
import type { Rect } from '../../shared/geometry.js';

export type CropSource = ImageBitmap | OffscreenCanvas | HTMLCanvasElement | HTMLImageElement | VideoFrame;

export interface CropAugmentation {
  /** Radians, about the crop centre. */
  angle?: number;
  mirror?: boolean;
  /** A CSS filter string, e.g. "brightness(1.2) hue-rotate(40deg)". */
  filter?: string;
  /** Render at this side first, then scale up: a small or distant face. */
  lowResolution?: number;
}

export class CropRenderer {
  private readonly canvas: OffscreenCanvas;
  private readonly ctx: OffscreenCanvasRenderingContext2D;
  private small: OffscreenCanvas | null = null;

  constructor(readonly size: number) {
    this.canvas = new OffscreenCanvas(size, size);
    const ctx = this.canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('2D canvas is not available here');
    this.ctx = ctx;
  }

  /** The crop's pixels; areas outside the frame are black, as in the training data. */
  render(source: CropSource, rect: Rect, aug: CropAugmentation = {}): ImageData {
    const side = aug.lowResolution
      ? Math.min(this.size, Math.max(8, Math.round(aug.lowResolution)))
      : this.size;
    const target = side === this.size ? this.ctx : this.smallContext();
    draw(target, side, source, rect, aug);
    if (target !== this.ctx) {
      this.ctx.imageSmoothingQuality = 'medium';
      this.ctx.drawImage(target.canvas, 0, 0, side, side, 0, 0, this.size, this.size);
    }
    return this.ctx.getImageData(0, 0, this.size, this.size);
  }

  private smallContext(): OffscreenCanvasRenderingContext2D {
    this.small ??= new OffscreenCanvas(this.size, this.size);
    const ctx = this.small.getContext('2d');
    if (!ctx) throw new Error('2D canvas is not available here');
    return ctx;
  }
}

function draw(
  ctx: OffscreenCanvasRenderingContext2D,
  side: number,
  source: CropSource,
  rect: Rect,
  aug: CropAugmentation,
): void {
  ctx.save();
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, side, side);
  ctx.filter = aug.filter ?? 'none';
  ctx.imageSmoothingQuality = 'medium';
  ctx.translate(side / 2, side / 2);
  if (aug.angle) ctx.rotate(aug.angle);
  const scale = side / rect.width;
  ctx.scale(aug.mirror ? -scale : scale, scale);
  ctx.drawImage(source, -rect.x - rect.width / 2, -rect.y - rect.height / 2);
  ctx.restore();
}
