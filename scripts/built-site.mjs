/**
 * The production builds as the tests use them: the demo site (with its
 * service worker) and the library, each built into a folder of the caller's,
 * and a static server for a folder with the headers a host would send.
 */
import { resolve } from 'node:path';
import { build, preview } from 'vite';
import { writeServiceWorker } from './service-worker.mjs';

const root = resolve(import.meta.dirname, '..');

/**
 * The Content Security Policy the built site and the library run under (the
 * docs/embedding.md states it). No inline script or style; WASM compiles
 * ('wasm-unsafe-eval'); workers from the site itself, or from a blob: shim
 * when the library is served from another origin; images, video and audio
 * from the camera, the microphone and files the visitor picks (blob:,
 * mediastream:).
 */
export const STRICT_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob: mediastream:",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** A production build even inside Vitest, which sets NODE_ENV=test (Vite would then build for development: no service worker, Lit in dev mode). */
async function productionBuild(config) {
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ root, logLevel: 'warn', ...config });
  } finally {
    process.env.NODE_ENV = before;
  }
}

export async function buildSite(outDir) {
  await productionBuild({
    configFile: resolve(root, 'vite.config.ts'),
    build: { outDir, emptyOutDir: true },
  });
  await writeServiceWorker(outDir);
}

export async function buildLibrary(outDir) {
  await productionBuild({
    configFile: resolve(root, 'vite.lib.config.ts'),
    mode: 'lib',
    build: { outDir, emptyOutDir: true },
  });
}

/** Serves `dir` on a free loopback port, as a static host would (CORS open to loopback pages, extra headers as given). */
export async function serveFolder(dir, headers = {}, { cors = true } = {}) {
  const server = await preview({
    configFile: false,
    root: dir,
    logLevel: 'error',
    build: { outDir: dir },
    preview: { port: 0, host: '127.0.0.1', strictPort: false, cors, headers },
  });
  const origin = server.resolvedUrls.local[0].replace(/\/$/, '');
  return { origin, close: () => server.close() };
}
