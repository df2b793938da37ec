/**
 * Trained sound models kept across reloads in IndexedDB (through `idb`),
 * one per `model-key`, and the same model as a file (JSON, weights base64).
 */
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { SavedSoundModel } from '../../contracts/sound.js';
import { fromBase64, toBase64 } from '../../shared/base64.js';

interface SoundSchema extends DBSchema {
  models: { key: string; value: SavedSoundModel };
}

export class SoundStore {
  private db: Promise<IDBPDatabase<SoundSchema>> | null = null;

  private open(): Promise<IDBPDatabase<SoundSchema>> {
    this.db ??= openDB<SoundSchema>('ml-elements-sound', 1, {
      upgrade: (db) => void db.createObjectStore('models'),
    });
    return this.db;
  }

  async load(key: string): Promise<SavedSoundModel | undefined> {
    return (await this.open()).get('models', key);
  }

  async save(key: string, model: SavedSoundModel): Promise<void> {
    await (await this.open()).put('models', model, key);
  }
}

/** The one store every element on the page shares. */
export const soundStore = new SoundStore();

export function modelToFile(model: SavedSoundModel): Blob {
  const json = JSON.stringify({
    ...model,
    weights: { ...model.weights, data: toBase64(model.weights.data) },
  });
  return new Blob([json], { type: 'application/json' });
}

export async function modelFromFile(file: Blob): Promise<SavedSoundModel> {
  let parsed: SavedSoundModel & { weights: { data: unknown } };
  try {
    parsed = JSON.parse(await file.text()) as typeof parsed;
  } catch {
    throw new Error(`${file instanceof File ? file.name : 'the file'} is not a saved sound model (not JSON)`);
  }
  if (parsed?.format !== 'sound-anomaly-model/1' || typeof parsed.weights?.data !== 'string')
    throw new Error(`${file instanceof File ? file.name : 'the file'} is not a saved sound model`);
  const bytes = fromBase64(parsed.weights.data);
  return { ...parsed, weights: { ...parsed.weights, data: bytes.buffer } };
}
