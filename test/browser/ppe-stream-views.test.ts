/**
 * A live stream judges each head on one of its six views a frame and pools
 * them over the frames (core/ppe/view-rotation.ts): in the real worker, a
 * still scene streamed for six frames must be judged exactly as the same
 * photo checked once, and its first frame on the box as found alone.
 */
import { describe, expect, it } from 'vitest';
import { WorkerClient } from '../../src/page/worker-client.js';
import { decodeImage } from '../../src/page/media/decode-image.js';
import type { PpeAnalysis, PpeOptions } from '../../src/contracts/ppe.js';

const WORKSITE = '/samples/ppe/worksite.jpg';

const headsCovered = (analysis: PpeAnalysis) =>
  analysis.persons.flatMap((p) =>
    p.parts.filter((part) => part.name === 'HEAD').map((part) => part.covered!),
  );

describe('PPE heads in a live stream', () => {
  it('judges a still scene as its photo once every view was seen, at one crop a head a frame', async () => {
    const client = new WorkerClient('ppe', 'wasm', { rememberChoice: false });
    try {
      await client.ready;
      const blob = await (await fetch(WORKSITE)).blob();
      const look = async (options: Partial<PpeOptions>) =>
        headsCovered(
          await client.service.analyze(await decodeImage(blob, 'worksite.jpg'), { hands: false, ...options }),
        );
      const photo = await look({});
      expect(photo.length).toBeGreaterThanOrEqual(3);
      const frames: number[][] = [];
      for (let frame = 0; frame < 6; frame++)
        frames.push(await look({ stream: true, frameTime: frame * 100 }));
      expect(frames[5]).toEqual(photo.map((p) => expect.closeTo(p, 5)));
      // The first frame saw each head on one view only, which judges at least one head differently.
      expect(Math.max(...frames[0]!.map((p, i) => Math.abs(p - photo[i]!)))).toBeGreaterThan(1e-3);
      // A photo ends the stream: the next stream frame starts every head afresh.
      await look({});
      expect(await look({ stream: true, frameTime: 700 })).toEqual(
        frames[0]!.map((p) => expect.closeTo(p, 5)),
      );
    } finally {
      client.terminate();
    }
  }, 180_000);
});
