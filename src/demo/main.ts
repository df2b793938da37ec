/** Demo page: registers the elements and applies kiosk mode. */
import './demo.css';
import '../elements/ml-runtime-status/ml-runtime-status.js';
import '../elements/gaze-portrait/gaze-portrait.js';
import '../elements/ppe-monitor/ppe-monitor.js';
import '../elements/sound-anomaly/sound-anomaly.js';
import '../elements/image-finder/image-finder.js';
import { keepScreenAwake, kioskTarget } from '../page/kiosk.js';
import { registerServiceWorker } from './offline.js';

const ELEMENT_TAGS = ['gaze-portrait', 'ppe-monitor', 'sound-anomaly', 'image-finder'] as const;

async function applyKiosk(): Promise<void> {
  const tag = kioskTarget(location.search, ELEMENT_TAGS);
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

void applyKiosk();
void registerServiceWorker();
