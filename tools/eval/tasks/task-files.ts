/** Image files named on an eval command line: a folder's images (sorted by name) or one file. */
import type { DirEntry, TaskContext } from '../task-context.js';

const IMAGE = /\.(jpe?g|png|webp|gif|bmp|avif)$/i;

export async function imageFiles(ctx: TaskContext, path: string): Promise<DirEntry[]> {
  if (IMAGE.test(path)) return [{ name: path.split('/').pop() ?? path, path, isDirectory: false }];
  const entries = await ctx.listDir(path);
  return entries
    .filter((e) => !e.isDirectory && IMAGE.test(e.name))
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
}

/** The first argument that is not an option or an option's value. */
export function positional(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i]!.startsWith('--')) {
      if (args[i + 1] !== undefined && !args[i + 1]!.startsWith('--')) i++;
      continue;
    }
    return args[i];
  }
  return undefined;
}

export async function loadBitmap(url: string, options?: ImageBitmapOptions): Promise<ImageBitmap> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return createImageBitmap(await response.blob(), options);
}
