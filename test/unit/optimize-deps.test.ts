/**
 * Every package the browser tests reach must be pre-bundled by Vite before
 * the first test runs. One found late (first imported inside a worker) makes
 * Vite re-optimise and reload the running test file, and every test in that
 * file then times out: CI saw exactly that with register_all_gradients.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const BARE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^./'"][^'"?]*)['"]/g;
/** Test-runner packages: Vitest serves these itself. */
const RUNNER = /^(vitest|@vitest\/|node:|playwright)/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.ts$/.test(name) && !/\.unit\.test\.ts$/.test(name) ? [path] : [];
  });
}

function browserImports(): Set<string> {
  const found = new Set<string>();
  for (const file of [...files(join(ROOT, 'src')), ...files(join(ROOT, 'test/browser'))]) {
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(BARE_IMPORT))
      if (!RUNNER.test(spec!)) found.add(spec!);
  }
  return found;
}

function preBundled(): Set<string> {
  const config = readFileSync(join(ROOT, 'vitest.config.ts'), 'utf8');
  const list = /optimizeDeps:\s*{[\s\S]*?include:\s*\[([\s\S]*?)\]/.exec(config)?.[1] ?? '';
  return new Set([...list.matchAll(/'([^']+)'/g)].map((m) => m[1]!));
}

describe('Vite pre-bundling for the browser tests', () => {
  it('lists every package that src/ and test/browser/ import', () => {
    const missing = [...browserImports()].filter((spec) => !preBundled().has(spec));
    expect(missing, 'add these to optimizeDeps.include in vitest.config.ts').toEqual([]);
  });
});
