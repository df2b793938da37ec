/**
 * @vladmandic/human's face detector (its BlazeFace path, mesh and iris off)
 * in its own worker for the gaze bench: Human bundles its own TF.js, which
 * must not share a global TF.js engine with ours.
 */
import { expose } from 'comlink';
import { Human } from '@vladmandic/human';

let human: Human | null = null;

const api = {
  async init(backend: string, assetBase: string): Promise<string> {
    human = new Human({
      backend: backend as 'wasm',
      wasmPath: new URL('wasm/', assetBase).href,
      modelBasePath: new URL('models/', assetBase).href,
      cacheSensitivity: 0,
      filter: { enabled: false },
      face: {
        enabled: true,
        detector: {
          modelPath: 'blazeface/blazeface.json',
          rotation: false,
          maxDetected: 10,
          skipFrames: 0,
          skipTime: 0,
        },
        mesh: { enabled: false },
        iris: { enabled: false },
        attention: { enabled: false },
        description: { enabled: false },
        emotion: { enabled: false },
        antispoof: { enabled: false },
        liveness: { enabled: false },
      },
      body: { enabled: false },
      hand: { enabled: false },
      object: { enabled: false },
      gesture: { enabled: false },
      segmentation: { enabled: false },
    });
    await human.load();
    await human.warmup();
    return human.tf.getBackend();
  },

  /** Eye midpoints of the faces in a frame (transferred, closed here). */
  async detect(frame: ImageBitmap): Promise<[number, number][]> {
    if (!human) throw new Error('init() first');
    try {
      const result = await human.detect(frame);
      return result.face.map((f) => {
        const [right, left] = [
          f.annotations.rightEye?.[0] ?? f.mesh[0],
          f.annotations.leftEye?.[0] ?? f.mesh[1],
        ];
        return [((right?.[0] ?? 0) + (left?.[0] ?? 0)) / 2, ((right?.[1] ?? 0) + (left?.[1] ?? 0)) / 2];
      });
    } finally {
      frame.close();
    }
  },
};

export type HumanDetectorApi = typeof api;
expose(api);
