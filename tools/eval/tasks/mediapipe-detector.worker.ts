/**
 * The peer a web developer would pick: MediaPipe Tasks Vision's FaceDetector
 * (CPU delegate) in a module worker, on npm-shipped files only: its WASM from
 * `@mediapipe/tasks-vision`, the short-range BlazeFace model from
 * `@mediapipe/face_detection` with input metadata added by
 * scripts/lib/mediapipe-model.mjs. Tasks posts usage logs to a Google
 * endpoint; the bench runner refuses and counts every such request.
 */
import { expose } from 'comlink';
import { FaceDetector, FilesetResolver } from '@mediapipe/tasks-vision';

let detector: FaceDetector | null = null;

const api = {
  async init(wasmBase: string, modelUrl: string): Promise<void> {
    // `true`: the module build of its WASM loader, the one that works in a module worker.
    const fileset = await FilesetResolver.forVisionTasks(wasmBase, true);
    detector = await FaceDetector.createFromOptions(fileset, {
      baseOptions: { modelAssetPath: modelUrl, delegate: 'CPU' },
      runningMode: 'IMAGE',
    });
  },

  /** Eye midpoints of the faces in a frame, in its pixels (the frame is transferred, closed here). */
  detect(frame: ImageBitmap): [number, number][] {
    if (!detector) throw new Error('init() first');
    const { width, height } = frame;
    try {
      return detector.detect(frame).detections.map((d) => {
        const [right, left] = d.keypoints;
        return [
          (((right?.x ?? 0) + (left?.x ?? 0)) / 2) * width,
          (((right?.y ?? 0) + (left?.y ?? 0)) / 2) * height,
        ];
      });
    } finally {
      frame.close();
    }
  },

  close(): void {
    detector?.close();
    detector = null;
  },
};

export type MediapipeDetectorApi = typeof api;
expose(api);
