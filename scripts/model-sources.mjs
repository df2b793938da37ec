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
    // Fully convolutional: a crop around a tracked face runs at 128 px.
    relaxInputShape: true,
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
    name: 'movenet',
    package: '@vladmandic/human',
    graph: 'models/movenet-lightning.json',
    licence: 'Apache-2.0 (Google MoveNet Lightning) as packaged in @vladmandic/human (MIT)',
    description:
      'Single-person pose, 192x192 int32 in, 17 COCO keypoints (y, x, score); finds heads of faceless people',
  },
  {
    // Trained by this project: `npm run train -- face-cover` writes assets/models/face-cover/.
    name: 'face-cover',
    project: 'npm run train -- face-cover',
    format: 'cover-head',
    graph: 'assets/models/face-cover/face-cover.json',
    licence:
      'MIT (this project). Trained on ppe-real-train/faces (chandrikadeb7/Face-Mask-Detection, MIT repo over web-scraped images; X-zhangyang/Real-World-Masked-Face-Dataset, research use) and prajnasb/observations (research use): the weights carry those terms',
    description:
      'FACE_COVER head (MLP) on the banded centernet embedding, 128-px face crops; P(covered); a mask below the nose counts as not covering',
  },
  {
    // Trained by this project: `npm run train -- head-cover` writes assets/models/head-cover/.
    name: 'head-cover',
    project: 'npm run train -- head-cover',
    format: 'cover-head',
    graph: 'assets/models/head-cover/head-cover.json',
    licence:
      'MIT (this project). Trained on ppe-real-train/heads (Roboflow helmet-detection v3 export, CC BY 4.0; Hard Hat Workers, public domain)',
    description:
      'HEAD_COVER head (MLP) on the banded centernet embedding, 128-px head crops; P(hard hat or helmet)',
  },
  {
    // Trained by this project: `npm run train -- hand-cover` writes assets/models/hand-cover/.
    name: 'hand-cover',
    project: 'npm run train -- hand-cover',
    format: 'cover-head',
    graph: 'assets/models/hand-cover/hand-cover.json',
    licence:
      'MIT (this project). Trained on ppe-real-train/hands (Roboflow gloved_hand-vs-bare_hand v2 export, CC BY 4.0)',
    description: 'HAND_COVER head (MLP) on the banded centernet embedding, 128-px hand crops; P(gloved)',
  },
  {
    // Trained by this project: `npm run train -- part-finder` writes assets/models/part-finder/.
    name: 'part-finder',
    project: 'npm run train -- part-finder',
    format: 'part-finder',
    graph: 'assets/models/part-finder/part-finder.json',
    licence:
      'MIT (this project). Trained on ppe-real-train heads, faces and hands (licences as for the cover heads) pasted onto UKBench photos (research use)',
    description:
      'Head, face and hand finder on the centernet backbone grid (384-px letterboxed input, stride 16): per cell P(centre) and box',
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
