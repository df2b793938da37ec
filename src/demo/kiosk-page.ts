/**
 * Kiosk mode (`?kiosk=<tag>`): the element alone, filling the screen, in its
 * kiosk view, with the camera started without a click (a kiosk's browser
 * grants it by policy) and the screen kept awake. The cursor hides after 3 s
 * still. Admin controls and diagnostics (the element's full view) appear on a
 * deliberate action only: Ctrl+Shift+A, or a press held for 3 s; the same
 * action hides them again.
 */
import type { ElementEntry } from '../elements/registry.js';
import { keepScreenAwake } from '../page/kiosk.js';
import { createDemoElement } from './element-page.js';

const HOLD_MS = 3000;
const CURSOR_IDLE_MS = 3000;

function toggleAdmin(element: HTMLElement): void {
  element.toggleAttribute('kiosk');
  document.body.classList.toggle('kiosk-admin', !element.hasAttribute('kiosk'));
}

function onDeliberateAction(run: () => void): void {
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey && e.shiftKey && e.key.toLowerCase() === 'a') run();
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cancel = () => clearTimeout(timer);
  document.addEventListener('pointerdown', () => {
    cancel();
    timer = setTimeout(run, HOLD_MS);
  });
  for (const type of ['pointerup', 'pointercancel', 'pointerleave']) document.addEventListener(type, cancel);
}

function hideIdleCursor(): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const wake = () => {
    document.body.classList.remove('cursor-idle');
    clearTimeout(timer);
    timer = setTimeout(() => document.body.classList.add('cursor-idle'), CURSOR_IDLE_MS);
  };
  document.addEventListener('pointermove', wake);
  wake();
}

/** The attributes the kiosk's URL sets (only those the element's entry lists); `false` or `0` removes one. */
export function kioskAttributes(search: string, entry: ElementEntry): [string, string | null][] {
  const params = new URLSearchParams(search);
  return (entry.settable ?? [])
    .filter((name) => params.has(name))
    .map((name) => {
      const value = params.get(name)!;
      return [name, value === 'false' ? null : value];
    });
}

export async function showKiosk(main: HTMLElement, entry: ElementEntry): Promise<HTMLElement> {
  document.body.classList.add('kiosk');
  const header = document.querySelector('.page-header');
  header?.classList.add('visually-hidden'); // for screen readers only (demo.css)
  const heading = header?.querySelector('h1');
  if (heading) heading.textContent = entry.title;
  document.title = `${entry.title} · On-device ML elements`;
  const element = createDemoElement(entry);
  element.setAttribute('kiosk', '');
  element.setAttribute('autostart', '');
  for (const [name, value] of kioskAttributes(location.search, entry))
    if (value === null) element.removeAttribute(name);
    else element.setAttribute(name, value);
  element.classList.add('kiosk-target');
  main.append(element);
  onDeliberateAction(() => toggleAdmin(element));
  hideIdleCursor();
  // Fullscreen needs a user gesture: the first tap anywhere enters it.
  document.addEventListener(
    'pointerdown',
    () => void document.documentElement.requestFullscreen?.().catch(() => undefined),
    { once: true },
  );
  const lock = await keepScreenAwake();
  if (lock.problem) console.info(`kiosk: ${lock.problem}`);
  return element;
}
