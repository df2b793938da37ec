/**
 * A scene with its labelled boxes and what the monitor found drawn over it,
 * as a PNG data URL (`eval -- ppe-scenes --overlays N`): labelled boxes
 * dashed (green covered, red not), found parts solid (green covered, red
 * not, yellow unknown), so a reader sees at once what was missed or misjudged.
 */
import type { FoundPart, TruthBox } from './scene-truth.js';

const VERDICT_COLOUR = { covered: '#1c1', uncovered: '#e22', unknown: '#fd0' } as const;

export async function sceneOverlay(
  image: ImageBitmap,
  truth: TruthBox[],
  found: FoundPart[],
): Promise<string> {
  const canvas = new OffscreenCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(image, 0, 0);
  ctx.lineWidth = Math.max(1, image.width / 300);
  ctx.setLineDash([4, 3]);
  for (const t of truth) {
    ctx.strokeStyle = t.covered ? '#0a0' : '#c00';
    ctx.strokeRect(t.box.x, t.box.y, t.box.width, t.box.height);
  }
  ctx.setLineDash([]);
  for (const p of found) {
    ctx.strokeStyle = VERDICT_COLOUR[p.verdict];
    ctx.strokeRect(p.box.x + 1, p.box.y + 1, p.box.width - 2, p.box.height - 2);
  }
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:image/png;base64,${btoa(binary)}`;
}
