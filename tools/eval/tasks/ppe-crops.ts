/**
 * `npm run eval -- ppe <folder> [--type FACE_COVER|HEAD_COVER|HAND_COVER]`:
 * one-person crops labelled by subfolder (see tools/train/cover/labelled-folder.ts).
 * The monitor's whole pipeline runs on each crop and the largest part of the
 * type found is judged (minimum confidence 50: a verdict for every part
 * found); no part found, or "unknown", counts as wrong. Files a shipped head
 * was trained on are left out (by content hash) unless --include-trained.
 */
import type { WorkerClient } from '../../../src/page/worker-client.js';
import { decodeImage } from '../../../src/page/media/decode-image.js';
import { sha256Hex } from '../../../src/shared/sha256.js';
import {
  type AnalyzedPart,
  EQUIPMENT_FOR,
  EQUIPMENT_TYPES,
  type EquipmentType,
} from '../../../src/core/ppe/ppe-analysis.js';
import { partVerdict } from '../../../src/core/ppe/protective-equipment.js';
import { labelledFolder, typeOfFolder } from '../../train/cover/labelled-folder.js';
import { option, type TaskContext } from '../task-context.js';

/** The shipped model that judges a type, as named in the model manifest. */
export const COVER_MODEL: Record<EquipmentType, string> = {
  FACE_COVER: 'face-cover',
  HEAD_COVER: 'head-cover',
  HAND_COVER: 'hand-cover',
};

async function trainedHashes(type: EquipmentType): Promise<Set<string>> {
  const response = await fetch(`/assets/models/${COVER_MODEL[type]}/training-files.json`);
  if (!response.ok) return new Set();
  return new Set(((await response.json()) as { sha256: string[] }).sha256);
}

async function equipmentType(ctx: TaskContext, root: string): Promise<EquipmentType> {
  const named = option(ctx.args, 'type')?.toUpperCase();
  if (named && !(EQUIPMENT_TYPES as readonly string[]).includes(named))
    throw new Error(`unknown --type ${named} (known: ${EQUIPMENT_TYPES.join(', ')})`);
  const type = (named as EquipmentType | undefined) ?? (await typeOfFolder(ctx, root));
  if (!type)
    throw new Error(`${root} has none of with_mask/, helmet/ or gloved/: which type is it? Say --type`);
  return type;
}

export function largestPart(parts: AnalyzedPart[], type: EquipmentType): AnalyzedPart | undefined {
  return parts
    .filter((p) => EQUIPMENT_FOR[p.name] === type)
    .sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)[0];
}

const round = (v: number) => Math.round(v * 10000) / 10000;

export async function cropFolder(ctx: TaskContext, client: WorkerClient<'ppe'>, root: string) {
  const type = await equipmentType(ctx, root);
  const skip = ctx.args.includes('--include-trained') ? new Set<string>() : await trainedHashes(type);
  const confusion = { tp: 0, fp: 0, tn: 0, fn: 0 };
  const unknownFiles: string[] = [];
  const wrong: string[] = [];
  let skipped = 0;
  const photos = await labelledFolder(ctx, root, type);
  for (const [i, photo] of photos.entries()) {
    const blob = await (await fetch(ctx.fileUrl(photo.path))).blob();
    if (skip.has((await sha256Hex(await blob.arrayBuffer())).slice(0, 16))) {
      skipped++;
      continue;
    }
    // Every finder on: faces, hands for hand crops, and whole people (with their pose) for the rest.
    const analysis = await client.service.analyze(await decodeImage(blob, photo.key), {
      hands: type === 'HAND_COVER',
      bodies: true,
    });
    const part = largestPart(
      analysis.persons.flatMap((p) => p.parts),
      type,
    );
    const verdict = partVerdict(part, 50);
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
  return {
    task: 'ppe',
    type,
    accuracy: round((tp + tn) / Math.max(1, total)),
    precision: round(tp / Math.max(1, tp + fp)),
    recall: round(tp / Math.max(1, tp + fn)),
    confusion,
    unknown: unknownFiles.length,
    evaluated: total,
    skippedTrainedOn: skipped,
    wrong,
    unknownFiles,
  };
}
