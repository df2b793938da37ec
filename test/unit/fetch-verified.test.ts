import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type FileCache, fetchVerified } from '../../src/models/loader/fetch-verified.js';
import type { LoadProgress } from '../../src/contracts/runtime.js';
import { sha256Hex } from '../../src/shared/sha256.js';
import type { ModelEntry } from '../../src/contracts/model-manifest.js';
import { ModelLoadError } from '../../src/models/loader/model-load-error.js';

const BASE = 'http://localhost/models/';
const graph = new TextEncoder().encode('{"graph":true}');
const weights = new Uint8Array(5000).map((_, i) => i % 251);
const digest = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

const entry: ModelEntry = {
  name: 'toy',
  graph: 'toy/model.json',
  description: '',
  source: 'pkg@1.0.0',
  licence: 'MIT',
  bytes: graph.length + weights.length,
  files: [
    { path: 'toy/model.json', bytes: graph.length, sha256: digest(graph) },
    { path: 'toy/weights.bin', bytes: weights.length, sha256: digest(weights) },
  ],
};

function server(files: Record<string, Uint8Array>) {
  const requested: string[] = [];
  const fetch = async (url: string) => {
    requested.push(url);
    const body = files[url.slice(BASE.length)];
    return body ? new Response(body.slice()) : new Response('not found', { status: 404 });
  };
  return { fetch, requested };
}

class MemoryCache implements FileCache {
  readonly store = new Map<string, ArrayBuffer>();
  async match(url: string) {
    const hit = this.store.get(url);
    return hit ? new Response(hit.slice(0)) : undefined;
  }
  async put(url: string, response: Response) {
    this.store.set(url, await response.arrayBuffer());
  }
}

describe('fetchVerified', () => {
  it('loads, verifies and reports byte progress up to the manifest total', async () => {
    const { fetch } = server({ 'toy/model.json': graph, 'toy/weights.bin': weights });
    const progress: LoadProgress[] = [];
    const { files, fromCache } = await fetchVerified(entry, {
      baseUrl: BASE,
      fetch,
      onProgress: (p) => progress.push(p),
    });
    expect(new Uint8Array(files.get('toy/weights.bin')!)).toEqual(weights);
    expect(fromCache).toBe(false);
    expect(progress.at(-1)).toEqual({
      model: 'toy',
      loaded: entry.bytes,
      total: entry.bytes,
      fromCache: false,
    });
    expect(progress.map((p) => p.loaded)).toEqual([...progress.map((p) => p.loaded)].sort((a, b) => a - b));
  });

  it('names the model, the file and the expected digest when a file is corrupt', async () => {
    const bad = weights.slice();
    bad[10] ^= 1;
    const { fetch } = server({ 'toy/model.json': graph, 'toy/weights.bin': bad });
    const error = await fetchVerified(entry, { baseUrl: BASE, fetch }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as ModelLoadError).problem).toBe('corrupt');
    expect((error as Error).message).toBe(
      `Model "toy": file toy/weights.bin is corrupt: expected 5000 bytes with sha256 ${digest(weights)}, got 5000 bytes with sha256 ${digest(bad)}`,
    );
  });

  it('says a file is missing, with what was expected', async () => {
    const { fetch } = server({ 'toy/model.json': graph });
    await expect(fetchVerified(entry, { baseUrl: BASE, fetch })).rejects.toThrow(
      /^Model "toy": file toy\/weights\.bin is missing \(HTTP 404 .*expected 5000 bytes/,
    );
  });

  it('takes an HTML answer (a single-page-app fallback) for a missing file', async () => {
    const fetch = async () => new Response('<!doctype html>', { headers: { 'content-type': 'text/html' } });
    await expect(fetchVerified(entry, { baseUrl: BASE, fetch })).rejects.toThrow(
      /^Model "toy": file toy\/model\.json is missing \(an HTML page instead at /,
    );
  });

  it('reports a network failure as such', async () => {
    const fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    await expect(fetchVerified(entry, { baseUrl: BASE, fetch })).rejects.toMatchObject({
      problem: 'network',
      model: 'toy',
    });
  });

  it('serves a second load from the cache without the network', async () => {
    const { fetch, requested } = server({ 'toy/model.json': graph, 'toy/weights.bin': weights });
    const cache = new MemoryCache();
    await fetchVerified(entry, { baseUrl: BASE, fetch, cache });
    const again = await fetchVerified(entry, { baseUrl: BASE, fetch, cache });
    expect(again.fromCache).toBe(true);
    expect(requested).toHaveLength(2);
  });

  it('ignores a cached copy that no longer matches the manifest, and never caches a corrupt file', async () => {
    const cache = new MemoryCache();
    cache.store.set(`${BASE}toy/weights.bin`, new Uint8Array(5000).buffer);
    const { fetch, requested } = server({ 'toy/model.json': graph, 'toy/weights.bin': weights });
    const { files } = await fetchVerified(entry, { baseUrl: BASE, fetch, cache });
    expect(new Uint8Array(files.get('toy/weights.bin')!)).toEqual(weights);
    expect(requested).toContain(`${BASE}toy/weights.bin`);

    const bad = new MemoryCache();
    const broken = server({ 'toy/model.json': graph, 'toy/weights.bin': new Uint8Array(3) });
    await expect(fetchVerified(entry, { baseUrl: BASE, fetch: broken.fetch, cache: bad })).rejects.toThrow(
      /corrupt/,
    );
    expect(bad.store.has(`${BASE}toy/weights.bin`)).toBe(false);
  });

  it('hashes like Node does', async () => {
    expect(await sha256Hex(weights.slice().buffer)).toBe(digest(weights));
  });
});
