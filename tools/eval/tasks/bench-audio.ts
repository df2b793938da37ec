/**
 * `npm run bench -- audio [--clips <folder>]`, side by side in one run:
 *   log-mel extraction of the same 10 s clips with this project's extractor
 *   (fft.js, sparse filterbank) and with meyda's `melBands` (the usual Web
 *   Audio feature library), same frames (1024 / hop 512, 64 bands), ratio;
 *   training time: the default model's whole cross-fitted training (leave-one-out),
 *   and per epoch the autoencoder's (linear code on pooled vectors, and the classic
 *   64-64-8-64-64 on every vector), in the worker;
 *   scoring time per 10 s clip with the default model: features + model in the worker;
 *   the supervised CNN: ms per training epoch in the worker, and one training step of its
 *   convolutions on the page's backend, the shipped temporal design against the first design (3×3
 *   image convolutions through depth-1 conv3d, kept here as the peer), with the ratio.
 * Clips: MIMII fan normals when ../shared/data is there, else generated noise.
 */
import Meyda from 'meyda';
import { WorkerClient } from '../../../src/page/worker-client.js';
import { LogMelExtractor } from '../../../src/core/audio/log-mel.js';
import { DEFAULT_FEATURES } from '../../../src/core/audio/clip-features.js';
import { type DecodedAudio, decodeWav } from '../../../src/core/audio/wav-file.js';
import { mulberry32 } from '../../../src/shared/seeded-random.js';
import { DEFAULT_SOUND_SETTINGS, type SoundSettings } from '../../../src/contracts/sound.js';
import { median } from '../../../src/shared/stats.js';
import { temporalConv } from '../../../src/core/audio/spectrogram-cnn.js';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { pageModels } from './page-models.js';
import { option, type Task, type TaskContext } from '../task-context.js';

const DEFAULT_CLIPS = '../shared/data/audio/mimii-fan-id00/normal';
const RATE = DEFAULT_FEATURES.sampleRate;

async function benchClips(ctx: TaskContext): Promise<{ source: string; clips: DecodedAudio[] }> {
  const folder = option(ctx.args, 'clips') ?? DEFAULT_CLIPS;
  try {
    const files = (await ctx.listDir(folder)).filter((e) => /\.wav$/i.test(e.name)).slice(0, 8);
    if (files.length)
      return {
        source: folder,
        clips: await Promise.all(
          files.map(async (f) => decodeWav(await (await fetch(ctx.fileUrl(f.path))).arrayBuffer(), f.name)),
        ),
      };
  } catch {
    // No data folder on this machine: generated clips below.
  }
  const rand = mulberry32(5);
  const clips = Array.from({ length: 8 }, (_, c) => ({
    sampleRate: RATE,
    channels: [
      Float32Array.from(
        { length: 10 * RATE },
        (_, i) => 0.1 * (rand() - 0.5) + 0.2 * Math.sin((2 * Math.PI * (200 + 40 * c) * i) / RATE),
      ),
    ],
  }));
  return { source: 'generated noise + tone', clips };
}

function timeMs(run: () => void, repeats = 3): number {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** meyda's mel bands per frame, in dB, framed as the project's extractor (centring aside). */
function meydaLogMel(signal: Float32Array): number {
  const { nFft, hop } = DEFAULT_FEATURES;
  let sink = 0;
  for (let start = 0; start + nFft <= signal.length; start += hop) {
    const bands = Meyda.extract('melBands', signal.subarray(start, start + nFft)) as unknown as number[];
    for (const b of bands) sink += 10 * Math.log10(b + 1e-16);
  }
  return sink;
}

async function epochMs(
  client: WorkerClient<'sound'>,
  ids: string[],
  settings: SoundSettings,
  abnormal: string[] = [],
): Promise<number> {
  const stamps: number[] = [];
  await client.service.train(ids, abnormal, settings, () => stamps.push(performance.now()));
  return median(stamps.slice(1).map((t, i) => t - stamps[i]!));
}

/** The CNN's first design's convolution: depth-1 conv3d (TF.js's WASM backend lacks the 2-D filter gradient). */
function conv3dPeer(x: tf.Tensor4D, filter: tf.Tensor): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const [kh, kw, cin, cout] = filter.shape as [number, number, number, number];
  const y = tf.conv3d(
    tf.reshape(x, [b, 1, h, w, c]) as tf.Tensor5D,
    tf.reshape(filter, [1, kh, kw, cin, cout]) as tf.Tensor5D,
    [1, 1, 1],
    'same',
  );
  return tf.reshape(y, [b, h, w, cout]) as tf.Tensor4D;
}

/** Median ms of `step` (one batch's forward pass and gradients), the first run (kernel set-up) left out. */
async function stepMs(step: () => tf.Tensor[], steps = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i <= steps; i++) {
    const start = performance.now();
    const grads = step();
    await Promise.all(grads.map((g) => g.data()));
    tf.dispose(grads);
    if (i > 0) times.push(performance.now() - start);
  }
  return median(times);
}

/**
 * One training step of the CNN's convolutions on a batch of 32 patches (64 bands × 32 frames): the shipped
 * design (two temporal convolutions of 32 channels) and the first (two 3×3 blocks of 8 and 16 channels with
 * 2×2 max pooling, through conv3d).
 */
