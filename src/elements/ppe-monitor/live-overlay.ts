/**
 * The live PPE view: the camera's <video> plays at the camera's rate, and the
 * transparent canvas over it is redrawn on every animation frame with the
 * latest analysis's boxes. Each person's boxes glide from where they were
 * drawn toward where the last analysis saw them (core/ppe/person-tracker.ts),
 * so they follow people smoothly and are never cleared between analyses.
 */
import { glide } from '../../core/ppe/person-tracker.js';
import type { BoundingBox, ProtectiveEquipmentResponse } from '../../core/ppe/protective-equipment.js';
import { type OverlayStyle, drawPeople } from './ppe-overlay.js';

interface Shown {
  response: ProtectiveEquipmentResponse;
  numbers: number[];
  style: OverlayStyle;
}

export class LiveOverlay {
  private shown: Shown | null = null;
  /** Person number → the person box as last drawn. */
  private drawn = new Map<number, BoundingBox>();
  private lastDrawMs = 0;
  private raf = 0;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly canvas: () => HTMLCanvasElement | null,
  ) {}

  /**
   * The latest analysis of the camera, its people numbered by the tracker, and the look to draw it with
   * (read once per analysis, not on every animation frame).
   */
  show(response: ProtectiveEquipmentResponse, numbers: number[], style: OverlayStyle): void {
    this.shown = { response, numbers, style };
    const alive = new Set(numbers);
    for (const number of this.drawn.keys()) if (!alive.has(number)) this.drawn.delete(number);
  }

  clear(): void {
    this.shown = null;
    this.drawn.clear();
  }

  start(): void {
    if (this.raf) return;
    const frame = (now: number) => {
      this.raf = requestAnimationFrame(frame);
      this.draw(now);
    };
    this.raf = requestAnimationFrame(frame);
  }

  stop(): void {
    cancelAnimationFrame(this.raf);
    this.raf = 0;
  }

  private draw(now: number): void {
    const canvas = this.canvas();
    const { videoWidth: w, videoHeight: h } = this.video;
    if (!canvas || !w || !h) return;
    if (canvas.width !== w || canvas.height !== h) [canvas.width, canvas.height] = [w, h];
    const ctx = canvas.getContext('2d')!;
    ctx.clearRect(0, 0, w, h);
    const elapsed = now - this.lastDrawMs;
    this.lastDrawMs = now;
    if (!this.shown) return;
    const { response, numbers, style } = this.shown;
    const shifts = response.Persons.map((person, i) => {
      const target = person.BoundingBox;
      const from = this.drawn.get(numbers[i]!) ?? target;
      const at = glide(from, target, elapsed);
      this.drawn.set(numbers[i]!, at);
      return { dx: at.Left - target.Left, dy: at.Top - target.Top };
    });
    drawPeople(ctx, response, style, this.video, numbers, (i) => shifts[i]!);
  }
}
