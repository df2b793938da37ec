/** `npm run eval -- smoke` end to end, as CI and a developer run it. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('npm run eval -- smoke', () => {
  it('loads every model of the manifest with its sha256 verified and prints one JSON object as the last line', async () => {
    const { stdout } = await run('node', ['scripts/eval.mjs', 'smoke'], { maxBuffer: 1 << 24 });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!);
    const manifest = JSON.parse(readFileSync('public/models/manifest.json', 'utf8')) as {
      models: { name: string }[];
    };
    expect(result.task).toBe('smoke');
    expect(['webgpu', 'webgl', 'wasm', 'cpu']).toContain(result.backend);
    expect(result.reason).toEqual(expect.any(String));
    expect(result.models.map((m: { name: string }) => m.name)).toEqual(manifest.models.map((m) => m.name));
    for (const model of result.models) {
      expect(model).toMatchObject({ sha256ok: true });
      expect(model.loadMs).toBeGreaterThan(0);
      // Graph models are timed; the project's own cover-head files are only loaded and verified.
      if (!model.format) expect(model.inferMs).toBeGreaterThan(0);
    }
    expect(result.externalRequests).toBe(0);
  });

  it('exits at once, non-zero, saying what is missing, when Chromium is not there', async () => {
    const started = performance.now();
    const error = await run('node', ['scripts/eval.mjs', 'smoke'], {
      env: { ...process.env, CHROMIUM_PATH: '/nonexistent' },
      timeout: 5000,
    }).catch((e: { stdout: string; stderr: string; code: number | null; killed: boolean }) => e);
    const { stdout, stderr, code, killed } = error as {
      stdout: string;
      stderr: string;
      code: number;
      killed: boolean;
    };
    expect(killed, 'the command was still running after 5 s').toBeFalsy();
    expect(performance.now() - started).toBeLessThan(5000);
    expect(code).toBe(1);
    expect(stderr).toMatch(/Chromium not found at \/nonexistent/);
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toMatchObject({
      task: 'smoke',
      error: expect.stringMatching(/Chromium not found/),
    });
  });

  it('fails with a JSON error line for an unknown task', async () => {
    const error = await run('node', ['scripts/eval.mjs', 'no-such-task']).catch(
      (e: { stdout: string; code: number }) => e,
    );
    const { stdout, code } = error as { stdout: string; code: number };
    expect(code).toBe(1);
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toMatchObject({
      task: 'no-such-task',
      error: expect.stringMatching(/unknown task "no-such-task"/),
    });
  });
});

describe('npm run eval -- gaze', () => {
  it('maps one face at increasing positions to strictly monotonic frames covering at least 80% of the range', async () => {
    const { stdout } = await run('node', ['scripts/eval.mjs', 'gaze', 'test/fixtures/generated/gaze-sweep'], {
      maxBuffer: 1 << 24,
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      task: string;
      frames: number;
      images: { file: string; faces: number; x: number; frame: number }[];
    };
    expect(result).toMatchObject({ task: 'gaze', frames: 33 });
    expect(result.images.map((i) => i.file)).toEqual(Array.from({ length: 9 }, (_, i) => `face-${i}.jpg`));
    const frames = result.images.map((i) => i.frame);
    for (let i = 1; i < frames.length; i++) {
      expect(result.images[i]!.x).toBeGreaterThan(result.images[i - 1]!.x);
      expect(frames[i]).toBeLessThan(frames[i - 1]!);
    }
    expect(frames[0]! - frames.at(-1)!).toBeGreaterThanOrEqual(0.8 * 32);
  });

  it('reports frame null for an image without a face', async () => {
    const { stdout } = await run(
      'node',
      ['scripts/eval.mjs', 'gaze', 'test/fixtures/generated/no-face.jpg', '--frames', '9'],
      { maxBuffer: 1 << 24 },
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(result).toMatchObject({
      task: 'gaze',
      frames: 9,
      images: [{ file: 'no-face.jpg', faces: 0, x: null, frame: null }],
    });
  });
});

describe('npm run eval -- audio', () => {
  const evalAudio = async (args: string[]) => {
    const { stdout } = await run('node', ['scripts/eval.mjs', 'audio', ...args], { maxBuffer: 1 << 24 });
    return JSON.parse(stdout.trim().split('\n').at(-1)!);
  };

  it('scores a generated machine: the last line has every metric, and a truncated file is rejected by name while the rest runs', async () => {
    const root = 'test/fixtures/generated/sound-machine';
    const result = await evalAudio(['--train', `${root}/train`, '--test', `${root}/test`, '--epochs', '60']);
    expect(Object.keys(result)).toEqual(
      expect.arrayContaining([
        'task',
        'mode',
        'auc',
        'pauc',
        'precision',
        'recall',
        'f1',
        'accuracy',
        'threshold',
        'confusion',
        'fpr',
        'method',
      ]),
    );
    expect(result).toMatchObject({
      task: 'audio',
      mode: 'unsupervised',
      method: 'subspace',
      auc: 1,
      clips: { trainNormal: 8, testNormal: 3, testAbnormal: 3 },
    });
    expect(result.confusion.tp + result.confusion.fn).toBe(3);
    expect(result.rejected).toEqual([
      {
        file: expect.stringMatching(/sound-machine\/test\/abnormal\/truncated\.wav$/),
        error: expect.stringMatching(/truncated\.wav: truncated/),
      },
    ]);
  });

  it('runs the suite protocol on every machine below a folder (here the one generated machine)', async () => {
    const { stdout } = await run(
      'node',
      ['scripts/eval.mjs', 'audio-suite', 'test/fixtures/generated/sound-machine/test'],
      { maxBuffer: 1 << 24 },
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(result).toMatchObject({ task: 'audio-suite', method: 'subspace', meanAuc: 1 });
    expect(result.machines).toHaveLength(1);
    expect(result.machines[0]).toMatchObject({ machine: 'test', auc: 1, normal: 3, abnormal: 3 });
    expect(result.rejected).toHaveLength(1); // the truncated file, named; the rest still ran
    expect(result.machines[0].fpr).toBeLessThanOrEqual(1 / 3);
  });

  // Measured honestly (each normal clip scored and judged by models that left it out, faults by the mean of
  // the same fold models): 0.83, with at most 1 in 4 normal clips flagged. The 0.92 once asserted here had
  // faults scored by a model trained on more clips than the normal clips it was compared with.
  const mimii = '../shared/data/audio/mimii-fan-id00';
  it.skipIf(!existsSync(mimii))(
    'ranks MIMII fan faults it never trained on above normal clips (AUC ≥ 0.8), flagging at most 1 in 4 normal clips (needs ../shared/data)',
    async () => {
      const result = await evalAudio(['--train', `${mimii}/normal`, '--test', mimii]);
      expect(result.clips).toEqual({ trainNormal: 12, trainAbnormal: 0, testNormal: 12, testAbnormal: 10 });
      expect(result.auc).toBeGreaterThanOrEqual(0.8);
      expect(result.fpr).toBeLessThanOrEqual(0.25);
    },
  );
});

describe('npm run eval -- retrieval', () => {
  const evalRetrieval = async (args: string[]) => {
    const { stdout } = await run('node', ['scripts/eval.mjs', 'retrieval', ...args], { maxBuffer: 1 << 24 });
    return JSON.parse(stdout.trim().split('\n').at(-1)!);
  };

  it('finds every generated photo-of-a-photo first; the last line starts with the metrics, and a truncated gallery file is rejected by name', async () => {
    const result = await evalRetrieval(['test/fixtures/generated/retrieval-set']);
    expect(Object.keys(result).slice(0, 6)).toEqual([
      'task',
      'map',
      'recall_at_1',
      'recall_at_5',
      'map_global',
      'ms_per_query',
    ]);
    expect(result).toMatchObject({
      task: 'retrieval',
      gallery: 8,
      queries: 24,
      recall_at_1: 1,
      map: 1,
      externalRequests: 0,
    });
    expect(result.rejected).toEqual([
      {
        file: expect.stringMatching(/gallery\/broken\.jpg$/),
        error: 'broken.jpg is not an image this browser can decode',
      },
    ]);
    // Global only: the same search with re-ranking off gives the global order as the result.
    const globalOnly = await evalRetrieval(['test/fixtures/generated/retrieval-set', '--rerank', '0']);
    expect(globalOnly.map).toBe(globalOnly.map_global);
  });

  const dev = '../shared/data/retrieval-dev';
  it.skipIf(!existsSync(dev))(
    'reaches mAP ≥ 0.95 and recall@1 ≥ 0.95 on retrieval-dev, re-ranking above global-only (needs ../shared/data)',
    async () => {
      const result = await evalRetrieval([dev]);
      expect(result).toMatchObject({ gallery: 20, queries: 60, rejected: [] });
      expect(result.map).toBeGreaterThanOrEqual(0.95);
      expect(result.recall_at_1).toBeGreaterThanOrEqual(0.95);
      expect(result.map).toBeGreaterThan(result.map_global);
    },
  );

  // A gallery nothing was tuned on; `npm run holdout` builds it from Debian packages.
  const holdout = 'test/fixtures/generated/retrieval-holdout';
  it.skipIf(!existsSync(holdout))(
    're-ranking improves on global-only on the held-out wallpapers (needs npm run holdout)',
    async () => {
      const result = await evalRetrieval([holdout]);
      expect(result).toMatchObject({ gallery: 46, queries: 138, rejected: [] });
      expect(result.map).toBeGreaterThan(result.map_global);
      expect(result.recall_at_1).toBeGreaterThanOrEqual(0.75);
    },
  );
});

describe('npm run eval -- ppe', () => {
  const evalCrops = async (folder: string) => {
    const { stdout } = await run('node', ['scripts/eval.mjs', 'ppe', folder], { maxBuffer: 1 << 24 });
    return JSON.parse(stdout.trim().split('\n').at(-1)!);
  };

  const heads = '../shared/data/ppe-real-train/heads';
  it.skipIf(!existsSync(heads))(
    'finds a head in nearly every held-back head crop and judges most right (needs ../shared/data)',
    async () => {
      const result = await evalCrops(heads);
      expect(result).toMatchObject({ task: 'ppe', type: 'HEAD_COVER', externalRequests: 0 });
      // Only crops neither the head cover nor the part finder trained on.
      expect(result.evaluated).toBeGreaterThanOrEqual(150);
      // A helmet filling the crop is found only by the zoomed-out look (15 of 200 unknown without it).
      expect(result.unknown / result.evaluated).toBeLessThanOrEqual(0.05);
      expect(result.accuracy).toBeGreaterThanOrEqual(0.9);
    },
    600_000,
  );

  const hands = '../shared/data/ppe-real-train/hands';
  it.skipIf(!existsSync(hands))(
    'finds a hand in nearly every held-back hand crop, gloves held close included (needs ../shared/data)',
    async () => {
      const result = await evalCrops(hands);
      expect(result).toMatchObject({ task: 'ppe', type: 'HAND_COVER', externalRequests: 0 });
      expect(result.evaluated).toBeGreaterThanOrEqual(100);
      // A gloved hand filling the crop is found only by the zoomed-out look (31 unknown without it).
      expect(result.unknown / result.evaluated).toBeLessThanOrEqual(0.1);
      expect(result.accuracy).toBeGreaterThanOrEqual(0.8);
    },
    600_000,
  );

  const faces = '../shared/data/ppe-real-train/faces';
  it.skipIf(!existsSync(faces))(
    'finds most faces in pictures of several held-back real faces, small masked ones included (needs ../shared/data)',
    async () => {
      const folder = mkdtempSync(join(tmpdir(), 'face-scenes-'));
      try {
        await run('node', ['scripts/face-scenes.mjs', '../shared/data', folder]);
        const { stdout } = await run('node', ['scripts/eval.mjs', 'ppe-scenes', folder], {
          maxBuffer: 1 << 24,
        });
        const result = JSON.parse(stdout.trim().split('\n').at(-1)!);
        expect(result).toMatchObject({ task: 'ppe-scenes', images: 40, externalRequests: 0 });
        expect(result.faces.truth).toBeGreaterThanOrEqual(150);
        // 0.72 with 512-px tiles in small frames, where a 24-px face is under 12 px of BlazeFace's input.
        expect(result.faces.recall).toBeGreaterThanOrEqual(0.75);
        expect(result.faces.verdictAccuracy).toBeGreaterThanOrEqual(0.9);
        expect(result.faces.extra).toBeLessThanOrEqual(20);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
    600_000,
  );
});
