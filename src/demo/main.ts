/** Demo page: one card per element of the registry, and kiosk mode. */
import './demo.css';
import { ELEMENTS, type ElementEntry } from '../elements/registry.js';
import '../index.js';
import { keepScreenAwake, kioskTarget } from '../page/kiosk.js';
import { registerServiceWorker } from './offline.js';

function card({ tag, title, demo }: ElementEntry): HTMLElement {
  const section = document.createElement('section');
  section.className = 'card';
  section.dataset.element = tag;
  section.setAttribute('aria-labelledby', `${tag}-title`);
  const heading = Object.assign(document.createElement('h2'), { id: `${tag}-title`, textContent: title });
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(demo)) element.setAttribute(name, value);
  section.append(heading, element);
  return section;
}

const kioskTags = () => ELEMENTS.filter((e) => e.kiosk).map((e) => e.tag);

async function applyKiosk(): Promise<void> {
  const tag = kioskTarget(location.search, kioskTags());
  if (!tag) return;
  document.body.classList.add('kiosk');
  document.querySelector(`[data-element="${tag}"]`)?.classList.add('kiosk-target');
  const lock = await keepScreenAwake();
  if (lock.problem) console.info(`kiosk: ${lock.problem}`);
  // Fullscreen needs a user gesture: the first tap anywhere enters it.
  document.addEventListener(
    'pointerdown',
    () => void document.documentElement.requestFullscreen?.().catch(() => undefined),
    { once: true },
  );
}

// A kiosk shows one element: the others are not created at all (no worker, no model, no camera).
const kiosk = kioskTarget(location.search, kioskTags());
document.querySelector('main')!.append(...ELEMENTS.filter((e) => !kiosk || e.tag === kiosk).map(card));
void applyKiosk();
void registerServiceWorker();
