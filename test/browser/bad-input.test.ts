/**
 * Every element fed what a visitor may drop on it: broken files (empty, text
 * named as an image or WAV, cut off, a corrupt header, a header alone, NaN
 * samples), extreme ones (1x1, 10000x10000, ten minutes) and valid but unusual
 * ones (16-bit PNG, CMYK JPEG, animated GIF, SVG, 8 channels at 48 kHz,
 * 96 kHz/24-bit). A broken file gets a message that names it; a good input
 * right after still works; what the element stores (PPE history, the image
 * index, the saved sound model) is unchanged by anything it refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import '../../src/elements/ppe-monitor/ppe-monitor.js';
import '../../src/elements/image-finder/image-finder.js';
import '../../src/elements/gaze-portrait/gaze-portrait.js';
import '../../src/elements/sound-anomaly/sound-anomaly.js';
import type { PortraitReadyDetail } from '../../src/elements/gaze-portrait/gaze-portrait.js';
import { PpeStore } from '../../src/elements/ppe-monitor/ppe-store.js';
import { ImageStore } from '../../src/elements/image-finder/image-store.js';
import { SoundStore } from '../../src/elements/sound-anomaly/sound-store.js';
import { machinePartials, sampleMachine } from '../machine-sound.js';
import { wav } from '../../src/core/audio/wav-writer.js';
import { GROUP_PHOTO, solid, until } from './helpers.js';

const ODD = '/test/fixtures/generated/odd-images';
const TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  wav: 'audio/wav',
};

async function file(url: string, name = url.split('/').pop()!): Promise<File> {
  const blob = await (await fetch(url)).blob();
  return new File([blob], name, { type: TYPES[name.split('.').pop()!] ?? '' });
}

const named = (blob: Blob, name: string) => new File([blob], name, { type: TYPES[name.split('.').pop()!] });

/** The image matrix: which files decode (valid, if unusual) and which must be refused by name. */
async function images(): Promise<{ good: File[]; broken: File[] }> {
  const good = [
    named(await solid(10000, 10000, '#777', 'image/jpeg'), 'huge.jpg'),
    ...(await Promise.all(
      ['ramp-16bit.png', 'cmyk.jpg', 'animated.gif', 'drawing.svg'].map((n) => file(`${ODD}/${n}`)),
    )),
  ];
  const broken = await Promise.all(
    ['empty.png', 'notes.jpg', 'truncated.jpg'].map((n) => file(`${ODD}/${n}`)),
  );
  return { good, broken };
}

const part = (el: Element, name: string) => el.shadowRoot!.querySelector(`[part=${name}]`)?.textContent ?? '';

afterEach(() => document.body.replaceChildren());

