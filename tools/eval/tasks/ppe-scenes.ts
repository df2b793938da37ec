/**
 * `npm run eval -- ppe-scenes <folder> [--bodies] [--min-confidence 50] [--overlays N] [--misses] [--stream N]`:
 * photos of several people with a truth.json of labelled boxes
 * (tools/eval/scene-truth.ts). The monitor's pipeline runs on each photo
 * (hands looked for when any hand is labelled); per kind (faces, heads,
 * hands): labelled boxes, how many a detected part found, how many of those
 * got the right verdict ("unknown" is wrong), and detected parts matching no
 * labelled box. Confusion tables per kind beside it. `--overlays N`: the
 * first N scenes drawn with both (tools/eval/scene-overlay.ts), as PNG data URLs.
 * `--misses`: every found part judged wrong, with its file, boxes and
 * P(covered), to look at what the classifier gets wrong.
 * `--stream N`: each photo is analysed as N frames of a live camera 100 ms
 * apart (a still scene at 10 frames/s), and the last frame is scored: a
 * stream judges each head on one view a frame and pools the views over the
 * frames (core/ppe/view-rotation.ts), so N = 1 scores a camera's first look
 * and N = 6 what it says once every view was seen.
 */
import { WorkerClient } from '../../../src/page/worker-client.js';
import { decodeImage } from '../../../src/page/media/decode-image.js';
import { partVerdict } from '../../../src/core/ppe/protective-equipment.js';
import type { AnalyzedPart } from '../../../src/core/ppe/ppe-analysis.js';
import {
  type FoundPart,
  type KindScore,
  type Miss,
  PART_KINDS,
  type PartKind,
  emptyScore,
  scoreImage,
  summary,
  truthBoxes,
} from '../scene-truth.js';
import { option, type Task } from '../task-context.js';
import { positional } from './task-files.js';
import { sceneOverlay } from '../scene-overlay.js';

const KIND_OF: Record<AnalyzedPart['name'], PartKind> = {
  FACE: 'faces',
  HEAD: 'heads',
  LEFT_HAND: 'hands',
  RIGHT_HAND: 'hands',
};

export const ppeScenes: Task = async (ctx) => {
  const root = positional(ctx.args)?.replace(/\/$/, '');
  if (!root) throw new Error('usage: npm run eval -- ppe-scenes <folder with truth.json> [--bodies]');
  const response = await fetch(ctx.fileUrl(`${root}/truth.json`));
  if (!response.ok) throw new Error(`${root}/truth.json: no such file`);
  const truth = (await response.json()) as Record<string, unknown>;
  const minConfidence = Number(option(ctx.args, 'min-confidence') ?? 50);
  const overlayCount = Number(option(ctx.args, 'overlays') ?? 0);
  const overlays: { file: string; png: string }[] = [];
  const misses: (Miss & { file: string })[] = [];
  const client = new WorkerClient('ppe', ctx.backend, { rememberChoice: false });
  const info = await client.ready;
  const scores = Object.fromEntries(PART_KINDS.map((k) => [k, emptyScore()])) as Record<PartKind, KindScore>;
  const files = Object.keys(truth).sort();
  const hands = files.some((f) => truthBoxes(truth[f]).some((t) => t.kind === 'hands'));
  const streamFrames = Number(option(ctx.args, 'stream') ?? 0);
  let ms = 0;
  let frameTime = 0;
  try {
    for (const [i, file] of files.entries()) {
      const image = await fetch(ctx.fileUrl(`${root}/${file}`));
      if (!image.ok) throw new Error(`${root}/${file} is named in truth.json but missing`);
      const blob = await image.blob();
      const options = { hands, bodies: ctx.args.includes('--bodies') };
      frameTime += 60_000; // each photo a new scene: the last one's tracks have long ended
      let analysis = await client.service.analyze(await decodeImage(blob, file), {
        ...options,
        ...(streamFrames ? { stream: true, frameTime } : {}),
      });
      for (let frame = 1; frame < streamFrames; frame++) {
        frameTime += 100;
        const still = await decodeImage(blob, file);
        analysis = await client.service.analyze(still, { ...options, stream: true, frameTime });
      }
      ms += analysis.ms.total;
      const parts: FoundPart[] = analysis.persons.flatMap((p) =>
        p.parts.map((part) => ({
          kind: KIND_OF[part.name],
          box: part.box,
          verdict: partVerdict(part, minConfidence),
          covered: part.covered,
        })),
      );
      const boxes = truthBoxes(truth[file]);
      if (overlays.length < overlayCount)
        overlays.push({ file, png: await sceneOverlay(await createImageBitmap(blob), boxes, parts) });
      for (const kind of PART_KINDS) {
        const wrong = scoreImage(
          scores[kind],
          boxes.filter((b) => b.kind === kind),
          parts.filter((p) => p.kind === kind),
        );
        misses.push(...wrong.map((m) => ({ file, ...m })));
      }
      if ((i + 1) % 20 === 0) ctx.progress(`${i + 1}/${files.length} scenes`);
    }
  } finally {
    client.terminate();
  }
  return {
    task: 'ppe-scenes',
    images: files.length,
    faces: summary(scores.faces),
    heads: summary(scores.heads),
    hands: summary(scores.hands),
    confusion: Object.fromEntries(PART_KINDS.map((k) => [k, scores[k].confusion])),
    meanMs: Math.round(ms / Math.max(1, files.length)),
    backend: info.backend,
    ...(overlays.length ? { overlays } : {}),
    ...(ctx.args.includes('--misses') ? { misses } : {}),
  };
};
