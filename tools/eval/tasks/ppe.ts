/**
 * `npm run eval -- ppe <folder|image>` through the monitor's own pipeline
 * (the PPE worker: faces, face cover head; the policy on the page).
 *   folder of labelled one-person crops (with_mask/ + without_mask/, helmet/ +
 *     no_helmet/, gloved/ + bare/) → accuracy, precision, recall (positive =
 *     covered), confusion, unknown: see ppe-crops.ts.
 *   image → the Rekognition-shaped response, metrics and record.
 * Options: --required FACE_COVER,HEAD_COVER  --min-confidence 80  --hands  --camera-id eval
 */
import { WorkerClient } from '../../../src/page/worker-client.js';
import { decodeImage } from '../../../src/page/media/decode-image.js';
import { frameReport } from '../../../src/core/ppe/frame-report.js';
import { type EquipmentType, EQUIPMENT_TYPES } from '../../../src/core/ppe/ppe-analysis.js';
import { DEFAULT_POLICY, type SummaryPolicy } from '../../../src/core/ppe/protective-equipment.js';
import { cropFolder } from './ppe-crops.js';
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

export const ppe: Task = async (ctx) => {
  const path = positional(ctx.args);
  if (!path)
    throw new Error(
      'usage: npm run eval -- ppe <folder of labelled crops | image file> [--type FACE_COVER|HEAD_COVER|HAND_COVER] [--required …] [--min-confidence N] [--hands] [--bodies]',
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
      ...(isImage ? await oneImage(ctx, client, path) : await cropFolder(ctx, client, path)),
      backend: info.backend,
    };
  } finally {
    client.terminate();
  }
};
