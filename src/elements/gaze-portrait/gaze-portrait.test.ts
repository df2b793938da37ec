import { afterEach, describe, expect, it } from 'vitest';
import './gaze-portrait.js';
import type { GazeChangeDetail, GazePortrait, PortraitReadyDetail } from './gaze-portrait.js';
import { WorkerClient } from '../../page/worker-client.js';
import { insidePolygon } from '../../core/gaze/rgba-image.js';
import { GROUP_PHOTO, loadBitmap, solid, sortByX, until } from '../../../test/browser/helpers.js';
import type { CameraController } from '../base/camera-controller.js';
import { FaceDetectorPool } from '../../page/face-detector-pool.js';
import { expectAccessible } from '../../../test/browser/accessibility.js';

const ASTRONAUT = '/portraits/astronaut.jpg';

function mount(attrs: Record<string, string | null>, before?: (el: GazePortrait) => void) {
  const el = document.createElement('gaze-portrait');
  // autostart: these tests are about the camera's frames, not the visitor's click (tested on its own below).
  Object.entries({ backend: 'wasm', autostart: '', ...attrs }).forEach(([k, v]) =>
    v === null ? el.removeAttribute(k) : el.setAttribute(k, v),
  );
  before?.(el);
  const ready = new Promise<PortraitReadyDetail>((resolve) =>
    el.addEventListener('ml-portrait-ready', (e) => resolve(e.detail), { once: true }),
  );
  const changes: GazeChangeDetail[] = [];
  el.addEventListener('ml-gaze-change', (e) => changes.push(e.detail));
  document.body.append(el);
  return { el, ready, changes };
}

const part = (el: GazePortrait, name: string) =>
  el.shadowRoot!.querySelector(`[part=${name}]`)?.textContent ?? '';

function pixels(bitmap: ImageBitmap): Uint8ClampedArray {
  const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0);
  return ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
}

afterEach(() => document.body.replaceChildren());

describe('synthesised gaze frames', () => {
  it('differ from the portrait around the eyes and nowhere else when the head does not turn', async () => {
    const client = new WorkerClient('gaze', 'wasm', { rememberChoice: false });
    const set = await client.service.synthesizeFrames(
      await loadBitmap(ASTRONAUT),
      { columns: 33, rows: 1 },
      { headTurn: 0 },
    );
    client.terminate();
    expect(set.eyes).toHaveLength(2);
    const base = pixels(set.base);
    const { rect } = set;
    // An eye's opening, grown by 2 px for the anti-aliased rim.
    const nearEye = (x: number, y: number) =>
      set.eyes.some((e) =>
        [
          [0, 0],
          [2, 0],
          [-2, 0],
          [0, 2],
          [0, -2],
        ].some(([dx, dy]) => insidePolygon(e.opening, x + 0.5 + dx!, y + 0.5 + dy!)),
      );
    for (const index of [0, 32]) {
      const frame = pixels(set.frames[index]!);
      const changedPerEye = [0, 0];
      for (let y = 0; y < rect.height; y++) {
        for (let x = 0; x < rect.width; x++) {
          const o = ((rect.y + y) * set.width + rect.x + x) * 4;
          const f = (y * rect.width + x) * 4;
          const diff = Math.max(...[0, 1, 2].map((c) => Math.abs(frame[f + c]! - base[o + c]!)));
          const gx = rect.x + x;
          const gy = rect.y + y;
          if (!nearEye(gx, gy))
            expect(diff, `pixel ${gx},${gy} outside the eyes changed`).toBeLessThanOrEqual(1);
          else if (diff > 30) changedPerEye[gx < (set.eyes[0]!.iris.x + set.eyes[1]!.iris.x) / 2 ? 0 : 1]!++;
        }
      }
      // Each eye really changed: at least a quarter of its iris disc area.
      for (const [i, count] of changedPerEye.entries())
        expect(count).toBeGreaterThan((Math.PI * set.eyes[i]!.iris.radius ** 2) / 4);
    }
  });
});

describe('face detector pool', () => {
  it('starts a second worker only when frames wait, and finds the same faces on every worker', async () => {
    const pool = new FaceDetectorPool('wasm', 2, { rememberChoice: false });
    const photo = await loadBitmap(GROUP_PHOTO);
    await pool.detect(await createImageBitmap(photo));
    expect(pool.started, 'one frame at a time: one worker is enough').toBe(1);
    const results = await Promise.all(
      [0, 1, 2, 3].map(async () => pool.detect(await createImageBitmap(photo))),
    );
    expect(pool.started, 'frames waiting: the second worker started').toBe(2);
    pool.terminate(true);
    for (const faces of results) {
      expect(faces).toHaveLength(3);
      sortByX(faces).forEach((f, i) => expect(f.box.x).toBeCloseTo(sortByX(results[0]!)[i]!.box.x, 3));
    }
  });
});

