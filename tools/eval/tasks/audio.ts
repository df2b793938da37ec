/**
 * `npm run eval -- audio --train <normal clips> --test <folder with normal/ and abnormal/ (or anomaly/)>`
 * through the element's own worker pipeline. Every test clip is scored by a
 * model that did not train on it (cross-fitted by content hash, see
 * cross-fit.ts); the threshold comes from the training normals only.
 * Options: --method subspace|gaussian|knn|autoencoder; --supervised --train-abnormal <folder>
 * [--classifier logistic|cnn]; --pool N;
 * --layers 64,64,8,64,64; --epochs N; --folds K; --channel N|mix; --percentile 0.9.
 * Files that cannot be read are listed under "rejected"; the rest still run.
 *
 * `npm run eval -- audio-suite <folder>`: the same protocol on every `<machine>/{normal,abnormal}` below the
 * folder (or on the folder itself): each machine trains on its own normal clips and is tested on them
 * (each scored, and judged, by the models of the folds that left it out) and on its abnormal clips. The
 * settings are the same for every machine: nothing is chosen per machine.
 */
import { WorkerClient } from '../../../src/page/worker-client.js';
import { AUDIO_FILE, audioSource } from '../../../src/page/media/audio-source.js';
import { detectionMetrics } from '../../../src/core/audio/detection-metrics.js';
import { DEFAULT_FEATURES, type FeatureSettings } from '../../../src/core/audio/clip-features.js';
import { DEFAULT_SOUND_SETTINGS, type SoundSettings } from '../../../src/contracts/sound.js';
import {
  SUPERVISED_METHODS,
  type SupervisedMethod,
  UNSUPERVISED_METHODS,
  type UnsupervisedMethod,
} from '../../../src/core/audio/sound-model.js';
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
  const method = (option(args, 'method') ?? DEFAULT_SOUND_SETTINGS.method) as UnsupervisedMethod;
  if (!UNSUPERVISED_METHODS.includes(method))
    throw new Error(`--method must be one of ${UNSUPERVISED_METHODS.join(', ')}`);
  const classifier = (option(args, 'classifier') ?? DEFAULT_SOUND_SETTINGS.classifier) as SupervisedMethod;
  if (!SUPERVISED_METHODS.includes(classifier))
    throw new Error(`--classifier must be one of ${SUPERVISED_METHODS.join(', ')}`);
  return {
    ...DEFAULT_SOUND_SETTINGS,
    method,
    classifier,
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

interface Split {
  normal: string[];
  abnormal: string[];
}

const r4 = (v: number) => Math.round(v * 10000) / 10000;

/** Cross-fitted scores of the test clips and the metrics at each clip's own threshold. */
async function scoreSplit(
  ctx: TaskContext,
  client: WorkerClient<'sound'>,
  train: Split,
  test: Split,
  settings: SoundSettings,
) {
  const start = performance.now();
  const result = await client.service.evaluate(train, test, settings, (p) => {
    if (p.epoch === p.epochs) ctx.progress(`model ${p.fold}/${p.folds}: loss ${p.loss.toFixed(4)}`);
  });
  const metrics = detectionMetrics(result.normal, result.abnormal, result.thresholds);
  return { metrics, threshold: result.threshold, seconds: r4((performance.now() - start) / 1000) };
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
  const { metrics, threshold, seconds } = await scoreSplit(ctx, client, train, test, settings);
  client.terminate();
  return {
    task: 'audio',
    mode: settings.mode,
    method: settings.mode === 'supervised' ? settings.classifier : settings.method,
    auc: metrics.auc,
    pauc: metrics.pauc,
    fpr: metrics.fpr,
    precision: metrics.precision,
    recall: metrics.recall,
    f1: metrics.f1,
    accuracy: metrics.accuracy,
    threshold: Number(threshold.toPrecision(5)),
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
      percentile: settings.percentile,
      backend: backend.backend,
    },
    seconds,
    rejected,
  };
}

interface MachineRow {
  machine: string;
  auc: number;
  pauc: number;
  fpr: number;
  recall: number;
  confusion: { tp: number; fp: number; tn: number; fn: number };
  normal: number;
  abnormal: number;
  seconds: number;
}

/** The machines below a folder: subfolders with normal/ and abnormal/, or the folder itself. */
async function machineFolders(ctx: TaskContext, root: string): Promise<{ machine: string; path: string }[]> {
  const isMachine = async (path: string) =>
    testFolders(ctx, path).then(
      () => true,
      () => false,
    );
  if (await isMachine(root)) return [{ machine: root.split('/').filter(Boolean).at(-1)!, path: root }];
  const out: { machine: string; path: string }[] = [];
  for (const d of (await ctx.listDir(root)).filter((e) => e.isDirectory))
    if (await isMachine(d.path)) out.push({ machine: d.name, path: d.path });
  if (!out.length) throw new Error(`${root} has no <machine>/normal and <machine>/abnormal folders`);
  return out;
}

export async function audioSuite(ctx: TaskContext): Promise<Record<string, unknown>> {
  const root = ctx.args.find((a, i) => !a.startsWith('--') && !ctx.args[i - 1]?.startsWith('--'));
  if (!root) throw new Error('usage: eval -- audio-suite <folder of machines> [--method M] [--percentile P]');
  const settings = settingsFrom(ctx.args);
  if (settings.mode !== 'unsupervised') throw new Error('audio-suite runs the unsupervised methods');
  const client = new WorkerClient('sound', ctx.backend, { rememberChoice: false });
  const backend = await client.ready;
  const rejected: Rejected[] = [];
  const machines: MachineRow[] = [];
  for (const { machine, path } of await machineFolders(ctx, root)) {
    const classes = await testFolders(ctx, path);
    const add = async (dir: string) =>
      addAll(ctx, client, await audioFiles(ctx, dir), settings.features, rejected);
    const test = { normal: await add(classes.normal), abnormal: await add(classes.abnormal) };
    const { metrics, seconds } = await scoreSplit(
      ctx,
      client,
      { normal: test.normal, abnormal: [] },
      test,
      settings,
    );
    const row = {
      machine,
      auc: metrics.auc,
      pauc: metrics.pauc,
      fpr: metrics.fpr,
      recall: metrics.recall,
      confusion: metrics.confusion,
      normal: test.normal.length,
      abnormal: test.abnormal.length,
      seconds,
    };
    ctx.progress(JSON.stringify(row));
    machines.push(row);
  }
  client.terminate();
  const mean = (key: 'auc' | 'pauc' | 'fpr' | 'recall') =>
    r4(machines.reduce((s, m) => s + m[key], 0) / machines.length);
  return {
    task: 'audio-suite',
    method: settings.method,
    machines,
    meanAuc: mean('auc'),
    meanPauc: mean('pauc'),
    meanFpr: mean('fpr'),
    meanRecall: mean('recall'),
    settings: { percentile: settings.percentile, folds: settings.folds, backend: backend.backend },
    rejected,
  };
}
