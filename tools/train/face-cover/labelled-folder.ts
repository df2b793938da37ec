/**
 * A face-cover folder as the data README lays it out: `with_mask/` (covered)
 * and `without_mask/` (not covered) image files.
 */
import type { TaskContext } from '../../eval/task-context.js';
import { imageFiles } from '../../eval/tasks/task-files.js';

export interface LabelledPhoto {
  path: string;
  /** Class folder and file name, e.g. "with_mask/12.jpg": unique and stable. */
  key: string;
  covered: boolean;
}

export const CLASS_FOLDERS = [
  { folder: 'with_mask', covered: true },
  { folder: 'without_mask', covered: false },
] as const;

export async function labelledFaceFolder(ctx: TaskContext, root: string): Promise<LabelledPhoto[]> {
  const out: LabelledPhoto[] = [];
  for (const { folder, covered } of CLASS_FOLDERS) {
    const files = await imageFiles(ctx, `${root.replace(/\/$/, '')}/${folder}`).catch(() => {
      throw new Error(`${root} has no ${folder}/ folder (expected with_mask/ and without_mask/)`);
    });
    out.push(...files.map((f) => ({ path: f.path, key: `${folder}/${f.name}`, covered })));
  }
  return out;
}

/** The photo's name with the class marker dropped: "12-with-mask.jpg" and "12.jpg" → "12". */
export function pairStem(key: string): string {
  return (key.split('/').pop() ?? key).replace(/\.[a-z]+$/i, '').replace(/-with-mask$/i, '');
}