describe('<gaze-portrait>', () => {
  it('shows the Mona Lisa by default: the painting ships with the project, nothing is downloaded', async () => {
    const { el, ready } = mount({});
    el.tracking = false;
    let readyYet = false;
    void ready.then(() => (readyYet = true));
    // The painting is on screen while the models load and the frames are made (a kiosk is never blank).
    const canvas = () => el.shadowRoot?.querySelector('canvas');
    await until(() => (canvas()?.width ?? 0) > 0);
    expect(readyYet).toBe(false);
    expect([canvas()!.width, canvas()!.height]).toEqual([800, 1192]);
    const detail = await ready;
    expect([detail.width, detail.height]).toEqual([800, 1192]);
    expect(el.shadowRoot!.querySelector('canvas')!.getAttribute('aria-label')).toMatch(/^Mona Lisa/);
  });

  it('shows the portrait with a clear message when the camera is denied, and the eyes rest at centre', async () => {
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
    try {
      const { el, ready, changes } = mount({ src: ASTRONAUT });
      expect((await ready).frames).toBe(33);
      await until(() => changes.length > 0 && /denied|blocked|permission/i.test(part(el, 'error')));
      expect(changes.at(-1)!.frame).toBe(16);
      const canvas = el.shadowRoot!.querySelector('canvas')!;
      expect(canvas.width).toBe(512);
      const centre = canvas.getContext('2d')!.getImageData(256, 256, 1, 1).data;
      expect(centre[0]! + centre[1]! + centre[2]!).toBeGreaterThan(0);
      await expectAccessible(el);
    } finally {
      navigator.mediaDevices.getUserMedia = original;
    }
  });

  it('follows the fake camera and reports frame, viewer and backend', async () => {
    const { el, ready, changes } = mount({ src: ASTRONAUT });
    await ready;
    await until(() => changes.some((c) => c.mode === 'tracking'));
    const tracking = changes.find((c) => c.mode === 'tracking')!;
    expect(tracking.backend).toBe('wasm');
    expect(tracking.faces).toBe(3);
    expect(tracking.x).toBeGreaterThan(0);
    await expectAccessible(el);
  });

  it('restarts the camera by itself when it is lost, as a kiosk needs', async () => {
    const { el, ready, changes } = mount({ src: ASTRONAUT });
    await ready;
    await until(() => changes.some((c) => c.mode === 'tracking'));
    const camera = (el as unknown as { camera: CameraController }).camera;
    const track = (camera.video.srcObject as MediaStream).getVideoTracks()[0]!;
    track.stop();
    track.dispatchEvent(new Event('ended')); // what the browser fires when a camera is unplugged
    expect(camera.state).toBe('ended');
    await until(() => camera.state === 'live', 20_000);
    const before = el.detections;
    await until(() => el.detections > before + 3);
  });

  it('explains a bad portrait and keeps working with the next one', async () => {
    const { el, ready } = mount({ src: URL.createObjectURL(await solid(1, 1, '#888')) });
    el.tracking = false;
    await until(() => /no face/i.test(part(el, 'error')));
    el.src = URL.createObjectURL(new Blob(['not an image'], { type: 'text/plain' }));
    await until(() => /not an image/i.test(part(el, 'error')));
    el.src = URL.createObjectURL(new Blob([]));
    await until(() => /empty/i.test(part(el, 'error')));
    el.src = ASTRONAUT;
    expect((await ready).frames).toBe(33);
    expect(part(el, 'error')).toBe('');
  });

  it('shows a new src after the visitor chose a portrait file', async () => {
    const { el, ready } = mount({ src: ASTRONAUT });
    el.tracking = false;
    await ready;
    const readies: PortraitReadyDetail[] = [];
    el.addEventListener('ml-portrait-ready', (e) => readies.push(e.detail));
    const small = new OffscreenCanvas(400, 400);
    small.getContext('2d')!.drawImage(await loadBitmap(ASTRONAUT), 0, 0, 400, 400);
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=file]')!;
    const chosen = new DataTransfer();
    chosen.items.add(new File([await small.convertToBlob()], 'mine.png', { type: 'image/png' }));
    input.files = chosen.files;
    input.dispatchEvent(new Event('change'));
    await until(() => readies.some((r) => r.width === 400));
    const before = readies.length;
    el.src = `${ASTRONAUT}?again`;
    await until(() => readies.length > before);
    expect(readies.at(-1)!.width).toBe(512);
    expect(el.shadowRoot!.querySelector('canvas')!.width).toBe(512);
  });

  it('scales a 10000 x 10000 image down instead of failing', async () => {
    const huge = await solid(10000, 10000, '#777', 'image/jpeg');
    const { el } = mount({ src: URL.createObjectURL(huge) });
    el.tracking = false;
    await until(() => /no face/i.test(part(el, 'error')));
  });

  it('blends a pre-rendered frame set into the painting without a seam, and moves by keyboard when tracking is off', async () => {
    const colours = ['#ff0000', '#00ff00', '#0000ff'];
    const frames = await Promise.all(colours.map(async (c) => URL.createObjectURL(await solid(100, 120, c))));
    const head = { x: 200, y: 40, width: 100, height: 120 };
    const manifest = URL.createObjectURL(
      new Blob([JSON.stringify({ head, columns: 3, rows: 1, frames })], { type: 'application/json' }),
    );
    const { el, ready, changes } = mount({ src: ASTRONAUT, frames: manifest });
    el.tracking = false;
    const detail = await ready;
    expect(detail).toMatchObject({ source: 'pre-rendered', frames: 3 });
    const canvas = el.shadowRoot!.querySelector('canvas')!;
    const ctx = canvas.getContext('2d')!;
    el.frameIndex = 0;
    const centre = ctx.getImageData(250, 100, 1, 1).data;
    expect(centre[0]).toBeGreaterThan(240);
    expect(centre[1]).toBeLessThan(15);
    const painting = pixels(await loadBitmap(ASTRONAUT));
    const edge = ctx.getImageData(200, 100, 1, 1).data;
    const original = painting.subarray((100 * 512 + 200) * 4, (100 * 512 + 200) * 4 + 3);
    for (let c = 0; c < 3; c++) expect(Math.abs(edge[c]! - original[c]!)).toBeLessThanOrEqual(3);
    const stage = el.shadowRoot!.querySelector<HTMLElement>('.stage')!;
    stage.focus();
    stage.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    expect(el.frameIndex).toBe(1);
    expect(changes.at(-1)!.frame).toBe(1);
    expect(ctx.getImageData(250, 100, 1, 1).data[1]).toBeGreaterThan(240);
  });
});
