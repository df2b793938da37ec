import { defineConfig } from 'vite';
import { wasmThreadsMinifySafe } from './scripts/lib/wasm-threads-minify-safe.mjs';

export default defineConfig({
  server: { port: 5173, strictPort: false, host: '127.0.0.1' },
  preview: { port: 4173, host: '127.0.0.1' },
  // TF.js runs in the workers; its threaded WASM must survive minification there.
  worker: { format: 'es', plugins: () => [wasmThreadsMinifySafe()] },
  plugins: [wasmThreadsMinifySafe()],
  // The demo site is index.html alone; the eval/bench page (tools/eval/index.html) runs only under the dev server.
  build: { target: 'es2022' },
  optimizeDeps: {
    // Pre-bundle the heavy TF.js packages once, including from the workers and the eval page.
    entries: ['index.html', 'tools/eval/index.html', 'src/workers/capability.worker.ts'],
  },
});
