/**
 * A folder of one-person crops, labelled by subfolder, for one equipment type:
 *   FACE_COVER: with_mask/ (covered), without_mask/, and mask_incorrect/ or
 *     incorrect/ (worn wrongly: not covering, as Rekognition's CoversBodyPart false)
 *   HEAD_COVER: helmet/ (covered), no_helmet/
 *   HAND_COVER: gloved/ (covered), bare/
 * Missing optional folders are fine; a type needs its covered folder and at
 * least one not-covered folder.
 */
import type { TaskContext } from '../../eval/task-context.js';
import { imageFiles } from '../../eval/tasks/task-files.js';
import type { EquipmentType } from '../../../src/core/ppe/ppe-analysis.js';

export interface LabelledPhoto {
  path: string;
  /** Class folder and file name, e.g. "with_mask/12.jpg": unique and stable. */
  key: string;
  covered: boolean;
}

interface ClassFolder {
  folder: string;
  covered: boolean;
}

export const CLASS_FOLDERS: Record<EquipmentType, ClassFolder[]> = {
  FACE_COVER: [
    { folder: 'with_mask', covered: true },
    { folder: 'without_mask', covered: false },
    { folder: 'mask_incorrect', covered: false },
    { folder: 'incorrect', covered: false },
  ],
  HEAD_COVER: [
    { folder: 'helmet', covered: true },
    { folder: 'no_helmet', covered: false },
  ],
  HAND_COVER: [
    { folder: 'gloved', covered: true },
    { folder: 'bare', covered: false },
  ],
};

async function listed(ctx: TaskContext, path: string) {
  return imageFiles(ctx, path).catch(() => null);
}

/** The type whose covered folder the root holds (with_mask/, helmet/ or gloved/), or null. */
export async function typeOfFolder(ctx: TaskContext, root: string): Promise<EquipmentType | null> {
  const names = new Set((await ctx.listDir(root)).filter((e) => e.isDirectory).map((e) => e.name));
  const types = Object.keys(CLASS_FOLDERS) as EquipmentType[];
  return types.find((t) => names.has(CLASS_FOLDERS[t][0]!.folder)) ?? null;
}

export async function labelledFolder(
  ctx: TaskContext,
  root: string,
  type: EquipmentType,
): Promise<LabelledPhoto[]> {
  const base = root.replace(/\/$/, '');
  const out: LabelledPhoto[] = [];
  const seen = new Set<boolean>();
  for (const { folder, covered } of CLASS_FOLDERS[type]) {
    const files = await listed(ctx, `${base}/${folder}`);
    if (!files) continue;
    seen.add(covered);
    out.push(...files.map((f) => ({ path: f.path, key: `${folder}/${f.name}`, covered })));
  }
  if (seen.size < 2) {
    const names = CLASS_FOLDERS[type].map((c) => `${c.folder}/`).join(', ');
    throw new Error(`${root} needs a covered and a not-covered folder for ${type} (${names})`);
  }
  return out;
}

/** The photo's name with the class marker dropped: "12-with-mask.jpg" and "12.jpg" → "12". */
export function pairStem(key: string): string {
  return (key.split('/').pop() ?? key).replace(/\.[a-z]+$/i, '').replace(/-with-mask$/i, '');
}
