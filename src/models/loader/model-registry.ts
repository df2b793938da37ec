/**
 * Loads models named in public/models/manifest.json once per worker:
 * verified fetch (progress, sha256, Cache Storage), then a GraphModel.
 */
import type { GraphModel } from '@tensorflow/tfjs-converter';
import type { LoadProgress, LoadedModelInfo } from '../../contracts/runtime.js';
import { type FileCache, fetchVerified } from './fetch-verified.js';
import { graphModelFromFiles } from './graph-model.js';
import { type ModelEntry, type ModelManifest, findModel } from '../../contracts/model-manifest.js';
import { ASSET_FETCH_FIX, assetFetchError } from '../../shared/errors.js';

export const MODEL_CACHE_NAME = 'ml-elements-models-v1';

interface Loaded {
  model: GraphModel;
  info: LoadedModelInfo;
}

async function openCache(): Promise<FileCache | null> {
  try {
    return typeof caches === 'undefined' ? null : await caches.open(MODEL_CACHE_NAME);
  } catch {
    return null; // e.g. an opaque origin; loading still works, only not offline
  }
}

export class ModelRegistry {
  private manifest: Promise<ModelManifest> | null = null;
  private readonly loaded = new Map<string, Promise<Loaded>>();

  /** modelsUrl: the folder holding manifest.json, ending in '/'. */
  constructor(private readonly modelsUrl: string) {}

  getManifest(): Promise<ModelManifest> {
    const url = new URL('manifest.json', this.modelsUrl).href;
    this.manifest ??= fetch(url).then(
      async (response) => {
        if (!response.ok)
          throw new Error(
            `model manifest missing at ${response.url} (HTTP ${response.status}); in this project, npm install copies the models. ${ASSET_FETCH_FIX}`,
          );
        return (await response.json()) as ModelManifest;
      },
      (error: unknown) => {
        this.manifest = null; // the next load tries again (the header or the network may be fixed)
        throw assetFetchError(url, error);
      },
    );
    return this.manifest;
  }

  load(name: string, onProgress?: (p: LoadProgress) => void): Promise<Loaded> {
    let pending = this.loaded.get(name);
    if (!pending) {
      pending = this.getManifest().then((m) => this.loadEntry(findModel(m, name), onProgress));
      // A failed load may be retried (the file may be fixed or the network back).
      pending.catch(() => this.loaded.delete(name));
      this.loaded.set(name, pending);
    }
    return pending;
  }

  /** A model's files, sha256-verified (for formats other than graph models). */
  async files(
    name: string,
    onProgress?: (p: LoadProgress) => void,
  ): Promise<{ entry: ModelEntry; files: Map<string, ArrayBuffer>; info: LoadedModelInfo }> {
    const start = performance.now();
    const entry = findModel(await this.getManifest(), name);
    const { files, fromCache } = await fetchVerified(entry, {
      baseUrl: this.modelsUrl,
      cache: await openCache(),
      onProgress,
    });
    return {
      entry,
      files,
      info: {
        name,
        source: entry.source,
        bytes: entry.bytes,
        sha256ok: true,
        fromCache,
        loadMs: performance.now() - start,
      },
    };
  }

  /** Whether a model is a graph model (else its files are read by their own loader). */
  async isGraph(name: string): Promise<boolean> {
    return !findModel(await this.getManifest(), name).format;
  }

  private async loadEntry(entry: ModelEntry, onProgress?: (p: LoadProgress) => void): Promise<Loaded> {
    const start = performance.now();
    const { files, fromCache } = await fetchVerified(entry, {
      baseUrl: this.modelsUrl,
      cache: await openCache(),
      onProgress,
    });
    const model = await graphModelFromFiles(entry, files);
    const info = {
      name: entry.name,
      source: entry.source,
      bytes: entry.bytes,
      sha256ok: true,
      fromCache,
      loadMs: performance.now() - start,
    };
    return { model, info };
  }
}
