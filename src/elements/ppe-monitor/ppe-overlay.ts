/**
 * Draws each person's parts boxed in their status colour, numbered, faces
 * optionally blurred (on screen and in saved snapshots alike). The same code
 * draws a checked image's boxes onto the image and the live view's boxes
 * onto the transparent layer over the video.
 */
import { EQUIPMENT_FOR } from '../../core/ppe/ppe-analysis.js';
import { customProperties } from '../base/custom-properties.js';
import type {
  BoundingBox,
  ProtectiveEquipmentResponse,
  SummaryPolicy,
} from '../../core/ppe/protective-equipment.js';

export interface OverlayColours {
  compliant: string;
  nonCompliant: string;
  unknown: string;
}

export interface OverlayStyle {
  colours: OverlayColours;
  blur: boolean;
  policy: SummaryPolicy;
}

/** Where each person is drawn: the analysed boxes shifted by (dx, dy) of the frame. */
export type PersonShift = (index: number) => { dx: number; dy: number };

/** The box colours, from the element's `--ppe-*` custom properties. */
export function overlayColours(element: Element): OverlayColours {
  const read = customProperties(element);
  return {
    compliant: read('--ppe-compliant', '#15803d'),
    nonCompliant: read('--ppe-non-compliant', '#dc2626'),
    unknown: read('--ppe-unknown', '#a16207'),
  };
}

const NO_SHIFT: PersonShift = () => ({ dx: 0, dy: 0 });

function statusOf(response: ProtectiveEquipmentResponse, id: number): keyof OverlayColours {
  if (response.Summary.PersonsWithRequiredEquipment.includes(id)) return 'compliant';
  return response.Summary.PersonsWithoutRequiredEquipment.includes(id) ? 'nonCompliant' : 'unknown';
}

function rectOf(b: BoundingBox, w: number, h: number, s: { dx: number; dy: number }) {
  return [(b.Left + s.dx) * w, (b.Top + s.dy) * h, b.Width * w, b.Height * h] as const;
}

/** Blurs the head areas of `source` (the frame) onto the canvas. */
function blurHeads(
  ctx: CanvasRenderingContext2D,
  source: CanvasImageSource,
  response: ProtectiveEquipmentResponse,
  shift: PersonShift,
): void {
  const { width, height } = ctx.canvas;
  ctx.save();
  ctx.filter = `blur(${Math.max(6, Math.round(width / 80))}px)`;
  response.Persons.forEach((person, i) => {
    for (const part of person.BodyParts.filter((b) => b.Name === 'HEAD')) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(...rectOf(part.BoundingBox, width, height, shift(i)));
      ctx.clip();
      ctx.drawImage(source, 0, 0, width, height);
      ctx.restore();
    }
  });
  ctx.restore();
}

/**
 * Boxes for every person of `response` (numbered `numbers[i]`, or their Id + 1), blurring heads
 * of `frame` first when asked.
 */
export function drawPeople(
  ctx: CanvasRenderingContext2D,
  response: ProtectiveEquipmentResponse,
  style: OverlayStyle,
  frame: CanvasImageSource,
  numbers: readonly number[] = [],
  shift: PersonShift = NO_SHIFT,
): void {
  const { width, height } = ctx.canvas;
  if (style.blur) blurHeads(ctx, frame, response, shift);
  ctx.lineWidth = Math.max(2, width / 320);
  ctx.font = `600 ${Math.max(14, Math.round(width / 40))}px system-ui, sans-serif`;
  response.Persons.forEach((person, i) => {
    const at = shift(i);
    ctx.strokeStyle = ctx.fillStyle = style.colours[statusOf(response, person.Id)];
    for (const part of person.BodyParts) {
      // Solid: a part whose equipment the policy requires; dashed: found, but not required.
      ctx.setLineDash(style.policy.required.includes(EQUIPMENT_FOR[part.Name]) ? [] : [6, 4]);
      ctx.strokeRect(...rectOf(part.BoundingBox, width, height, at));
    }
    if (!person.BodyParts.length) {
      // A body whose face and head were not seen (the `bodies` option): its own box, dotted.
      ctx.setLineDash([2, 4]);
      ctx.strokeRect(...rectOf(person.BoundingBox, width, height, at));
    }
    const face = person.BodyParts.find((p) => p.Name === 'FACE')?.BoundingBox ?? person.BoundingBox;
    const [x, y] = rectOf(face, width, height, at);
    ctx.setLineDash([]);
    ctx.fillText(`#${numbers[i] ?? person.Id + 1}`, x, Math.max(14, y - 6));
  });
}

/** A checked image with its boxes: drawn once, so nothing blinks. */
export function drawStill(
  canvas: HTMLCanvasElement,
  image: ImageBitmap,
  response: ProtectiveEquipmentResponse,
  style: OverlayStyle,
): void {
  [canvas.width, canvas.height] = [image.width, image.height];
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(image, 0, 0);
  drawPeople(ctx, response, style, canvas);
}
