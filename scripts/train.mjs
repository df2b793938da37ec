#!/usr/bin/env node
/**
 * npm run train -- <model> [folder] [options]: trains one of the project's own
 * models in headless Chromium with the project's real pipeline, and writes the
 * weights into assets/models/<model>/ (committed; the install step copies them
 * into public/models with the rest, hashed into the manifest).
 *
 *   npm run train -- face-cover [folder …] [--epochs 60]  (default: ppe-real-train/faces + ppe)
 *   npm run train -- head-cover [folder …]                (default: ppe-real-train/heads)
 *   npm run train -- hand-cover [folder …]                (default: ppe-real-train/hands)
 *   npm run train -- part-finder [--mosaics 1000]          (crops above on people-free photos)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from './browser-task.mjs';

const MODELS = ['face-cover', 'head-cover', 'hand-cover', 'part-finder'];
const [model] = process.argv.slice(2);
if (!MODELS.includes(model)) {
  console.error(`usage: npm run train -- <${MODELS.join('|')}> [folder] [options]`);
  process.exit(2);
}
const outDir = join(import.meta.dirname, '..', 'assets', 'models', model);

/** The page hands each file over as base64; only plain names inside outDir are accepted. */
async function saveArtifact(name, base64) {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`refusing to write ${name}`);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, name), Buffer.from(base64, 'base64'));
  process.stderr.write(`train: wrote assets/models/${model}/${name}\n`);
}

await main(process.argv.slice(2), {
  pageTask: (task) => `train:${task}`,
  expose: { __saveArtifact: saveArtifact },
});
