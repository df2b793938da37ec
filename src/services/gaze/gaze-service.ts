/**
 * The gaze capability in its worker (contracts/gaze.ts): BlazeFace on camera
 * frames, and gaze frames made from a portrait. Pictures that arrive are
 * closed here; frame sets leave moved, not copied.
 */
import { transfer } from 'comlink';
import type {
  FaceSearch,
  GazeApi,
  GazeFrameSet,
  SynthesisProgress,
  SynthesisSettings,
} from '../../contracts/gaze.js';
import type { ProgressCallback } from '../../contracts/runtime.js';
import { type DecodeOptions, DEFAULT_DECODE, type FaceDetection } from '../../core/face/decode.js';
import type { GazeGrid } from '../../core/gaze/gaze-mapping.js';
import type { SigmoidAlpha } from '../../core/gaze/sigmoid-alpha.js';
import { DEFAULT_ROI_TRACKING } from '../../core/gaze/roi-tracking.js';
import { BlazeFaceDetector } from '../../models/blazeface/blazeface-detector.js';
import { FaceLandmarker } from '../../models/facemesh/face-landmarker.js';
import { RuntimeService, loadOnce } from '../../runtime/runtime-service.js';
import type { Rect } from '../../shared/geometry.js';
import { handedOver } from '../../shared/worker-line.js';
import { withOrderedProgress } from '../../runtime/ordered-progress.js';
import { GazeFrameCache } from '../../storage/gaze-frame-db.js';
import { cachedSynthesis } from './cached-frames.js';
import { blendedFrameSet, rasterize, synthesizedFrameSet } from './portrait-frames.js';

const moved = (set: GazeFrameSet): GazeFrameSet => transfer(set, handedOver(set));

export class GazeService extends RuntimeService implements GazeApi {
  private readonly frameCache = new GazeFrameCache();
  private readonly faceDetector = loadOnce(async () => {
    const detector = new BlazeFaceDetector((await this.models().load('blazeface')).model);
    // Both sizes a camera frame is searched at: the full frame, and the crop around a tracked face.
    await detector.warmUp([detector.spec.inputSize, DEFAULT_ROI_TRACKING.roiInputSize]);
    return detector;
  });
  private readonly landmarker = loadOnce(async () => {
    const [mesh, iris] = await Promise.all([this.models().load('facemesh'), this.models().load('iris')]);
    return new FaceLandmarker(mesh.model, iris.model);
  });

  async detectFaces(
    frame: ImageBitmap | VideoFrame,
    options: Partial<DecodeOptions> = {},
    search: FaceSearch = {},
  ): Promise<FaceDetection[]> {
    // Drawn straight onto the detector's small canvas: no intermediate copy of the frame.
    try {
      const detector = await this.faceDetector();
      return await detector.detect(frame, { ...DEFAULT_DECODE, ...options }, search.region, search.inputSize);
    } finally {
      frame.close();
    }
  }

  async synthesizeFrames(
    portrait: ImageBitmap,
    grid: GazeGrid,
    settings: SynthesisSettings = {},
    onProgress?: ProgressCallback<SynthesisProgress>,
  ): Promise<GazeFrameSet> {
    const pixels = (() => {
      try {
        return rasterize(portrait).pixels;
      } finally {
        portrait.close();
      }
    })();
    const result = await withOrderedProgress(onProgress, async (report) => {
      const make = async () =>
        synthesizedFrameSet(
          pixels,
          grid,
          await this.faceDetector(),
          await this.landmarker(),
          settings,
          (done, total) => report?.({ done, total, cached: false }),
        );
      const found = await cachedSynthesis(this.frameCache, pixels, grid, settings, make);
      if (found.cached)
        report?.({ done: found.set.frames.length, total: found.set.frames.length, cached: true });
      return found;
    });
    // Stored after the page has the frames; a cache that cannot take them only costs the next start.
    void result.store();
    return moved(result.set);
  }

  async blendFrames(
    painting: ImageBitmap,
    heads: ImageBitmap[],
    head: Rect,
    grid: GazeGrid,
    alpha: SigmoidAlpha,
  ): Promise<GazeFrameSet> {
    try {
      return moved(await blendedFrameSet(painting, heads, head, grid, alpha));
    } finally {
      painting.close();
      heads.forEach((h) => h.close());
    }
  }
}
