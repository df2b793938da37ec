/**
 * `npm run eval -- retrieval <folder with gallery/, queries/, truth.json>`
 * through the element's own worker pipeline: every gallery image is indexed,
 * every query searched against the whole gallery. mAP and recall@k come from
 * the re-ranked order; map_global from the global order of the same search.
 * Options: --rerank N (candidates re-ranked, default 50; 0 = global only).
 * Unreadable gallery or query files are listed under "rejected".
 */
import { WorkerClient } from '../../../src/page/worker-client.js';
import { decodeImage } from '../../../src/page/media/decode-image.js';
import { averagePrecision, hitAt } from '../../../src/core/retrieval/ranking-metrics.js';
import { DEFAULT_SEARCH } from '../../../src/core/retrieval/retrieval-engine.js';
import { option, type TaskContext } from '../task-context.js';
import { imageFiles, positional } from './task-files.js';

interface Rejected {
  file: string;
  error: string;
}

async function fileBitmap(ctx: TaskContext, path: string, name: string): Promise<ImageBitmap> {
  const response = await fetch(ctx.fileUrl(path));
  if (!response.ok) throw new Error(`${name} cannot be read (HTTP ${response.status})`);
  return decodeImage(await response.blob(), name);
}

async function readTruth(ctx: TaskContext, root: string): Promise<Record<string, string[]>> {
  const response = await fetch(ctx.fileUrl(`${root}/truth.json`));
  if (!response.ok) throw new Error(`${root}/truth.json cannot be read (HTTP ${response.status})`);
  return (await response.json()) as Record<string, string[]>;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

export async function retrieval(ctx: TaskContext): Promise<Record<string, unknown>> {
  const root = positional(ctx.args)?.replace(/\/$/, '');
  if (!root)
    throw new Error('usage: eval -- retrieval <folder with gallery/, queries/ and truth.json> [--rerank 50]');
  const rerank = Number(option(ctx.args, 'rerank') ?? DEFAULT_SEARCH.rerank);
  const truth = await readTruth(ctx, root);
  const client = new WorkerClient('retrieval', ctx.backend, { rememberChoice: false });
  const backend = await client.ready;
  // No IndexedDB rows back this index: every image keeps its local features in memory.
  await client.service.configureIndex('eval', Infinity);
  const rejected: Rejected[] = [];
  const indexTimes: number[] = [];
  for (const file of await imageFiles(ctx, `${root}/gallery`)) {
    try {
      const bitmap = await fileBitmap(ctx, file.path, file.name);
      const start = performance.now();
      await client.service.addImage('eval', file.name, bitmap);
      indexTimes.push(performance.now() - start);
    } catch (error) {
      rejected.push({ file: file.path, error: error instanceof Error ? error.message : String(error) });
    }
  }
  ctx.progress(`indexed ${indexTimes.length} gallery images`);
  const stats = await client.service.stats('eval');
  const ap: number[] = [];
  const apGlobal: number[] = [];
  const r1: number[] = [];
  const r5: number[] = [];
  const times: number[] = [];
  const misses: { query: string; expected: string[]; got: string[] }[] = [];
  for (const [query, relevant] of Object.entries(truth)) {
    try {
      const bitmap = await fileBitmap(ctx, `${root}/queries/${query}`, query);
      const start = performance.now();
      const report = await client.service.search('eval', bitmap, { k: stats.images, rerank, withPairs: 0 });
      times.push(performance.now() - start);
      const ranked = report.hits.map((h) => h.id);
      ap.push(averagePrecision(ranked, relevant));
      apGlobal.push(averagePrecision(report.globalOrder, relevant));
      r1.push(hitAt(ranked, relevant, 1));
      r5.push(hitAt(ranked, relevant, 5));
      if (!relevant.includes(ranked[0]!))
        misses.push({
          query,
          expected: relevant,
          got: report.hits
            .slice(0, 3)
            .map((h) => `${h.id} (score ${h.score.toFixed(3)}, ${h.inliers} inliers)`),
        });
    } catch (error) {
      rejected.push({ file: query, error: error instanceof Error ? error.message : String(error) });
    }
  }
  client.terminate();
  return {
    task: 'retrieval',
    map: Number(mean(ap).toFixed(4)),
    recall_at_1: Number(mean(r1).toFixed(4)),
    recall_at_5: Number(mean(r5).toFixed(4)),
    map_global: Number(mean(apGlobal).toFixed(4)),
    ms_per_query: Number(mean(times).toFixed(1)),
    gallery: stats.images,
    queries: ap.length,
    rerank,
    backend: backend.backend,
    ms_per_image: Number(mean(indexTimes).toFixed(1)),
    stored_bytes_per_image: Math.round(stats.storedBytes / Math.max(1, stats.images)),
    misses,
    rejected,
  };
}
