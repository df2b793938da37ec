/**
 * Draws an analysed frame with each person's parts boxed in their status
 * colour, faces optionally blurred (on screen and in saved snapshots alike).
 */
import { EQUIPMENT_FOR } from '../../core/ppe/ppe-analysis.js';
import type { ProtectiveEquipmentResponse, SummaryPolicy } from '../../core/ppe/protective-equipment.js';

export interface OverlayColours {
  compliant: string;
  nonCompliant: string;
  unknown: string;
}

function statusOf(response: ProtectiveEquipmentResponse, id: number): keyof OverlayColours {
  if (response.Summary.PersonsWithRequiredEquipment.includes(id)) return 'compliant';
  return response.Summary.PersonsWithoutRequiredEquipment.includes(id) ? 'nonCompliant' : 'unknown';
}

/** Blurs the face areas of what is already on the canvas. */
function blurFaces(ctx: CanvasRenderingContext2D, response: ProtectiveEquipmentResponse): void {
  const { width, height } = ctx.canvas;
  const copy = new OffscreenCanvas(width, height);
  copy.getContext('2d')!.drawImage(ctx.canvas, 0, 0);
  ctx.save();
  ctx.filter = `blur(${Math.max(6, Math.round(width / 80))}px)`;
  for (const part of response.Persons.flatMap((p) => p.BodyParts.filter((b) => b.Name === 'HEAD'))) {
    const b = part.BoundingBox;
    ctx.save();
    ctx.beginPath();
    ctx.rect(b.Left * width, b.Top * height, b.Width * width, b.Height * height);
    ctx.clip();
    ctx.drawImage(copy, 0, 0);
    ctx.restore();
  }
  ctx.restore();
}

export function drawOverlay(
  ctx: CanvasRenderingContext2D,
  response: ProtectiveEquipmentResponse,
  colours: OverlayColours,
  blur: boolean,
  policy: SummaryPolicy,
): void {
  const { width, height } = ctx.canvas;
  if (blur) blurFaces(ctx, response);
  ctx.lineWidth = Math.max(2, width / 320);
  ctx.font = `${Math.max(12, Math.round(width / 45))}px system-ui, sans-serif`;
  for (const person of response.Persons) {
    const colour = colours[statusOf(response, person.Id)];
    ctx.strokeStyle = ctx.fillStyle = colour;
    for (const part of person.BodyParts) {
      const b = part.BoundingBox;
      // Solid: a part whose equipment the policy requires; dashed: found, but not required.
      ctx.setLineDash(policy.required.includes(EQUIPMENT_FOR[part.Name]) ? [] : [6, 4]);
      ctx.strokeRect(b.Left * width, b.Top * height, b.Width * width, b.Height * height);
    }
    const face = person.BodyParts.find((p) => p.Name === 'FACE')?.BoundingBox ?? person.BoundingBox;
    ctx.setLineDash([]);
    ctx.fillText(`#${person.Id}`, face.Left * width, Math.max(12, face.Top * height - 4));
  }
}
