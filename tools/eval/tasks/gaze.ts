/**
 * `npm run eval -- gaze <folder or image> [--frames 33] [--mirror]`: for each
 * image, the followed (largest) face's eye midpoint and the gaze frame the
 * live mapping gives it, without smoothing. `--preview <portrait>
 * [--head-turn 12]` instead synthesises frames from a portrait and measures
 * them (gaze-preview.ts).
 */
import { eyeMidpoint, largestFace } from '../../../src/core/face/decode.js';
import { DEFAULT_MAPPING, frameForFace } from '../../../src/core/gaze/gaze-mapping.js';
import { WorkerClient } from '../../../src/page/worker-client.js';
import { option, type Task } from '../task-context.js';
import { gazePreview } from './gaze-preview.js';
import { imageFiles, loadBitmap, positional } from './task-files.js';

export const gaze: Task = async (ctx) => {
  const columns = Number(option(ctx.args, 'frames') ?? 33);
  const mapping = { ...DEFAULT_MAPPING, mirror: ctx.args.includes('--mirror') };
  const client = new WorkerClient('gaze', ctx.backend, { rememberChoice: false });
  const info = await client.ready;
  ctx.progress(`backend ${info.backend}: ${info.reason}`);
  const previewPath = option(ctx.args, 'preview');
  if (previewPath) return gazePreview(ctx, client, previewPath, columns);
  const target = positional(ctx.args);
  if (!target)
    throw new Error('usage: npm run eval -- gaze <folder of images | image> [--frames 33] [--mirror]');
  const images = [];
  for (const file of await imageFiles(ctx, target)) {
    const bitmap = await loadBitmap(ctx.fileUrl(file.path));
    const { width, height } = bitmap;
    const faces = await client.service.detectFaces(bitmap);
    const face = largestFace(faces);
    const x = face ? eyeMidpoint(face)[0] / width : null;
    const frame = face ? frameForFace(face, width, height, { columns, rows: 1 }, mapping) : null;
    ctx.progress(`${file.name}: ${faces.length} face(s), x ${x?.toFixed(3) ?? '-'}, frame ${frame ?? '-'}`);
    images.push({
      file: file.name,
      faces: faces.length,
      x: x === null ? null : Math.round(x * 10000) / 10000,
      frame,
    });
  }
  client.terminate();
  return { task: 'gaze', frames: columns, backend: info.backend, mirror: mapping.mirror, images };
};
