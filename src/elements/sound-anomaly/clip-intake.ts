/**
 * Clips on their way into the worker: each file read and sent (its samples
 * transferred, not copied), unreadable ones listed with the reason while the
 * rest go on, and the table's rows merged (a clip added again replaces its row);
 * and a kept clip on its way out, saved as a file.
 */
import { transfer } from 'comlink';
import type { FeatureSettings, SoundApi, SoundClipInfo } from '../../contracts/sound.js';
import { audioBuffers, audioSource } from '../../page/media/audio-source.js';
import { messageOf } from '../../shared/errors.js';
import { saveFile } from '../../page/save-file.js';
import type { ClipLabel, ClipRow } from './clip-table.js';
import { type Rejected, type SoundClipInput, nameOf } from './sound-types.js';

/** The clip's samples move to the worker (the buffers are the element's own copies). */
export async function sendClip(
  service: Pick<SoundApi, 'addClip'>,
  clip: SoundClipInput,
  features: FeatureSettings,
): Promise<SoundClipInfo> {
  const name = nameOf(clip);
  const bytes = clip instanceof Blob ? await clip.arrayBuffer() : clip.data.slice(0);
  const source = await audioSource(bytes, name);
  return service.addClip(transfer(source, audioBuffers(source)), name, features);
}

/** Sends every clip; one that cannot be read is listed with the reason and the others still go. */
export async function sendClips(
  files: Iterable<SoundClipInput>,
  label: ClipLabel,
  send: (clip: SoundClipInput) => Promise<SoundClipInfo>,
): Promise<{ added: ClipRow[]; rejected: Rejected[] }> {
  const added: ClipRow[] = [];
  const rejected: Rejected[] = [];
  for (const file of files) {
    try {
      added.push({ ...(await send(file)), label });
    } catch (error) {
      rejected.push({ file: nameOf(file), error: messageOf(error) });
    }
  }
  return { added, rejected };
}

/** A kept clip saved as a WAV file on this device: its audio comes out of the worker only for this. */
export async function saveClip(service: Pick<SoundApi, 'clipFile'>, clip: ClipRow): Promise<void> {
  const bytes = await service.clipFile(clip.id);
  saveFile(new Blob([bytes], { type: 'audio/wav' }), `${clip.name.replace(/[^\w.-]+/g, '-')}.wav`);
}

/** The table with `added` in it: a clip added again replaces its row. */
export function mergeRows(rows: readonly ClipRow[], added: readonly ClipRow[]): ClipRow[] {
  const ids = new Set(added.map((c) => c.id));
  return [...rows.filter((c) => !ids.has(c.id)), ...added];
}
