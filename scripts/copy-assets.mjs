#!/usr/bin/env node
/**
 * Install/build step: copies every model the project uses (and the TF.js WASM
 * binaries) out of node_modules into public/, and writes public/models/manifest.json
 * with source package@version, licence, bytes and sha256 for every file.
 * Also installs the default portraits (scripts/portraits.mjs). Idempotent; runs from `postinstall`, `prestart`, `pretest` and `prebuild`.
 */
import { existsSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { MODEL_SOURCES, WASM_SOURCE } from './model-sources.mjs';
import { installPortraits } from './portraits.mjs';
import { installSamples } from './samples.mjs';
import { copyWithDigest } from './lib/copy-digest.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const publicDir = join(root, 'public');

/** A package's folder; not require.resolve, as some packages do not export package.json. */
function packageDir(name) {
  const found = require.resolve
    .paths(name)
    .map((dir) => join(dir, name))
    .find((dir) => existsSync(join(dir, 'package.json')));
  if (!found) throw new Error(`copy-assets: package ${name} is not installed (run npm install)`);
  return found;
}

function packageInfo(name) {
  const pkg = JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8'));
  return { source: `${name}@${pkg.version}`, licence: pkg.license };
}

/** Where a model's files come from: an npm package, or this repository for models it trains. */
function modelOrigin(source) {
  if (!source.project)
    return {
      from: join(packageDir(source.package), source.graph),
      ...packageInfo(source.package),
      licence: source.licence,
    };
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return {
    from: join(root, source.graph),
    source: `${pkg.name}@${pkg.version} (${source.project})`,
    licence: source.licence,
  };
}

function copyModel(source) {
  const { from, source: origin, licence } = modelOrigin(source);
  const graph = JSON.parse(readFileSync(from, 'utf8'));
  const weightPaths = graph.weightsManifest.flatMap((group) => group.paths);
  const files = [basename(from), ...weightPaths].map((file) => ({
    path: `${source.name}/${file}`,
    ...copyWithDigest(join(dirname(from), file), join(publicDir, 'models', source.name, file)),
  }));
  return {
    name: source.name,
    graph: `${source.name}/${basename(from)}`,
    description: source.description,
    source: origin,
    licence,
    ...(source.relaxInputShape ? { relaxInputShape: true } : {}),
    ...(source.format ? { format: source.format } : {}),
    bytes: files.reduce((sum, f) => sum + f.bytes, 0),
    files,
  };
}

function copyWasm() {
  const dir = packageDir(WASM_SOURCE.package);
  const { source, licence } = packageInfo(WASM_SOURCE.package);
  const files = WASM_SOURCE.files.map((file) => ({
    path: basename(file),
    ...copyWithDigest(join(dir, file), join(publicDir, 'wasm', basename(file))),
  }));
  return { source, licence, files };
}

rmSync(join(publicDir, 'models'), { recursive: true, force: true });
const manifest = { version: 1, models: MODEL_SOURCES.map(copyModel), wasm: copyWasm() };
writeFileSync(join(publicDir, 'models', 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
const total = manifest.models.reduce((sum, m) => sum + m.bytes, 0);
console.log(
  `copy-assets: ${manifest.models.length} models (${(total / 1e6).toFixed(1)} MB) and ${manifest.wasm.files.length} WASM binaries into public/`,
);
const portraits = installPortraits(root, publicDir);
console.log(`copy-assets: ${portraits.portraits.length} portraits, the default ${portraits.default}`);
console.log(`copy-assets: ${installSamples(root, publicDir).length} demo samples (assets/samples/README.md)`);
