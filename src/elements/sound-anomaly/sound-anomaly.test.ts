import { afterEach, describe, expect, it } from 'vitest';
import './sound-anomaly.js';
import type { AnomalyScoreDetail, SoundAnomaly } from './sound-anomaly.js';
import { until, wavBytes } from '../../../test/browser/helpers.js';
import { mulberry32 } from '../../shared/seeded-random.js';
import type { SoundTrainProgress } from '../../contracts/sound.js';
import { expectAccessible } from '../../../test/browser/accessibility.js';
import { decodeWav } from '../../core/audio/wav-file.js';

const RATE = 16000;

/** A "machine": a 440 Hz tone (the fake microphone's) in noise; a fault adds a 120 Hz hum. */
function machine(seed: number, fault = false, seconds = 4): File {
  const rand = mulberry32(seed);
  const samples = Float32Array.from({ length: seconds * RATE }, (_, i) => {
    const t = i / RATE;
    return (
      0.4 * Math.sin(2 * Math.PI * 440 * t) +
      0.05 * (rand() - 0.5) +
      (fault ? 0.3 * Math.sin(2 * Math.PI * 120 * t) : 0)
    );
  });
  return new File([wavBytes(samples, RATE)], `${fault ? 'fault' : 'normal'}-${seed}.wav`, {
    type: 'audio/wav',
  });
}

/**
 * An element trained on normal machine clips: by default the autoencoder (short training: the test is about
 * the wiring, and its epochs give progress), or the method given.
 */
async function trained(
  key: string,
  method: SoundAnomaly['method'] = 'autoencoder',
): Promise<{ element: SoundAnomaly; progress: SoundTrainProgress[] }> {
  const element = document.createElement('sound-anomaly');
  Object.assign(element, {
    backend: 'wasm',
    modelKey: key,
    method,
    settings: { folds: 2, autoencoder: { epochs: 60 } },
  });
  document.body.append(element);
  const progress: SoundTrainProgress[] = [];
  element.addEventListener('ml-training-progress', (e) => progress.push(e.detail));
  await element.train(Array.from({ length: 6 }, (_, i) => machine(i + 1)));
  return { element, progress };
}

afterEach(() => document.body.replaceChildren());