describe('bad input', () => {
  it('<ppe-monitor>: refuses broken and tiny images by name, checks unusual ones, and records only what it checked', async () => {
    const camera = `bad-input-${Date.now()}`;
    const store = new PpeStore();
    const el = Object.assign(document.createElement('ppe-monitor'), {
      backend: 'wasm',
      source: 'none',
      cameraId: camera,
    });
    document.body.append(el);
    await until(() => part(el, 'status').includes('Drop an image'), 90_000);
    const { good, broken } = await images();
    broken.push(named(await solid(1, 1, '#888'), 'one-pixel.png'));
    for (const bad of broken) {
      const before = (await store.records(camera)).length;
      await expect(el.analyze(bad), bad.name).rejects.toThrow(bad.name);
      expect(part(el, 'error')).toContain(bad.name);
      expect((await store.records(camera)).length).toBe(before);
    }
    for (const image of good) expect((await el.analyze(image)).metrics.detectedPeople, image.name).toBe(0);
    expect((await el.analyze(await file(GROUP_PHOTO))).metrics.detectedPeople).toBe(3);
    expect(part(el, 'error')).toBe('');
    // Records are written in the background: wait for the last one.
    let recorded = 0;
    for (let i = 0; i < 100 && recorded < good.length + 1; i++) {
      recorded = (await store.records(camera)).length;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(recorded).toBe(good.length + 1);
    await store.clearRecords(camera);
  }, 300_000);

  it('<image-finder>: refuses broken files by name, indexes unusual ones, and its stored rows are only those', async () => {
    const key = `bad-input-${Date.now()}`;
    const el = Object.assign(document.createElement('image-finder'), { backend: 'wasm', indexKey: key });
    document.body.append(el);
    const { good, broken } = await images();
    await el.add('group.jpg', GROUP_PHOTO);
    const { added, rejected } = await el.addFiles([...broken, ...good]);
    expect(rejected.map((r) => r.file)).toEqual(broken.map((f) => f.name));
    for (const { file: name, error } of rejected) expect(error).toContain(name);
    expect(added).toEqual(good.map((f) => f.name));
    expect((await new ImageStore().all(key)).map((row) => row.id)).toEqual(['group.jpg', ...added]);
    expect((await el.search(GROUP_PHOTO))[0]!.id).toBe('group.jpg');
    await el.clear();
  }, 300_000);

  it('<gaze-portrait>: names a chosen file it cannot use, and the next good portrait still works', async () => {
    const el = Object.assign(document.createElement('gaze-portrait'), { backend: 'wasm', tracking: false });
    el.setAttribute('src', '/portraits/astronaut.jpg');
    const readies: PortraitReadyDetail[] = [];
    el.addEventListener('ml-portrait-ready', (e) => readies.push(e.detail));
    document.body.append(el);
    await until(() => readies.length === 1, 90_000);
    const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=file]')!;
    const choose = (chosen: File) => {
      const list = new DataTransfer();
      list.items.add(chosen);
      input.files = list.files;
      input.dispatchEvent(new Event('change'));
    };
    const { good, broken } = await images();
    // None of these holds a face: each is refused, by name.
    for (const bad of [...broken, ...good]) {
      choose(bad);
      await until(() => part(el, 'error').includes(bad.name), 60_000);
    }
    choose(await file('/portraits/astronaut.jpg', 'astronaut.jpg'));
    await until(() => readies.length === 2, 60_000);
    expect(readies[1]!.frames).toBe(33);
    expect(part(el, 'error')).toBe('');
  }, 300_000);

  it('<sound-anomaly>: refuses broken WAVs by name, takes 8 channels, 96 kHz/24-bit and ten minutes, and its saved model is untouched', async () => {
    const RATE = 16000;
    /** The test machine sampled at any rate, on every channel. */
    const machine = (seed: number, seconds: number, rate = RATE, channels = 1) =>
      Array(channels).fill(sampleMachine(machinePartials(seed), rate, seconds)) as Float32Array[];
    /** A long recording, cheap to make: the machine's hum alone. */
    const longHum = (seconds: number) =>
      Float32Array.from({ length: seconds * RATE }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 120 * i) / RATE));
    const wavFile = (name: string, buffer: ArrayBuffer) => new File([buffer], name, { type: 'audio/wav' });
    const key = `bad-input-${Date.now()}`;
    const el = Object.assign(document.createElement('sound-anomaly'), {
      backend: 'wasm',
      modelKey: key,
      settings: { folds: 2, autoencoder: { epochs: 60 } },
    });
    document.body.append(el);
    await el.train(
      [1, 2, 3, 4].map((s) => wavFile(`normal-${s}.wav`, wav(machine(s, 4), RATE, { bits: 16 }))),
    );
    const store = new SoundStore();
    const saved = JSON.stringify(await store.load(key));

    const good = wav(machine(9, 4), RATE, { bits: 16 });
    const corrupt = good.slice(0);
    new DataView(corrupt).setUint16(22, 0, true); // zero channels
    const withNaN = machine(10, 4).map((c) => c.map((v, i) => (i === 5000 ? NaN : v)));
    const broken = [
      new File([], 'empty.wav', { type: 'audio/wav' }),
      new File(['not a recording'], 'notes.wav', { type: 'audio/wav' }),
      wavFile('corrupt-header.wav', corrupt),
      wavFile('header-only.wav', good.slice(0, 44)),
      wavFile('truncated.wav', good.slice(0, 20_000)),
      wavFile('nan.wav', wav(withNaN, RATE, { bits: 32, float: true })),
    ];
    const { added, rejected } = await el.addClips(broken, 'unlabelled');
    expect(added).toEqual([]);
    expect(rejected.map((r) => r.file)).toEqual(broken.map((f) => f.name));
    for (const { file: name, error } of rejected) expect(error, name).toContain(name);

    // The same sound at 16 kHz, on 8 channels at 48 kHz and at 96 kHz/24-bit scores the same; ten minutes scores.
    const unusual = [
      wavFile('16k.wav', wav(machine(11, 4), RATE, { bits: 16 })),
      wavFile('8-channels-48k.wav', wav(machine(11, 4, 48000, 8), 48000, { bits: 16 })),
      wavFile('96k-24bit.wav', wav(machine(11, 4, 96000), 96000, { bits: 24 })),
      wavFile('ten-minutes.wav', wav([longHum(600)], RATE, { bits: 16 })),
    ];
    const scores = [];
    for (const clip of unusual) scores.push(await el.score(clip));
    for (const s of scores) expect(Number.isFinite(s.score), s.clip).toBe(true);
    for (const s of scores.slice(1, 3))
      expect(Math.abs(s.score / scores[0]!.score - 1), s.clip).toBeLessThan(0.05);

    expect(JSON.stringify(await store.load(key))).toBe(saved);
    expect(
      Number.isFinite(
        (await el.score(wavFile('normal-13.wav', wav(machine(13, 4), RATE, { bits: 16 })))).score,
      ),
    ).toBe(true);
  }, 300_000);
});
