/**
 * Part of `npm run bench -- gaze`: how long the worker takes to make a
 * portrait's gaze frames (the Mona Lisa, as shipped), eyes only and with the
 * head turning, 33 and 33 x 3 of them, and how long the same set takes to come
 * back from the frame cache, as after a kiosk restart. Long tasks on the page
 * are counted while the frames are made: the work is the worker's.
 */
import type { GazeGrid, SynthesisSettings } from '../../../src/contracts/gaze.js';
import type { BackendName } from '../../../src/contracts/runtime.js';
import { WorkerClient } from '../../../src/page/worker-client.js';
import type { TaskContext } from '../task-context.js';
import { loadBitmap } from './task-files.js';

const PORTRAIT = '/portraits/mona-lisa.jpg';

async function timed(client: WorkerClient<'gaze'>, grid: GazeGrid, settings: SynthesisSettings) {
  const started = performance.now();
  const set = await client.service.synthesizeFrames(await loadBitmap(PORTRAIT), grid, settings);
  const ms = Math.round(performance.now() - started);
  set.frames.forEach((f) => f.close());
  return { ms, frames: set.frames.length, cached: set.cached, headTurns: set.head !== null };
}

/** `longTasksDuring` is bench-gaze's: long tasks on this page while `work` runs. */
export async function frameMaking(
  ctx: TaskContext,
  backend: BackendName,
  longTasksDuring: (work: () => Promise<void>) => Promise<{ count: number; worstMs: number }>,
) {
  const client = new WorkerClient('gaze', backend, { rememberChoice: false });
  await client.ready;
  // Models loaded and warmed by a first, small set, so the rows below time the making alone.
  await timed(client, { columns: 2, rows: 1 }, { headTurn: 0, range: 0.5 });
  const rows: Record<string, Awaited<ReturnType<typeof timed>>> = {};
  const cases: [string, GazeGrid, SynthesisSettings][] = [
    ['eyes only, 33', { columns: 33, rows: 1 }, { headTurn: 0 }],
    ['head turn, 33', { columns: 33, rows: 1 }, { headTurn: 12 }],
    ['head turn, 33 x 3', { columns: 33, rows: 3 }, { headTurn: 12 }],
    ['head turn, 33 x 3, from the cache', { columns: 33, rows: 3 }, { headTurn: 12 }],
  ];
  let longTasks = { count: 0, worstMs: 0 };
  for (const [name, grid, settings] of cases) {
    ctx.progress(`making the Mona Lisa's frames: ${name}…`);
    const run = async () => void (rows[name] = await timed(client, grid, settings));
    if (name === 'head turn, 33 x 3') longTasks = await longTasksDuring(run);
    else await run();
    ctx.progress(`  ${rows[name]!.ms} ms${rows[name]!.cached ? ' (cached)' : ''}`);
  }
  client.terminate();
  return { portrait: PORTRAIT, rows, longTasksWhileMaking99: longTasks };
}
