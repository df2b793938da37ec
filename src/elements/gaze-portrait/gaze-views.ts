/** The portrait's caption (progress, status, errors, backend, buttons) and its letterbox colour. */
import { html, nothing, type TemplateResult } from 'lit';
import { cssColour, edgeColour } from '../../core/gaze/edge-colour.js';

export interface CaptionView {
  progress: number | null;
  status: string;
  notice: string;
  error: string;
  cameraProblem: string;
  backend: TemplateResult | typeof nothing;
  tracking: boolean;
  toggleTracking: () => void;
  usePortrait: (file: File | undefined) => void;
}

export function caption(view: CaptionView) {
  const { progress, error, cameraProblem } = view;
  const problem = error || (cameraProblem ? `${cameraProblem} The portrait is still shown.` : '');
  const picked = (e: Event) => view.usePortrait((e.target as HTMLInputElement).files?.[0]);
  return html`<figcaption>
    ${progress !== null && progress < 1 ? html`<progress part="progress" max="1" value=${progress} aria-label=${view.status}></progress>` : nothing}
    ${progress === null ? html`<progress part="progress" aria-label=${view.status}></progress>` : nothing}
    <p id="status" part="status">${view.status}</p>
    ${view.notice ? html`<p part="notice">${view.notice}</p>` : nothing}
    ${problem ? html`<p part="error" role="alert">${problem}</p>` : nothing}
    <div part="controls" class="controls">
      <button type="button" aria-pressed=${String(!view.tracking)} @click=${view.toggleTracking}>${view.tracking ? 'Pause tracking' : 'Resume tracking'}</button>
      <label class="file-button">Use your own portrait…<input type="file" accept="image/*" @change=${picked} /></label>
    </div>
    ${view.backend}
  </figcaption>`;
}

/** How far an arrow key moves the shown frame (row-major, `columns` to a row); null for other keys. */
export function arrowStep(key: string, columns: number): number | null {
  const steps: Record<string, number> = {
    ArrowLeft: -1,
    ArrowRight: 1,
    ArrowUp: -columns,
    ArrowDown: columns,
  };
  return steps[key] ?? null;
}

/** Sizes the canvas to the portrait as the frames will show it (at most `maxSide`) and draws it. */
export function drawPortrait(canvas: HTMLCanvasElement, portrait: ImageBitmap, maxSide: number): void {
  const scale = Math.min(1, maxSide / Math.max(portrait.width, portrait.height));
  canvas.width = Math.max(1, Math.round(portrait.width * scale));
  canvas.height = Math.max(1, Math.round(portrait.height * scale));
  canvas.getContext('2d')?.drawImage(portrait, 0, 0, canvas.width, canvas.height);
}

/** The mean colour of the drawn portrait's rim, read from a 64 px copy (cheap, and plenty for a mean). */
export function letterboxOf(canvas: HTMLCanvasElement): string {
  const scale = 64 / Math.max(canvas.width, canvas.height, 1);
  const w = Math.max(1, Math.round(canvas.width * scale));
  const h = Math.max(1, Math.round(canvas.height * scale));
  const ctx = new OffscreenCanvas(w, h).getContext('2d', { willReadFrequently: true });
  if (!ctx) return '';
  ctx.drawImage(canvas, 0, 0, w, h);
  return cssColour(edgeColour(ctx.getImageData(0, 0, w, h).data, w, h, 0.06));
}
