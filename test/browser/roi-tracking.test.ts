/**
 * Tracking one viewer in a 128-px crop must find the same face the full
 * 256-px search finds, for every face large enough to crop around: on the
 * gaze bench's six photos as 640x480 camera frames. Same face: boxes overlap
 * by IoU 0.5 or more and the eye midpoints lie within a fifth of the face's
 * width (the full search's landmarks on a face it barely scores wander more).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { eyeMidpoint } from '../../src/core/face/decode.js';
import { viewerPosition } from '../../src/core/gaze/gaze-mapping.js';
import { RoiTracking } from '../../src/core/gaze/roi-tracking.js';
import { WorkerClient } from '../../src/page/worker-client.js';
import { iou } from '../../src/shared/geometry.js';
import { cameraFrames } from '../../tools/eval/tasks/bench-gaze.js';

const client = new WorkerClient('gaze', 'wasm', { rememberChoice: false });
afterAll(() => client.terminate());

describe('tracking in a crop around the followed face', () => {
  it('finds in a 128-px crop every face the full search finds that is large enough, at the same place', async () => {
    let [checked, same] = [0, 0];
    const misses: string[] = [];
    for (const [photo, frame] of (await cameraFrames()).entries()) {
      const full = await client.service.detectFaces(await createImageBitmap(frame));
      for (const face of full) {
        const roi = new RoiTracking();
        roi.next(640, 480);
        roi.observe(1, viewerPosition(face, 640, 480), 640, 480);
        const search = roi.next(640, 480);
        if (search.kind !== 'roi') continue; // too small to crop around: the full search keeps it
        checked++;
        const found = await client.service.detectFaces(await createImageBitmap(frame), undefined, search);
        const [ex, ey] = eyeMidpoint(face);
        const match = found.find((f) => {
          const [fx, fy] = eyeMidpoint(f);
          return iou(f.box, face.box) >= 0.5 && Math.hypot(fx - ex, fy - ey) <= 0.2 * face.box.width;
        });
        if (match) same++;
        else
          misses.push(
            `photo ${photo + 1}, face at ${Math.round(ex)},${Math.round(ey)}, ${Math.round(face.box.width)} px`,
          );
      }
    }
    expect(checked).toBeGreaterThanOrEqual(15);
    expect(misses, `${same} of ${checked} found again`).toEqual([]);
  });
});