async function cnnStepMs(): Promise<{ temporalMs: number; imageConv3dMs: number }> {
  const patches = tf.randomNormal([32, 64, 32], 0, 1, 'float32', 3) as tf.Tensor3D;
  const image = tf.reshape(patches, [32, 64, 32, 1]) as tf.Tensor4D;
  const frames = tf.transpose(patches, [0, 2, 1]) as tf.Tensor3D;
  const init = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 0.2, 'float32', seed);
  const temporal = [init([3, 64, 32], 4), init([3, 32, 32], 5)] as tf.Tensor3D[];
  const filters = [init([3, 3, 1, 8], 6), init([3, 3, 8, 16], 7)];
  const block = (x: tf.Tensor4D, f: tf.Tensor) => tf.maxPool(tf.relu(conv3dPeer(x, f)), 2, 2, 'same');
  const temporalStep = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
    tf.mean(tf.relu(temporalConv(tf.relu(temporalConv(frames, a as tf.Tensor3D)), b as tf.Tensor3D))),
  );
  const imageStep = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.mean(block(block(image, a), b)));
  const temporalMs = await stepMs(() => temporalStep(temporal));
  const imageConv3dMs = await stepMs(() => imageStep(filters));
  tf.dispose([patches, image, frames, ...temporal, ...filters]);
  return { temporalMs, imageConv3dMs };
}

export const benchAudio: Task = async (ctx) => {
  const { source, clips } = await benchClips(ctx);
  const signals = clips.map((clip) => clip.channels[0]!.slice(0, 10 * RATE));
  // Copies: the worker takes the buffers it is given.
  const copy = (clip: DecodedAudio): DecodedAudio => ({
    sampleRate: clip.sampleRate,
    channels: clip.channels.map((c) => c.slice()),
  });
  Object.assign(Meyda, {
    bufferSize: DEFAULT_FEATURES.nFft,
    sampleRate: RATE,
    melBands: DEFAULT_FEATURES.nMels,
    windowingFunction: 'hanning',
  });
  const extractor = new LogMelExtractor(DEFAULT_FEATURES);
  ctx.progress(`${signals.length} clips from ${source}`);
  const oursMs = timeMs(() => signals.forEach((s) => extractor.spectrogram(s))) / signals.length;
  const meydaMs = timeMs(() => signals.forEach((s) => meydaLogMel(s))) / signals.length;

  const client = new WorkerClient('sound', ctx.backend, { rememberChoice: false });
  const backend = await client.ready;
  const ids: string[] = [];
  for (const [i, clip] of clips.entries())
    ids.push((await client.service.addClip(copy(clip), `clip-${i}.wav`)).id);
  const short = { ...DEFAULT_SOUND_SETTINGS, method: 'autoencoder' as const, folds: 2 };
  const pooledEpochMs = await epochMs(client, ids, { ...short, autoencoder: { epochs: 6 } });
  const classicEpochMs = await epochMs(client, ids, {
    ...short,
    features: { ...DEFAULT_FEATURES, pool: 1 },
    autoencoder: { layers: [64, 64, 8, 64, 64], epochs: 4, batchSize: 256 },
  });
  // Three clips labelled abnormal, for timing only.
  const supervised = { ...DEFAULT_SOUND_SETTINGS, mode: 'supervised' as const, classifier: 'cnn' as const };
  const cnnEpochMs = await epochMs(
    client,
    ids.slice(0, -3),
    { ...supervised, folds: 2, cnn: { epochs: 4 } },
    ids.slice(-3),
  );
  const trainStart = performance.now();
  await client.service.train(ids, [], DEFAULT_SOUND_SETTINGS);
  const defaultTrainMs = performance.now() - trainStart;
  const scoreTimes: number[] = [];
  for (const clip of clips) {
    const audio = copy(clip);
    const start = performance.now();
    const { id } = await client.service.addClip(audio, 'scored.wav');
    await client.service.score([id]);
    scoreTimes.push(performance.now() - start);
  }
  client.terminate();
  const page = await pageModels(ctx);
  const step = await cnnStepMs();
  const r = (v: number) => Math.round(v * 100) / 100;
  return {
    task: 'bench:audio',
    backend: backend.backend,
    clips: { count: signals.length, seconds: 10, source },
    logMel: { oursMsPerClip: r(oursMs), meydaMsPerClip: r(meydaMs), ratio: r(meydaMs / oursMs) },
    training: {
      defaultMethod: DEFAULT_SOUND_SETTINGS.method,
      msDefaultWhole: r(defaultTrainMs),
      msPerEpochPooled: r(pooledEpochMs),
      msPerEpochClassic: r(classicEpochMs),
      trainingClips: ids.length,
    },
    cnn: {
      msPerEpoch: r(cnnEpochMs),
      trainingStep: {
        backend: page.info.backend,
        temporalMs: r(step.temporalMs),
        firstDesignConv3dMs: r(step.imageConv3dMs),
        ratio: r(step.imageConv3dMs / step.temporalMs),
      },
    },
    scoring: { method: DEFAULT_SOUND_SETTINGS.method, msPer10sClip: r(median(scoreTimes)) },
  };
};
