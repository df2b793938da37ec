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
  {
    name: 'handtrack',
    package: '@vladmandic/human',
    graph: 'models/handtrack.json',
    licence: 'MIT (HandTrack by Victor Dibia) as packaged in @vladmandic/human (MIT)',
    description:
      'Hand detector (SSD MobileNet), 320x320 uint8 in, up to 100 boxes with open/closed/pinch/point/face classes',
  },
  {
    name: 'centernet',
    package: '@vladmandic/human',
    graph: 'models/centernet.json',
    licence: 'Apache-2.0 (MobileNetV3 CenterNet, COCO) as packaged in @vladmandic/human (MIT)',
    description:
      'COCO object detector, 512x512 in, 80 classes incl. person; backbone maps serve as an image embedding',
    // The backbone is fully convolutional: any input size works for its feature maps.
    relaxInputShape: true,
  },
  {
    // Trained by this project: `npm run train -- face-cover` writes assets/models/face-cover/.
    name: 'face-cover',
    project: 'npm run train -- face-cover',
    format: 'cover-head',
    graph: 'assets/models/face-cover/face-cover.json',
    licence: 'MIT (this project); trained on prajnasb/observations face photos (research use)',
    description: 'FACE_COVER head (MLP) on the centernet image embedding, 128-px face crops; P(covered)',
  },
];

/** TF.js WASM binaries, served from our own origin instead of a CDN. */
export const WASM_SOURCE = {
  package: '@tensorflow/tfjs-backend-wasm',
  files: [
    'dist/tfjs-backend-wasm.wasm',
    'dist/tfjs-backend-wasm-simd.wasm',
    'dist/tfjs-backend-wasm-threaded-simd.wasm',
  ],
};
