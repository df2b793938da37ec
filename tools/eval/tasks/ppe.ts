/**
 * `npm run eval -- ppe <folder|image>` through the monitor's own pipeline
 * (the PPE worker: faces, face cover head; the policy on the page).
 *   folder with with_mask/ and without_mask/ → FACE_COVER accuracy, precision,
 *     recall (positive = covered), confusion, unknown (no face found). Photos
 *     the head was trained on are left out (matched by content hash) unless
 *     --include-trained.
 *   image → the Rekognition-shaped response, metrics and record.
 * Options: --required FACE_COVER,HEAD_COVER  --min-confidence 80  --hands  --camera-id eval
 */
import { WorkerClient } from '../../../src/page/worker-client.js';
import { decodeImage } from '../../../src/page/media/decode-image.js';
import { sha256Hex } from '../../../src/shared/sha256.js';
import { frameReport } from '../../../src/core/ppe/frame-report.js';
import { type EquipmentType, EQUIPMENT_TYPES } from '../../../src/core/ppe/ppe-analysis.js';
import {
  DEFAULT_POLICY,
  type SummaryPolicy,
  partVerdict,
} from '../../../src/core/ppe/protective-equipment.js';
import { labelledFaceFolder } from '../../train/face-cover/labelled-folder.js';
import { option, type Task, type TaskContext } from '../task-context.js';
import { positional } from './task-files.js';

function policyFrom(args: string[]): SummaryPolicy {
  const required = (option(args, 'required') ?? DEFAULT_POLICY.required.join(','))
    .split(',')
    .map((t) => t.trim().toUpperCase())
    .filter(Boolean);
  const unknown = required.filter((t) => !(EQUIPMENT_TYPES as readonly string[]).includes(t));
  if (unknown.length)
    throw new Error(`unknown equipment type ${unknown.join(', ')} (known: ${EQUIPMENT_TYPES.join(', ')})`);
  return {
    required: required as EquipmentType[],
    minConfidence: Number(option(args, 'min-confidence') ?? DEFAULT_POLICY.minConfidence),
  };
}

async function fileBlob(ctx: TaskContext, path: string): Promise<Blob> {
  const response = await fetch(ctx.fileUrl(path));
  if (!response.ok) throw new Error(`${path}: no such file`);
  return response.blob();
}

async function oneImage(ctx: TaskContext, client: WorkerClient<'ppe'>, path: string) {
  const image = await decodeImage(await fileBlob(ctx, path), path);
  const analysis = await client.service.analyze(image, {
    hands: ctx.args.includes('--hands'),
    bodies: ctx.args.includes('--bodies'),
  });
  const { response, metrics, record } = frameReport(
    analysis,
    policyFrom(ctx.args),
    option(ctx.args, 'camera-id') ?? 'eval',
    new Date(),
  );
  return {
    task: 'ppe',
    image: path,
    size: [analysis.width, analysis.height],
    tiles: analysis.tiles,
    ms: analysis.ms,
    record,
    metrics,
    response,
  };
}

async function trainedHashes(): Promise<Set<string>> {
  const response = await fetch('/assets/models/face-cover/training-files.json');
  if (!response.ok) return new Set();
  return new Set(((await response.json()) as { sha256: string[] }).sha256);
}

async function folder(ctx: TaskContext, client: WorkerClient<'ppe'>, root: string) {
  const skip = ctx.args.includes('--include-trained') ? new Set<string>() : await trainedHashes();
  const confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  const unknownFiles: string[] = [];
  const wrong: string[] = [];
  let skipped = 0;
  const photos = await labelledFaceFolder(ctx, root);
  for (const [i, photo] of photos.entries()) {
    const blob = await fileBlob(ctx, photo.path);
    if (skip.has((await sha256Hex(await blob.arrayBuffer())).slice(0, 16))) {
      skipped++;
      continue;
    }
    const analysis = await client.service.analyze(await decodeImage(blob, photo.key), { hands: false });
    // A face photo: the largest face is the subject. Min confidence 50: a verdict for every face found.
    const face = analysis.persons
      .flatMap((p) => p.parts.filter((part) => part.name === 'FACE'))
      .sort((a, b) => b.box.width - a.box.width)[0];
    const verdict = partVerdict(face, 50);
    if (verdict === 'unknown') unknownFiles.push(photo.key);
    else {
      const said = verdict === 'covered';
      confusion[said ? (photo.covered ? 'tp' : 'fp') : photo.covered ? 'fn' : 'tn']++;
      if (said !== photo.covered) wrong.push(photo.key);
    }
    if ((i + 1) % 100 === 0) ctx.progress(`${i + 1}/${photos.length} photos`);
  }
  const { tp, fp, tn, fn } = confusion;
  const total = tp + fp + tn + fn + unknownFiles.length;
  const r = (v: number) => Math.round(v * 10000) / 10000;
  return {
    task: 'ppe',
    accuracy: r((tp + tn) / Math.max(1, total)),
    precision: r(tp / Math.max(1, tp + fp)),
    recall: r(tp / Math.max(1, tp + fn)),
    confusion,
    unknown: unknownFiles.length,
    evaluated: total,
    skippedTrainedOn: skipped,
    wrong,
    unknownFiles,
  };
}

export const ppe: Task = async (ctx) => {
  const path = positional(ctx.args);
  if (!path)
    throw new Error(
      'usage: npm run eval -- ppe <folder with with_mask/ and without_mask/ | image file> [--required …] [--min-confidence N] [--hands] [--bodies]',
    );
  const client = new WorkerClient('ppe', ctx.backend, { rememberChoice: false });
  const info = await client.ready;
  ctx.progress(`backend ${info.backend}: ${info.reason}`);
  try {
    const isImage =
      /\.(jpe?g|png|webp|gif|bmp|avif)$/i.test(path) ||
      !(await ctx.listDir(path).then(
        () => true,
        () => false,
      ));
    return {
      ...(isImage ? await oneImage(ctx, client, path) : await folder(ctx, client, path)),
      backend: info.backend,
    };
  } finally {
    client.terminate();
  }
};
