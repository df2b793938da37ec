/**
 * Writes the demo site's service worker (dist/sw.js) with Workbox: it
 * precaches the app shell, the workers, the models, the WASM binaries and the
 * portraits of one build, so after one online visit the demo and every
 * element start with the network off. Run after `vite build`:
 *
 *   node scripts/service-worker.mjs [dist]
 */
import { generateSW } from 'workbox-build';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export async function writeServiceWorker(dir) {
  const { count, size, warnings } = await generateSW({
    globDirectory: dir,
    globPatterns: ['**/*.{html,js,css,json,bin,wasm,jpg,png,svg}'],
    // lib/ is the library build, served by whoever embeds it.
    globIgnores: ['sw.js', 'lib/**'],
    swDest: resolve(dir, 'sw.js'),
    // One file: no importScripts of a runtime chunk, nothing else to allow in a CSP.
    inlineWorkboxRuntime: true,
    sourcemap: false,
    mode: 'production',
    // CenterNet's weights (4 MB) and the capability worker script (2.3 MB) are above Workbox's 2 MB default.
    maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
    // `?kiosk=<tag>` and the like still open the precached page.
    ignoreURLParametersMatching: [/.*/],
    navigateFallback: 'index.html',
    navigateFallbackDenylist: [/^\/lib\//],
    cleanupOutdatedCaches: true,
    clientsClaim: true,
    skipWaiting: true,
  });
  for (const warning of warnings) process.stderr.write(`service-worker: ${warning}\n`);
  return { count, size };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = resolve(process.argv[2] ?? 'dist');
  const { count, size } = await writeServiceWorker(dir);
  process.stdout.write(
    `service-worker: ${dir}/sw.js precaches ${count} files (${(size / 1e6).toFixed(1)} MB)\n`,
  );
}
