/**
 * The all-in-one module (`ml-elements.js`): one
 * `<script type="module" src=".../ml-elements.js">` defines every element of
 * the registry. Each element also has its own module (`gaze-portrait.js`, …)
 * for pages that want only one, and which exports its class.
 *
 * Models, WASM binaries and portraits are looked up beside this module unless
 * the page says otherwise (`<meta name="ml-elements-assets">` or
 * `setAssetBase(url)` before the first element connects).
 */
import { ELEMENTS } from './elements/registry.js';

export { setAssetBase, getAssetBase } from './page/assets.js';
export { setWasmThreads, getWasmThreads } from './page/wasm-threads.js';
export { ELEMENTS, type ElementEntry } from './elements/registry.js';

// Every element module, imported here once (helpers of an element come with it); the registry says which tags
// that defines.
import.meta.glob(['./elements/*/*.ts', '!./elements/**/*.test.ts', '!./elements/base/**'], { eager: true });

const missing = ELEMENTS.filter(({ tag }) => !customElements.get(tag)).map(({ tag }) => tag);
if (missing.length)
  throw new Error(`the registry names ${missing.join(', ')}, but no module under src/elements defines it`);
