/**
 * The library build (`npm run build`, after the demo site): ES modules per
 * element plus the all-in-one `ml-elements.js`, in dist/lib/ with the
 * models/, wasm/ and portraits/ folders beside them, where the modules look
 * for them by default (their own URL).
 */
import { defineConfig } from 'vite';
import { wasmThreadsMinifySafe } from './scripts/lib/wasm-threads-minify-safe.mjs';
import { resolve } from 'node:path';
import { ELEMENTS } from './src/elements/registry.js';

const element = (tag: string) => resolve(import.meta.dirname, `src/elements/${tag}/${tag}.ts`);

export default defineConfig({
  // Relative URLs: the modules find their workers and assets wherever they are served from.
  base: './',
  publicDir: 'public',
  // TF.js runs in the workers; its threaded WASM must survive minification there.
  worker: { format: 'es', plugins: () => [wasmThreadsMinifySafe()] },
  plugins: [wasmThreadsMinifySafe()],
  build: {
    target: 'es2022',
    outDir: 'dist/lib',
    emptyOutDir: true,
    lib: {
      formats: ['es'],
      entry: {
        'ml-elements': resolve(import.meta.dirname, 'src/index.ts'),
        ...Object.fromEntries(ELEMENTS.map(({ tag }) => [tag, element(tag)])),
      },
    },
    rolldownOptions: {
      // Flat: every chunk sits beside models/ and wasm/, so `new URL('./', import.meta.url)` finds them.
      output: {
        entryFileNames: '[name].js',
        chunkFileNames: '[name]-[hash].js',
        assetFileNames: '[name]-[hash][extname]',
      },
    },
    chunkSizeWarningLimit: 4096,
  },
});
