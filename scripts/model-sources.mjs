/**
 * The models the project serves, and where each comes from. The install step
 * (scripts/copy-assets.mjs) copies them out of node_modules; nothing is fetched
 * from a model hub at run time.
 */
export const MODEL_SOURCES = [
  {
    name: 'blazeface',
    package: '@vladmandic/human',
    graph: 'models/blazeface.json',
    licence: 'Apache-2.0 (MediaPipe BlazeFace weights) as packaged in @vladmandic/human (MIT)',
    description: 'Face detector, 256x256 input, 896 anchors (strides 16/32), 6 landmarks',
  },
  {
    name: 'facemesh',
    package: '@vladmandic/human',
    graph: 'models/facemesh.json',
    licence: 'Apache-2.0 (MediaPipe FaceMesh weights) as packaged in @vladmandic/human (MIT)',
    description: 'Face landmarks, 192x192 face crop in, 468 3-D points out',
  },
  {
    name: 'iris',
    package: '@vladmandic/human',
    graph: 'models/iris.json',
    licence: 'Apache-2.0 (MediaPipe Iris weights) as packaged in @vladmandic/human (MIT)',
    description: 'Eye contours and iris, 64x64 eye crop in, 71 contour + 5 iris points out',
  },
];

/** TF.js WASM binaries, served from our own origin instead of a CDN. */
export const WASM_SOURCE = {
  package: '@tensorflow/tfjs-backend-wasm',
  files: ['dist/tfjs-backend-wasm.wasm', 'dist/tfjs-backend-wasm-simd.wasm', 'dist/tfjs-backend-wasm-threaded-simd.wasm'],
};
