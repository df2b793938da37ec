/**
 * `npm run bench -- ppe [--seconds 10]`: analysed frames per second through
 * the monitor's pipeline (faces, FaceMesh check, cover heads), side by
 * side in one run:
 *   640x480 frames (face-api's six group photos letterboxed) as a camera
 *     streams them (`stream`: each head judged on one of its views a frame,
 *     in turn; core/ppe/view-rotation.ts), one worker, one
 *     frame at a time: face cover only; face and head cover (the default);
 *     the same as photos (each head judged on six crops);
 *     face, head and hand cover (hands looked for);
 *   the same with whole-body search on (the `bodies` attribute: CenterNet);
 *   the same streamed through two workers (one frame in flight each);
 *   the 1920-px group photo (tiled search);
 * with the ratio to the classic pipeline's 1 frame/s sampling.
 */
import { WorkerClient } from '../../../src/page/worker-client.js';
import type { PpeOptions } from '../../../src/contracts/ppe.js';
import { option, type Task } from '../task-context.js';
import { cameraFrames } from './bench-gaze.js';
import { loadBitmap } from './task-files.js';

const GROUP_1920 = '/node_modules/@vladmandic/face-api/demo/sample1.jpg';

/** Camera frames: each part judged on one view a frame, as the monitor's camera loop asks. */
const CAMERA: PpeOptions = { hands: false, stream: true };

interface Rate {
  name: string;
  frames: number;
  fps: number;
  msPerFrame: number;
  people: number;
}

async function stream(
  name: string,
  clients: WorkerClient<'ppe'>[],
  frames: CanvasImageSource[],
  seconds: number,
  options: PpeOptions = CAMERA,
): Promise<Rate> {
  for (const c of clients)
    for (const f of frames.slice(0, 2))
      await c.service.analyze(await createImageBitmap(f as ImageBitmap), options); // warm-up
  let done = 0;
  let people = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    clients.map(async (client, w) => {
      for (let i = w; performance.now() < end; i += clients.length) {
        const result = await client.service.analyze(
          await createImageBitmap(frames[i % frames.length] as ImageBitmap),
          options,
        );
        done++;
        people += result.persons.length;
      }
    }),
  );
  const ms = performance.now() - start;
  return {
    name,
    frames: done,
    fps: round((1000 * done) / ms),
    msPerFrame: round(ms / done),
    people: round(people / done),
  };
}

const round = (v: number) => Math.round(v * 100) / 100;

export const benchPpe: Task = async (ctx) => {
  const seconds = Number(option(ctx.args, 'seconds') ?? 10);
  const clients = [0, 1].map(() => new WorkerClient('ppe', ctx.backend, { rememberChoice: false }));
  const info = await clients[0]!.ready;
  await clients[1]!.ready;
  ctx.progress(`backend ${info.backend}: ${info.reason}`);
  try {
    const frames = await cameraFrames();
    const groupPhoto = await loadBitmap(GROUP_1920);
    const rates: Rate[] = [];
    const run = async (...args: Parameters<typeof stream>) => {
      const rate = await stream(...args);
      ctx.progress(`${rate.name}: ${rate.fps} fps`);
      rates.push(rate);
      return rate;
    };
    const faceOnly = await run('640x480, one worker, FACE_COVER only', [clients[0]!], frames, seconds, {
      ...CAMERA,
      covers: ['FACE_COVER'],
    });
    const one = await run('640x480, one worker, FACE_COVER + HEAD_COVER', [clients[0]!], frames, seconds);
    const photos = await run(
      '640x480 photos, one worker, FACE_COVER + HEAD_COVER (each head on six crops)',
      [clients[0]!],
      frames,
      seconds,
      { hands: false },
    );
    const withHands = await run(
      '640x480, one worker, FACE_COVER + HEAD_COVER + HAND_COVER (hands looked for)',
      [clients[0]!],
      frames,
      seconds,
      { ...CAMERA, hands: true },
    );
    const bodies = await run(
      '640x480, one worker, with whole-body search (bodies)',
      [clients[0]!],
      frames,
      seconds,
      { ...CAMERA, bodies: true },
    );
    const two = await run(
      '640x480, two workers streamed (as a busy kiosk would run it)',
      clients,
      frames,
      seconds,
    );
    const group = await run(
      `${groupPhoto.width}x${groupPhoto.height} group photo, one worker (tiled)`,
      [clients[0]!],
      [groupPhoto],
      seconds,
      { hands: false },
    );
    return {
      task: 'bench:ppe',
      backend: info.backend,
      cores: navigator.hardwareConcurrency,
      rates,
      vsClassic1fps: {
        faceCover640: faceOnly.fps,
        oneWorker640: one.fps,
        photos640: photos.fps,
        allCovers640: withHands.fps,
        oneWorker640Bodies: bodies.fps,
        twoWorkers640: two.fps,
        group1920: group.fps,
      },
    };
  } finally {
    clients.forEach((c) => c.terminate());
  }
};
