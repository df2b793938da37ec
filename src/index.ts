/**
 * The all-in-one module: one `<script type="module" src=".../ml-elements.js">`
 * defines every element. Each element also has its own module
 * (`gaze-portrait.js`, …) for pages that want only one.
 *
 * Models, WASM binaries and portraits are looked up beside this module unless
 * the page calls `setAssetBase(url)` before the first element connects.
 */
export { setAssetBase, getAssetBase } from './page/assets.js';
export { MlRuntimeStatus } from './elements/ml-runtime-status/ml-runtime-status.js';
export { GazePortrait } from './elements/gaze-portrait/gaze-portrait.js';
export { PpeMonitor } from './elements/ppe-monitor/ppe-monitor.js';
export { SoundAnomaly } from './elements/sound-anomaly/sound-anomaly.js';
export { ImageFinder } from './elements/image-finder/image-finder.js';
