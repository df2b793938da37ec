/**
 * Each capability runs in a worker of its own: a sound model training for
 * many seconds must not hold up the PPE monitor's camera frames (in one
 * shared worker, every frame would wait for the training to end).
 */
import { afterEach, describe, expect, it } from 'vitest';
import '../../src/elements/ppe-monitor/ppe-monitor.js';
import '../../src/elements/sound-anomaly/sound-anomaly.js';
import type { SoundTrainProgress } from '../../src/contracts/sound.js';
import { DEFAULT_FEATURES } from '../../src/core/audio/clip-features.js';
import { mulberry32 } from '../../src/shared/seeded-random.js';
import { until, wavBytes } from './helpers.js';

const RATE = 16000;
const WINDOW_MS = 8000;

/** Four seconds of a tone in noise: a machine running normally. */
function clip(seed: number): File {
  const rand = mulberry32(seed);
  const samples = Float32Array.from(
    { length: 4 * RATE },
    (_, i) => 0.4 * Math.sin((2 * Math.PI * 440 * i) / RATE) + 0.05 * (rand() - 0.5),
  );
  return new File([wavBytes(samples, RATE)], `normal-${seed}.wav`, { type: 'audio/wav' });
}

/** Results the monitor sends in the next WINDOW_MS, per second. */
async function rate(results: unknown[]): Promise<number> {
  const before = results.length;
  await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
  return ((results.length - before) * 1000) / WINDOW_MS;
}

afterEach(() => document.body.replaceChildren());

describe('capabilities in workers of their own', () => {
  it('keeps the PPE monitor analysing camera frames at its rate while a sound model trains, and cancels the training', async () => {
    const monitor = Object.assign(document.createElement('ppe-monitor'), {
      backend: 'wasm',
      autostart: true,
      interval: 500,
      cameraId: 'test-isolation',
    });
    const results: unknown[] = [];
    monitor.addEventListener('ml-ppe-result', (e) => results.push(e.detail));
    const sound = Object.assign(document.createElement('sound-anomaly'), {
      backend: 'wasm',
      modelKey: 'test-isolation',
      // The classic per-frame autoencoder: long enough to outlast the measurement.
      method: 'autoencoder',
      settings: {
        features: { ...DEFAULT_FEATURES, pool: 1 },
        autoencoder: { layers: [64, 64, 8, 64, 64], epochs: 400 },
        folds: 2,
      },
    });
    const progress: SoundTrainProgress[] = [];
    sound.addEventListener('ml-training-progress', (e) => progress.push(e.detail));
    document.body.append(monitor, sound);

    await until(() => results.length >= 3, 120_000);
    const alone = await rate(results);

    await sound.addClips(Array.from({ length: 8 }, (_, i) => clip(i + 1)));
    const training = sound.train().then(
      () => 'finished',
      (error: Error) => error.name,
    );
    await until(() => progress.length > 0, 60_000);
    const beside = await rate(results);
    const stillTraining = progress.at(-1)!;
    expect(stillTraining.fold < stillTraining.folds || stillTraining.epoch < stillTraining.epochs).toBe(true);

    // Two frames a second asked for (interval 500 ms), as a busy kiosk might. In one shared worker the rate
    // beside the training was 0; here frames keep coming at no less than 0.4 of the rate alone: the training
    // takes one of CI's 2 cores, and the e2e files' eval commands run alongside (1.25, 1 and 0.875 of 1.875
    // were seen there; 0.875 is 7 frames in 8 s where half the rate asked for 7.5). Alone, the
    // rate must be clearly running (1.5 to 1.9 of 2 are seen, depending on the machine's load) for the
    // comparison to mean anything.
    expect(alone, `frames per second alone: ${alone}`).toBeGreaterThanOrEqual(1.25);
    expect(beside, `frames per second: ${alone} alone, ${beside} beside the training`).toBeGreaterThanOrEqual(
      alone * 0.4,
    );

    await sound.cancelTraining();
    expect(await training).toBe('AbortError');
  });
});
