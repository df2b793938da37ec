/**
 * Fetches a model's files with byte progress, checks each against the
 * manifest's size and sha256, and keeps verified files in Cache Storage so a
 * kiosk starts offline after its first visit. fetch and the cache are injected
 * so this runs (and is tested) in Node as well as in the worker.
 */
import { concatBytes } from '../../shared/bytes.js';
import { sha256Hex } from '../../shared/sha256.js';
import { ASSET_FETCH_FIX, messageOf } from '../../shared/errors.js';
import type { ManifestFile, ModelEntry } from '../../contracts/model-manifest.js';
import type { LoadProgress } from '../../contracts/runtime.js';
import { ModelLoadError } from './model-load-error.js';

/** The part of the Cache Storage `Cache` this uses. */
export interface FileCache {
  match(url: string): Promise<Response | undefined>;
  put(url: string, response: Response): Promise<void>;
}

export interface FetchVerifiedOptions {
  /** URL of the models folder, ending in '/'. */
  baseUrl: string;
  fetch?: (url: string) => Promise<Response>;
  cache?: FileCache | null;
  onProgress?: (progress: LoadProgress) => void;
}

export interface VerifiedFiles {
  /** File contents by manifest path. */
  files: Map<string, ArrayBuffer>;
  fromCache: boolean;
}

/** Reads a response body, reporting each chunk's size. */
async function readWithProgress(response: Response, onChunk: (bytes: number) => void): Promise<ArrayBuffer> {
  if (!response.body) {
    const buffer = await response.arrayBuffer();
    onChunk(buffer.byteLength);
    return buffer;
  }
  const chunks: Uint8Array[] = [];
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    onChunk(value.byteLength);
  }
  return concatBytes(chunks);
}

async function download(
  model: string,
  file: ManifestFile,
  url: string,
  doFetch: (url: string) => Promise<Response>,
  onChunk: (n: number) => void,
): Promise<ArrayBuffer> {
  let response: Response;
  try {
    response = await doFetch(url);
  } catch (error) {
    throw new ModelLoadError(
      model,
      'network',
      `could not fetch ${file.path} from ${url} (${messageOf(error)}). ${ASSET_FETCH_FIX}`,
    );
  }
  // Single-page-app hosts (and Vite's dev server) answer a missing file with index.html.
  const html = (response.headers.get('content-type') ?? '').startsWith('text/html');
  if (!response.ok || html) {
    const what = response.ok ? `an HTML page instead` : `HTTP ${response.status}`;
    throw new ModelLoadError(
      model,
      'missing',
      `file ${file.path} is missing (${what} at ${url}); expected ${file.bytes} bytes, sha256 ${file.sha256}`,
    );
  }
  return readWithProgress(response, onChunk);
}

async function verify(model: string, file: ManifestFile, data: ArrayBuffer): Promise<void> {
  const digest = await sha256Hex(data);
  if (data.byteLength !== file.bytes || digest !== file.sha256) {
    throw new ModelLoadError(
      model,
      'corrupt',
      `file ${file.path} is corrupt: expected ${file.bytes} bytes with sha256 ${file.sha256}, got ${data.byteLength} bytes with sha256 ${digest}`,
    );
  }
}

/** A cached copy, if present and still matching the manifest; a stale one is ignored. */
async function fromCache(
  model: string,
  file: ManifestFile,
  url: string,
  cache: FileCache | null | undefined,
): Promise<ArrayBuffer | null> {
  const hit = await cache?.match(url);
  if (!hit) return null;
  const data = await hit.arrayBuffer();
  try {
    await verify(model, file, data);
    return data;
  } catch {
    return null;
  }
}

export async function fetchVerified(
  entry: ModelEntry,
  options: FetchVerifiedOptions,
): Promise<VerifiedFiles> {
  const doFetch = options.fetch ?? ((url: string) => fetch(url));
  const files = new Map<string, ArrayBuffer>();
  let loaded = 0;
  let allCached = true;
  const report = (fromCacheNow: boolean) =>
    options.onProgress?.({ model: entry.name, loaded, total: entry.bytes, fromCache: fromCacheNow });
  for (const file of entry.files) {
    const url = new URL(file.path, options.baseUrl).href;
    const cached = await fromCache(entry.name, file, url, options.cache);
    let data = cached;
    if (data) {
      loaded += data.byteLength;
      report(true);
    } else {
      allCached = false;
      data = await download(entry.name, file, url, doFetch, (n) => {
        loaded += n;
        report(false);
      });
      await verify(entry.name, file, data);
      await options.cache?.put(
        url,
        new Response(data.slice(0), { headers: { 'content-type': 'application/octet-stream' } }),
      );
    }
    files.set(file.path, data);
  }
  return { files, fromCache: allCached };
}
