/**
 * Shape of public/models/manifest.json, written by scripts/copy-assets.mjs.
 */
export interface ManifestFile {
  /** Path relative to the models folder. */
  path: string;
  bytes: number;
  sha256: string;
}

export interface ModelEntry {
  name: string;
  /** Path of the TF.js graph model JSON relative to the models folder. */
  graph: string;
  description: string;
  /** npm package@version the files were copied from. */
  source: string;
  licence: string;
  /**
   * Absent: a TF.js graph model. Else one of the project's own formats: 'cover-head' (cover-head-file.ts),
   * 'part-finder' (part-finder-file.ts).
   */
  format?: 'cover-head' | 'part-finder';
  /** Input height/width left open, for fully convolutional use at any size. */
  relaxInputShape?: boolean;
  bytes: number;
  files: ManifestFile[];
}

export interface ModelManifest {
  version: number;
  models: ModelEntry[];
  wasm: { source: string; licence: string; files: ManifestFile[] };
}

export function findModel(manifest: ModelManifest, name: string): ModelEntry {
  const entry = manifest.models.find((m) => m.name === name);
  if (!entry) {
    throw new Error(
      `model "${name}" is not in the manifest (it has: ${manifest.models.map((m) => m.name).join(', ') || 'none'})`,
    );
  }
  return entry;
}
