/**
 * Whether an element is shown: its tab visible, and the element on screen (not
 * `display: none`, not hidden by a kiosk page, not scrolled away for more than
 * a few seconds). Elements run their camera, microphone and inference loops
 * only while shown, so a page of several elements, or a kiosk that shows one
 * of them, does the work of what a visitor sees and nothing more.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Scrolled away for this long before work stops: scrolling past an element does not restart its camera. */
export const OFFSCREEN_GRACE_MS = 5000;

export class VisibilityController implements ReactiveController {
  /** False until the element is first seen on screen. */
  shown = false;
  private onScreen = false;
  private observer: IntersectionObserver | null = null;
  private grace: ReturnType<typeof setTimeout> | null = null;
  private readonly onVisibility = () => this.update();

  constructor(
    private readonly host: ReactiveControllerHost & Element,
    private readonly onChange: (shown: boolean) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.observer = new IntersectionObserver((entries) => {
      this.onScreen = entries.at(-1)?.isIntersecting ?? false;
      this.update();
    });
    this.observer.observe(this.host);
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = null;
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.clearGrace();
    this.shown = false;
  }

  private update(): void {
    const visible = document.visibilityState !== 'hidden';
    if (visible && this.onScreen) {
      this.clearGrace();
      return this.set(true);
    }
    // A hidden tab stops at once; an element scrolled away after the grace period.
    if (!visible) return this.set(false);
    this.grace ??= setTimeout(() => this.set(false), OFFSCREEN_GRACE_MS);
  }

  private set(shown: boolean): void {
    this.clearGrace();
    if (shown === this.shown) return;
    this.shown = shown;
    this.onChange(shown);
    this.host.requestUpdate();
  }

  private clearGrace(): void {
    if (this.grace) clearTimeout(this.grace);
    this.grace = null;
  }
}
