/**
 * `npm run eval -- smoke`: loads every model in the manifest in the inference
 * worker (sha256-verified) and times one inference of each.
 */
import { WorkerClient } from '../../../src/page/worker-client.js';
import type { Task } from '../task-context.js';

export const smoke: Task = async (ctx) => {
  const client = new WorkerClient('gaze', ctx.backend, { rememberChoice: false });
  const info = await client.ready;
  ctx.progress(`backend ${info.backend}: ${info.reason}`);
  const manifest = await client.service.manifest();
  const models = [];
  for (const entry of manifest.models) {
    try {
      const loaded = await client.service.loadModel(entry.name, (p) => {
        if (p.loaded === p.total) ctx.progress(`${entry.name}: ${p.loaded}/${p.total} bytes`);
      });
      if (entry.format) {
        models.push({
          name: entry.name,
          source: entry.source,
          bytes: entry.bytes,
          sha256ok: loaded.sha256ok,
          loadMs: round(loaded.loadMs),
          format: entry.format,
        });
        continue;
      }
      const timing = await client.service.timeInference(entry.name);
      models.push({
        name: entry.name,
        source: entry.source,
        bytes: entry.bytes,
        sha256ok: loaded.sha256ok,
        loadMs: round(loaded.loadMs),
        firstInferMs: round(timing.firstMs),
        inferMs: round(timing.inferMs),
      });
    } catch (error) {
      models.push({
        name: entry.name,
        source: entry.source,
        bytes: entry.bytes,
        sha256ok: false,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    ctx.progress(`${entry.name} done`);
  }
  client.terminate();
  return {
    task: 'smoke',
    backend: info.backend,
    reason: info.reason,
    adapter: info.adapter,
    timings: info.timings,
    models,
  };
};

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
