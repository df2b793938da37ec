/**
 * The house's rule, checked on the code's own imports: the top-level folders
 * of src/ stand in layers, and a file imports only from its own layer or one
 * below it. So no two folders import each other, page code never pulls
 * worker code in, and the pure cores stay free of both.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Top first. A file may import from its own layer and any layer after it. */
export const LAYERS = [
  ['demo', 'index.ts'],
  ['elements'],
  ['page'],
  ['workers'],
  ['services'],
  ['runtime'],
  ['models'],
  ['storage'],
  ['contracts'],
  ['core'],
  ['shared'],
] as const;

const SRC = resolve(import.meta.dirname, '../../src');
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"?]+)/g;

function files(dir: string, tests = false): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path, tests);
    return /\.ts$/.test(name) && (tests || !/\.test\.ts$/.test(name)) ? [path] : [];
  });
}

const room = (path: string) => relative(SRC, path).split('/')[0]!.replace(/\.js$/, '.ts');
const layerOf = (top: string) => LAYERS.findIndex((layer) => (layer as readonly string[]).includes(top));

function imports(): { from: string; to: string }[] {
  return files(SRC).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(IMPORT)]
      .map((m) => resolve(dirname(file), m[1]!))
      .filter((target) => target.startsWith(SRC))
      .map((target) => ({ from: relative(SRC, file), to: relative(SRC, target) })),
  );
}

describe('layers of src/', () => {
  const all = imports();

  it('places every top-level folder in a layer', () => {
    const tops = new Set(readdirSync(SRC));
    for (const top of tops) expect(layerOf(top), `src/${top} has no layer`).toBeGreaterThanOrEqual(0);
  });

  it('only imports downwards, so no two folders import each other', () => {
    const upward = all.filter(
      ({ from, to }) => layerOf(room(resolve(SRC, to))) < layerOf(room(resolve(SRC, from))),
    );
    expect(upward.map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
  });

  it('keeps the page side free of worker code: elements and page reach workers only as script URLs', () => {
    const workerSide = new Set(['services', 'runtime', 'models']);
    const crossing = all.filter(
      ({ from, to }) =>
        ['elements', 'page', 'demo'].includes(room(resolve(SRC, from))) &&
        workerSide.has(room(resolve(SRC, to))),
    );
    expect(crossing.map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
  });

  it('has no file over 400 lines, tests included', () => {
    const long = files(SRC, true)
      .map((file) => ({ file: relative(SRC, file), lines: readFileSync(file, 'utf8').split('\n').length }))
      .filter(({ lines }) => lines > 400);
    expect(long).toEqual([]);
  });
});
