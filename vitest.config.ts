/**
 * Three test projects: `unit` (pure cores in Node), `browser` (Vitest browser
 * mode in Debian's Chromium with a fake camera and microphone made by
 * scripts/make-fixtures.mjs), and `e2e` (Node drives Chromium against the
 * demo page and the eval command, as a visitor and as CI would).
 */
import { defineConfig } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';
import { resolve } from 'node:path';
import { CHROMIUM_PATH, chromiumArgs } from './scripts/chromium.mjs';

const fixtures = resolve(import.meta.dirname, 'test/fixtures/generated');

export default defineConfig({
  publicDir: 'public',
  worker: { format: 'es' },
  optimizeDeps: {
    // Listed so Vite pre-bundles them before the first test instead of reloading mid-run: a
    // dependency found late (first imported by a worker) reloads the running test file, and
    // every test in it then times out. Every bare import the browser tests reach must be here
    // (test/unit/optimize-deps.test.ts checks that).
    include: [
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-core/dist/register_all_gradients',
      '@tensorflow/tfjs-converter',
      '@tensorflow/tfjs-backend-cpu',
      '@tensorflow/tfjs-backend-webgl',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-webgpu',
      '@tensorflow-models/blazeface',
      'comlink',
      'lit',
      'lit/decorators.js',
      'axe-core',
      'uplot',
      'idb',
      'fft.js',
      'ml-matrix',
      'delaunator',
    ],
  },
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/unit/**/*.test.ts', 'src/**/*.unit.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts', 'src/elements/**/*.test.ts'],
          exclude: ['src/**/*.unit.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: {
                executablePath: CHROMIUM_PATH,
                args: chromiumArgs({
                  camera: resolve(fixtures, 'camera-group-640x480.y4m'),
                  microphone: resolve(fixtures, 'tone-440hz.wav'),
                }),
              },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
