/**
 * The crops the part finder is made from: only crops a cover head trained on
 * (its training-files.json, by content hash), so the finder never sees the
 * crops `eval -- ppe` judges, not even to choose its thresholds. Of those, a
 * seeded share is kept apart to check the finder on (`check`). Pieces stay compressed (Blobs) and
 * are decoded when pasted: thousands of decoded bitmaps exhaust the browser.
 */
import type { TaskContext } from '../../eval/task-context.js';
import { labelledFolder } from '../cover/labelled-folder.js';
import { imageFiles } from '../../eval/tasks/task-files.js';
import { sha256Hex } from '../../../src/shared/sha256.js';
import type { EquipmentType } from '../../../src/core/ppe/ppe-analysis.js';
import { seededOrder } from '../../../src/shared/seeded-random.js';
import type { PieceKind } from './mosaic.js';

export interface PieceSource {
  kind: PieceKind;
  type: EquipmentType;
  folder: string;
  coverModel: string;
}

export type PieceSets = Record<'fit' | 'check', Record<PieceKind, Blob[]>>;

const CHECK_SHARE = 1 / 6;

async function trainedHashes(model: string): Promise<Set<string>> {
  const response = await fetch(`/assets/models/${model}/training-files.json`);
  if (!response.ok)
    throw new Error(`train ${model} first: its training-files.json says which crops to hold back`);
  return new Set(((await response.json()) as { sha256: string[] }).sha256);
}

/** At most `perKind` pieces of each kind to fit on (and a share of that to check on), chosen with the seed. */
export async function loadPieces(
  ctx: TaskContext,
  sources: PieceSource[],
  perKind: number,
  seed: number,
): Promise<PieceSets> {
  const sets: PieceSets = { fit: { head: [], face: [], hand: [] }, check: { head: [], face: [], hand: [] } };
  const wanted = { fit: perKind, check: Math.round(perKind * CHECK_SHARE) };
  for (const source of sources) {
    const trained = await trainedHashes(source.coverModel);
    const photos = await labelledFolder(ctx, source.folder, source.type);
    const order = seededOrder(photos.length, seed);
    const full = () =>
      sets.fit[source.kind].length >= wanted.fit && sets.check[source.kind].length >= wanted.check;
    for (const [n, i] of order.entries()) {
      if (full()) break;
      const blob = await (await fetch(ctx.fileUrl(photos[i]!.path))).blob();
      if (!trained.has((await sha256Hex(await blob.arrayBuffer())).slice(0, 16))) continue;
      // Every seventh trained crop, in the seeded order, is for checking.
      const set = n % 7 === 0 ? 'check' : 'fit';
      if (sets[set][source.kind].length < wanted[set]) sets[set][source.kind].push(blob);
    }
    ctx.progress(
      `${source.kind} pieces: ${sets.fit[source.kind].length} to fit on, ${sets.check[source.kind].length} to check on`,
    );
  }
  return sets;
}

export async function loadBackgrounds(ctx: TaskContext, folders: string[]): Promise<Blob[]> {
  const out: Blob[] = [];
  for (const folder of folders)
    for (const file of await imageFiles(ctx, folder).catch(() => []))
      out.push(await (await fetch(ctx.fileUrl(file.path))).blob());
  if (out.length === 0) throw new Error(`no background photos in ${folders.join(', ')}`);
  return out;
}
