/**
 * The camera only after the visitor asks for it: a camera element shows why
 * it wants the camera and a "Start camera" button, calls getUserMedia only
 * once that is clicked, and remembers the click for the session.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import '../../src/elements/ppe-monitor/ppe-monitor.js';
import '../../src/elements/gaze-portrait/gaze-portrait.js';
import '../../src/elements/image-finder/image-finder.js';
import type { CameraController } from '../../src/elements/base/camera-controller.js';
import { until } from './helpers.js';

const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
let calls = 0;

beforeEach(() => {
  sessionStorage.clear();
  calls = 0;
  navigator.mediaDevices.getUserMedia = (constraints) => {
    calls++;
    return original(constraints);
  };
});

afterEach(() => {
  navigator.mediaDevices.getUserMedia = original;
  document.body.replaceChildren();
  sessionStorage.clear();
});

const cameraOf = (el: Element) => (el as unknown as { camera: CameraController }).camera;
const promptOf = (el: Element) => el.shadowRoot?.querySelector<HTMLElement>('[part=camera-prompt]') ?? null;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function mount(tag: 'ppe-monitor' | 'gaze-portrait') {
  const el = Object.assign(document.createElement(tag), { backend: 'wasm' });
  document.body.append(el);
  return el;
}

describe('the camera only after a click', () => {
  for (const tag of ['ppe-monitor', 'gaze-portrait'] as const) {
    it(`<${tag}> explains, waits for "Start camera", then remembers the click for the session`, async () => {
      const el = mount(tag);
      await until(() => promptOf(el) !== null, 90_000);
      expect(promptOf(el)!.textContent).toMatch(/stays on this device/);
      await pause(4000); // long enough for any loop that would start the camera by itself
      expect(calls).toBe(0);
      expect(cameraOf(el).state).toBe('idle');

      promptOf(el)!.querySelector('button')!.click();
      await until(() => cameraOf(el).live, 30_000);
      expect(calls).toBe(1);
      await until(() => promptOf(el) === null, 5000);

      el.remove();
      const again = mount(tag); // a second element (or a reload) in the same session starts at once
      await until(() => cameraOf(again).live, 90_000);
      expect(promptOf(again)).toBeNull();
    }, 180_000);
  }

  it('<image-finder>\'s "Use the camera" is the visitor\'s click: it starts the camera at once', async () => {
    const finder = Object.assign(document.createElement('image-finder'), {
      backend: 'wasm',
      indexKey: 'consent',
    });
    document.body.append(finder);
    const button = () =>
      [...finder.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Use the camera');
    await until(() => button() !== undefined, 90_000);
    await pause(2000);
    expect(calls).toBe(0);
    button()!.click();
    await until(() => cameraOf(finder).live, 30_000);
    expect(calls).toBe(1);
  }, 180_000);

  it('a denied camera says how to allow it and offers "Try again"', async () => {
    navigator.mediaDevices.getUserMedia = () => {
      calls++;
      return Promise.reject(new DOMException('denied', 'NotAllowedError'));
    };
    const el = mount('ppe-monitor');
    await until(() => promptOf(el) !== null, 90_000);
    promptOf(el)!.querySelector('button')!.click();
    await until(() => promptOf(el)?.querySelector('button')?.textContent === 'Try again', 30_000);
    expect(calls).toBe(1);
    expect(promptOf(el)!.textContent).toMatch(/denied|blocked|allow/i);
  }, 180_000);
});
