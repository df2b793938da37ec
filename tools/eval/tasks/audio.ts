/**
 * `npm run eval -- audio --train <normal clips> --test <folder with normal/ and abnormal/ (or anomaly/)>`
 * through the element's own worker pipeline. Every test clip is scored by a
 * model that did not train on it (cross-fitted by content hash, see
 * cross-fit.ts); the threshold comes from the training normals only.
 * Options: --supervised --train-abnormal <folder>; --pool N; --layers 64,64,8,64,64;
 * --epochs N; --folds K; --channel N|mix; --percentile 0.9.
 * Files that cannot be read are listed under "rejected"; the rest still run.
 */
import { WorkerClient } from '../../../src/page/worker-client.js';
import { AUDIO_FILE, audioSource } from '../../../src/page/media/audio-source.js';
import { detectionMetrics } from '../../../src/core/audio/detection-metrics.js';
import { DEFAULT_FEATURES, type FeatureSettings } from '../../../src/core/audio/clip-features.js';
import { DEFAULT_SOUND_SETTINGS, type SoundSettings } from '../../../src/contracts/sound.js';
import { option, type TaskContext } from '../task-context.js';

interface Rejected {
  file: string;
  error: string;
}

function settingsFrom(args: string[]): SoundSettings {
  const num = (name: string) => (option(args, name) === undefined ? undefined : Number(option(args, name)));
  const channel = option(args, 'channel');
  const features: FeatureSettings = {
    ...DEFAULT_FEATURES,
    pool: num('pool') ?? DEFAULT_FEATURES.pool,
    channel: channel === undefined || channel === 'mix' ? 'mix' : Number(channel) - 1,
  };
  const layers = option(args, 'layers')?.split(',').map(Number);
  const epochs = num('epochs');
  return {
    ...DEFAULT_SOUND_SETTINGS,
    mode: args.includes('--supervised') ? 'supervised' : 'unsupervised',
    features,
    autoencoder: { ...(layers ? { layers } : {}), ...(epochs ? { epochs } : {}) },
    cnn: epochs ? { epochs } : {},
    folds: num('folds') ?? DEFAULT_SOUND_SETTINGS.folds,
    percentile: num('percentile') ?? DEFAULT_SOUND_SETTINGS.percentile,
  };
}

async function audioFiles(ctx: TaskContext, folder: string): Promise<string[]> {
  const entries = await ctx.listDir(folder);
  return entries
    .filter((e) => !e.isDirectory && AUDIO_FILE.test(e.name))
    .map((e) => e.path)
    .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
}

/** Test folder's classes: normal/ and abnormal/ (or anomaly/, anomalous/). */
async function testFolders(ctx: TaskContext, root: string): Promise<{ normal: string; abnormal: string }> {
  const dirs = (await ctx.listDir(root)).filter((e) => e.isDirectory);
  const normal = dirs.find((d) => d.name === 'normal');
  const abnormal = dirs.find((d) => /^(abnormal|anomaly|anomalous)$/.test(d.name));
  if (!normal || !abnormal) throw new Error(`${root} needs normal/ and abnormal/ (or anomaly/) folders`);
  return { normal: normal.path, abnormal: abnormal.path };
}

/** Adds each file to the worker; unreadable ones are rejected with the reason. Same content → same id. */
async function addAll(
  ctx: TaskContext,
  client: WorkerClient<'sound'>,
  paths: string[],
  settings: FeatureSettings,
  rejected: Rejected[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const path of paths) {
    try {
      const response = await fetch(ctx.fileUrl(path));
      if (!response.ok) throw new Error(`${path}: cannot be read (HTTP ${response.status})`);
      ids.push(
        (await client.service.addClip(await audioSource(await response.arrayBuffer(), path), path, settings))
          .id,
      );
    } catch (error) {
      rejected.push({ file: path, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return ids;
}

export async function audio(ctx: TaskContext): Promise<Record<string, unknown>> {
  const trainDir = option(ctx.args, 'train');
  const testDir = option(ctx.args, 'test');
  if (!trainDir || !testDir)
    throw new Error(
      'usage: eval -- audio --train <folder of normal clips> --test <folder with normal/ and abnormal/> [--supervised --train-abnormal <folder>]',
    );
  const settings = settingsFrom(ctx.args);
  const abnormalDir = option(ctx.args, 'train-abnormal');
  if (settings.mode === 'supervised' && !abnormalDir)
    throw new Error('--supervised needs --train-abnormal <folder of labelled abnormal clips>');
  const client = new WorkerClient('sound', ctx.backend, { rememberChoice: false });
  const backend = await client.ready;
  const rejected: Rejected[] = [];
  const classes = await testFolders(ctx, testDir);
  const add = async (dir: string) =>
    addAll(ctx, client, await audioFiles(ctx, dir), settings.features, rejected);
  const train = {
    normal: await add(trainDir),
    abnormal: settings.mode === 'supervised' ? await add(abnormalDir!) : [],
  };
  const test = { normal: await add(classes.normal), abnormal: await add(classes.abnormal) };
  ctx.progress(
    `${train.normal.length} normal + ${train.abnormal.length} abnormal training clips, ${test.normal.length} + ${test.abnormal.length} test clips, ${rejected.length} rejected`,
  );
  const start = performance.now();
  const result = await client.service.evaluate(train, test, settings, (p) => {
    if (p.epoch === p.epochs) ctx.progress(`model ${p.fold}/${p.folds}: loss ${p.loss.toFixed(4)}`);
  });
  const metrics = detectionMetrics(result.normal, result.abnormal, result.threshold);
  client.terminate();
  const r = (v: number) => Math.round(v * 10000) / 10000;
  return {
    task: 'audio',
    mode: settings.mode,
    auc: r(metrics.auc),
    pauc: r(metrics.pauc),
    precision: r(metrics.precision),
    recall: r(metrics.recall),
    f1: r(metrics.f1),
    accuracy: r(metrics.accuracy),
    threshold: Number(result.threshold.toPrecision(5)),
    confusion: metrics.confusion,
    clips: {
      trainNormal: train.normal.length,
      trainAbnormal: train.abnormal.length,
      testNormal: test.normal.length,
      testAbnormal: test.abnormal.length,
    },
    settings: {
      pool: settings.features.pool,
      layers: settings.autoencoder.layers,
      folds: settings.folds,
      backend: backend.backend,
    },
    seconds: r((performance.now() - start) / 1000),
    rejected,
  };
}
