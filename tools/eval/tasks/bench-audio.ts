/**
 * `npm run bench -- audio [--clips <folder>]`, side by side in one run:
 *   log-mel extraction of the same 10 s clips with this project's extractor
 *   (fft.js, sparse filterbank) and with meyda's `melBands` (the usual Web
 *   Audio feature library), same frames (1024 / hop 512, 64 bands), ratio;
 *   training time: the default model's whole cross-fitted training (leave-one-out),
 *   and per epoch the autoencoder's (linear code on pooled vectors, and the classic
 *   64-64-8-64-64 on every vector), in the worker;
 *   scoring time per 10 s clip with the default model: features + model in the worker.
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
): Promise<number> {
  const stamps: number[] = [];
  await client.service.train(ids, [], settings, () => stamps.push(performance.now()));
  return median(stamps.slice(1).map((t, i) => t - stamps[i]!));
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
    scoring: { method: DEFAULT_SOUND_SETTINGS.method, msPer10sClip: r(median(scoreTimes)) },
  };
};
