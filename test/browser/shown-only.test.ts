/**
 * Only a shown element works: hidden (as a kiosk hides the others), or off
 * screen for more than a few seconds, an element has no camera, microphone or
 * inference running, and it picks them up again when it is shown.
 */
import { afterEach, describe, expect, it } from 'vitest';
import '../../src/elements/ppe-monitor/ppe-monitor.js';
import '../../src/elements/gaze-portrait/gaze-portrait.js';
import '../../src/elements/sound-anomaly/sound-anomaly.js';
import type { CameraController } from '../../src/elements/base/camera-controller.js';
import type { MicrophoneController } from '../../src/elements/base/microphone-controller.js';
import { OFFSCREEN_GRACE_MS } from '../../src/elements/base/visibility-controller.js';
import { until } from './helpers.js';

const cameraOf = (el: Element) => (el as unknown as { camera: CameraController }).camera;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(() => document.body.replaceChildren());

describe('an element that is not shown', () => {
  it('<ppe-monitor> hidden analyses nothing and leaves the camera off, then works once shown', async () => {
    const monitor = Object.assign(document.createElement('ppe-monitor'), {
      backend: 'wasm',
      autostart: true,
      interval: 300,
      cameraId: 'hidden',
    });
    monitor.hidden = true;
    document.body.append(monitor);
    // Models loaded: from here on, a shown monitor would be analysing camera frames.
    const status = () => monitor.shadowRoot?.querySelector('[part=status]')?.textContent ?? '';
    await until(() => !/^$|Loading/.test(status()) && !monitor.shadowRoot!.querySelector('progress'), 90_000);
    await pause(3000);
    expect(monitor.analysedCount).toBe(0);
    expect(cameraOf(monitor).state).toBe('idle');

    monitor.hidden = false;
    await until(() => monitor.analysedCount >= 2, 60_000);
    expect(cameraOf(monitor).live).toBe(true);
  }, 180_000);

  it('<gaze-portrait> scrolled away stops its camera and tracking after the grace period, and resumes', async () => {
    const portrait = Object.assign(document.createElement('gaze-portrait'), {
      backend: 'wasm',
      autostart: true,
    });
    portrait.setAttribute('src', '/portraits/astronaut.jpg');
    document.body.append(portrait);
    await until(() => portrait.detections > 3, 90_000);

    // Pushed far below the fold, as a visitor scrolling past it would leave it.
    document.body.prepend(Object.assign(document.createElement('div'), { style: 'height: 8000px' }));
    window.scrollTo(0, 0);
    await pause(OFFSCREEN_GRACE_MS + 1500);
    expect(cameraOf(portrait).state).toBe('idle');
    const stopped = portrait.detections;
    await pause(1500);
    expect(portrait.detections).toBe(stopped);

    portrait.scrollIntoView();
    await until(() => cameraOf(portrait).live && portrait.detections > stopped + 3, 30_000);
  }, 180_000);

  it('<sound-anomaly> set to the microphone but hidden does not open it, and does once shown', async () => {
    const sound = Object.assign(document.createElement('sound-anomaly'), { backend: 'wasm' });
    sound.hidden = true;
    sound.source = 'microphone';
    document.body.append(sound);
    const microphone = (sound as unknown as { listening: { microphone: MicrophoneController } }).listening
      .microphone;
    await pause(2000);
    expect(microphone.state).toBe('idle');
    sound.hidden = false;
    await until(() => microphone.state === 'live', 30_000);
    sound.hidden = true;
    await until(() => microphone.state !== 'live', 30_000);
  }, 120_000);
});