describe('<sound-anomaly>', () => {
  it('trains on normal clips with progress, flags a fault, passes a new normal clip, and plots', async () => {
    const { element, progress } = await trained('test-train');
    expect(progress.length).toBeGreaterThan(60);
    expect(progress.at(-1)).toMatchObject({ fold: 3, folds: 3, epoch: 60, epochs: 60 });
    expect(element.model?.losses).toHaveLength(60);
    const scores: AnomalyScoreDetail[] = [];
    element.addEventListener('ml-anomaly-score', (e) => scores.push(e.detail));
    const fault = await element.score(machine(50, true));
    const normal = await element.score(machine(51));
    expect(fault).toMatchObject({ isAnomaly: true, clip: 'fault-50.wav' });
    expect(normal).toMatchObject({ isAnomaly: false, clip: 'normal-51.wav' });
    expect(fault.score).toBeGreaterThan(normal.score * 3);
    expect(scores).toEqual([fault, normal]);
    const result = await element.evaluate([machine(60), machine(61)], [machine(62, true), machine(63, true)]);
    expect(result.metrics.auc).toBe(1);
    await element.updateComplete;
    const plots = [...element.shadowRoot!.querySelectorAll('svg')].map((s) => s.getAttribute('aria-label'));
    expect(plots.some((l) => l?.startsWith('Waveform'))).toBe(true);
    expect(plots.some((l) => l?.startsWith('Training loss'))).toBe(true);
    expect(plots.some((l) => l?.startsWith('Score histogram'))).toBe(true);
    expect(plots.some((l) => l?.startsWith('ROC curve, AUC 1.000'))).toBe(true);
    await expectAccessible(element);
  });

  it('switches to the supervised CNN once clips are labelled abnormal, and both modes rank the same test set', async () => {
    const { element } = await trained('test-supervised');
    const { added } = await element.addClips(
      [machine(20, true), machine(21, true), machine(22, true)],
      'unlabelled',
    );
    for (const clip of added) element.setLabel(clip.id, 'abnormal');
    const test = [
      [machine(30), machine(31)],
      [machine(32, true), machine(33, true)],
    ] as const;
    const unsupervised = await element.evaluate([...test[0]], [...test[1]]);
    element.mode = 'supervised';
    const model = await element.train();
    expect(model).toMatchObject({ mode: 'supervised', threshold: 0.5, abnormalClips: 3 });
    const supervised = await element.evaluate([...test[0]], [...test[1]]);
    expect(unsupervised.metrics.auc).toBe(1);
    expect(supervised.metrics.auc).toBe(1);
    expect(Math.min(...supervised.abnormal)).toBeGreaterThan(0.5);
  });

  it('scores the fake microphone live: anomaly-score events with finite scores', async () => {
    const { element } = await trained('test-mic');
    const live: AnomalyScoreDetail[] = [];
    element.addEventListener(
      'ml-anomaly-score',
      (e) => e.detail.clip === 'microphone' && live.push(e.detail),
    );
    element.source = 'microphone';
    await until(() => live.length >= 3, 20_000);
    element.source = 'files';
    for (const s of live) {
      expect(Number.isFinite(s.score)).toBe(true);
      expect(s.threshold).toBe(element.model!.threshold);
    }
  });

  it('keeps a flagged moment of the microphone for review, and the operator confirms it as a fault', async () => {
    const { element } = await trained('test-flagged', 'subspace');
    element.threshold = 0; // every live window is flagged
    const flagged: { clip: string; score: number }[] = [];
    element.addEventListener('ml-moment-flagged', (e) => flagged.push(e.detail));
    element.source = 'microphone';
    await until(() => flagged.length >= 1, 30_000);
    element.source = 'files';
    expect(flagged).toHaveLength(1); // one clip per flagged stretch, not one per window
    await element.updateComplete;
    const confirm = [...element.shadowRoot!.querySelectorAll('button')].find(
      (b) => b.textContent === 'Confirm fault',
    )!;
    expect(confirm.getAttribute('aria-label')).toContain(flagged[0]!.clip);
    confirm.click();
    await element.updateComplete;
    const labels = [...element.shadowRoot!.querySelectorAll<HTMLSelectElement>('table select')].map(
      (s) => s.value,
    );
    expect(labels.filter((l) => l === 'abnormal')).toHaveLength(1);
    expect(element.shadowRoot!.textContent).not.toContain('Confirm fault');

    // The kept clip exists nowhere else: it can be saved as a WAV file on this device.
    const downloads: { name: string; href: string }[] = [];
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      downloads.push({ name: this.download, href: this.href });
    };
    try {
      [...element.shadowRoot!.querySelectorAll('button')]
        .find((b) => b.textContent === 'Save as WAV')!
        .click();
      await until(() => downloads.length === 1, 10_000);
    } finally {
      HTMLAnchorElement.prototype.click = click;
    }
    expect(downloads[0]!.name).toMatch(/^Flagged-at-[\d-]+\.wav$/);
    const saved = decodeWav(await (await fetch(downloads[0]!.href)).arrayBuffer(), 'saved.wav');
    expect(saved.channels[0]!.length / saved.sampleRate).toBeGreaterThan(1);
  });

  it('says how far its threshold can be trusted, and how many more normal clips would make it reliable', async () => {
    const { element } = await trained('test-trust', 'subspace');
    expect(element.model).toMatchObject({ method: 'subspace', normalClips: 6 });
    const trust = element.model!.trust!;
    expect(trust.falseAlarm.nominal).toBeCloseTo(0.1);
    expect(trust.clipsForReliable).toBeGreaterThan(6);
    await element.updateComplete;
    const advice = element.shadowRoot!.querySelector('[part=advice]')!.textContent!;
    expect(advice).toContain('1 in 10 normal clips');
    expect(advice).toContain(`Add about ${trust.clipsForReliable - 6} more normal clips`);
    await expectAccessible(element);
  });

  it("shows each clip's score and verdict on a phone-wide element without scrolling the table", async () => {
    const { element } = await trained('test-narrow', 'subspace');
    element.style.width = '360px';
    await element.score(machine(70, true));
    await element.updateComplete;
    const root = element.shadowRoot!;
    const box = root.querySelector('.table-scroll')!.getBoundingClientRect();
    const verdicts = [...root.querySelectorAll('td.verdict')].filter((td) => td.textContent!.trim());
    expect(verdicts.length).toBeGreaterThan(5);
    for (const cell of verdicts)
      expect(cell.getBoundingClientRect().right).toBeLessThanOrEqual(box.right + 1);
    const seconds = root.querySelector('td.seconds')!;
    expect(getComputedStyle(seconds).display).toBe('none');
    element.style.width = '900px';
    await new Promise(requestAnimationFrame);
    expect(getComputedStyle(seconds).display).not.toBe('none');
  });

  it('says so when the microphone is denied, and its button says it is not listening', async () => {
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('denied', 'NotAllowedError'));
    try {
      const element = Object.assign(document.createElement('sound-anomaly'), { backend: 'wasm' });
      document.body.append(element);
      await element.updateComplete;
      const listen = [...element.shadowRoot!.querySelectorAll('button')].find((b) =>
        /microphone/.test(b.textContent!),
      )!;
      listen.click();
      await until(() => /denied/.test(element.shadowRoot!.querySelector('[part=error]')?.textContent ?? ''));
      await element.updateComplete;
      expect(listen.textContent).toBe('Listen to the microphone');
      expect(listen.getAttribute('aria-pressed')).toBe('false');
      expect(element.source).toBe('files');
    } finally {
      navigator.mediaDevices.getUserMedia = original;
    }
  });

  it('reports unreadable files by name and adds the rest of the batch', async () => {
    const element = document.createElement('sound-anomaly');
    element.backend = 'wasm';
    document.body.append(element);
    const good = new Uint8Array(wavBytes(new Float32Array(RATE * 3).fill(0.1), RATE));
    const batch = [
      new File([], 'empty.wav'),
      new File([good.slice(0, 2000)], 'truncated.wav'),
      new File(['not audio at all'], 'notes.txt'),
      new File([good.slice(0, 60)], 'header-only.wav'),
      machine(7),
    ];
    const { added, rejected } = await element.addClips(batch);
    expect(added.map((c) => c.name)).toEqual(['normal-7.wav']);
    expect(rejected.map((r) => r.file)).toEqual([
      'empty.wav',
      'truncated.wav',
      'notes.txt',
      'header-only.wav',
    ]);
    expect(rejected[0]!.error).toMatch(/empty\.wav: empty file/);
    expect(rejected[1]!.error).toMatch(/truncated\.wav: truncated/);
    expect(rejected[2]!.error).toMatch(/notes\.txt: not an audio file/);
    await element.updateComplete;
    expect(element.shadowRoot!.querySelector('[part="error"]')!.textContent).toContain('truncated.wav');
    await expectAccessible(element);
  });

  it('keeps the model in IndexedDB and moves it between pages as a file', async () => {
    const { element } = await trained('test-store');
    const probe = machine(80, true);
    const before = await element.score(probe);
    const file = await element.exportModel();
    const restored = document.createElement('sound-anomaly');
    Object.assign(restored, { backend: 'wasm', modelKey: 'test-store' });
    document.body.append(restored);
    await until(() => restored.model !== null);
    expect((await restored.score(probe)).score).toBeCloseTo(before.score, 4);
    const imported = document.createElement('sound-anomaly');
    Object.assign(imported, { backend: 'wasm', modelKey: 'test-import' });
    document.body.append(imported);
    await imported.importModel(new File([file], 'model.json'));
    expect((await imported.score(probe)).score).toBeCloseTo(before.score, 4);
    await expect(imported.importModel(new File(['{}'], 'junk.json'))).rejects.toThrow(
      /junk\.json is not a saved sound model/,
    );
  });
});
