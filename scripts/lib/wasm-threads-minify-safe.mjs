/**
 * A Vite plugin that lets TF.js's threaded WASM run from a minified build.
 *
 * TF.js starts each helper thread as a worker that evaluates the source text of
 * its Emscripten factory (`factory.toString()`) on its own, outside the bundle.
 * The factory guards a variable of the bundle's scope with
 * `typeof _scriptDir !== "undefined" && _scriptDir`; a minifier that knows the
 * variable is declared rewrites that to `e !== void 0 && e` (Oxc does; terser's
 * "typeofs" too), which throws "e is not defined" in the helper worker, so no
 * thread starts. The variable is set from `document.currentScript`, which is
 * null for an ES module (and absent in a worker): it is always undefined in
 * this project's bundles, so the guard is replaced by `false` before minifying.
 */
const GUARD = 'typeof _scriptDir !== "undefined" && _scriptDir';

export function wasmThreadsMinifySafe() {
  return {
    name: 'wasm-threads-minify-safe',
    transform(code, id) {
      if (!id.includes('tfjs-backend-wasm') || !code.includes(GUARD)) return null;
      return { code: code.replaceAll(GUARD, 'false'), map: null };
    },
  };
}
