import { defineConfig } from 'vite';
import { resolve } from 'node:path';

export default defineConfig({
  server: { port: 5173, strictPort: false, host: '127.0.0.1' },
  preview: { port: 4173, host: '127.0.0.1' },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    rollupOptions: {
      input: {
        main: resolve(import.meta.dirname, 'index.html'),
        eval: resolve(import.meta.dirname, 'eval.html'),
      },
    },
  },
  optimizeDeps: {
    // Pre-bundle the heavy TF.js packages once, including from the worker entry.
    entries: ['index.html', 'eval.html', 'src/workers/inference.worker.ts'],
  },
});
