/**
 * `npm run bench -- retrieval [--images <folder>]`, side by side in one run:
 *   descriptor extraction (global + local, both scales) per image, in the worker,
 *   on first sight of each pass size (which adds one featureless pass) and again;
 *   the global pass against synthetic indexes of 1k, 10k and 100k images: the
 *   worker's matrix product + top-k on the active backend (whitened from 1k on)
 *   against a plain JavaScript scan of the int8 descriptors, with the ratio;
 *   re-ranking the top 50 (real local features of the images, reused), with
 *   the features in memory and read back from IndexedDB;
 *   index bytes per image, stored and in memory.
 * Images: the generated retrieval fixture's gallery, else face-api's samples.
 */
import { WorkerClient } from '../../../src/page/worker-client.js';
import { decodeImage } from '../../../src/page/media/decode-image.js';
import { mulberry32 } from '../../../src/shared/seeded-random.js';
import { median } from '../../../src/shared/stats.js';
import type { IndexRecord } from '../../../src/core/retrieval/retrieval-engine.js';
import { LOCAL_FEATURES_IN_MEMORY } from '../../../src/core/retrieval/local-feature-cache.js';
import { ImageStore, storedImage } from '../../../src/elements/image-finder/image-store.js';
import { option, type Task, type TaskContext } from '../task-context.js';
import { imageFiles } from './task-files.js';

const DEFAULT_IMAGES = 'test/fixtures/generated/retrieval-set/gallery';
const SIZES = [1000, 10000, 100000];
const r = (x: number) => Number(x.toFixed(2));

async function benchImages(ctx: TaskContext): Promise<{ source: string; blobs: Blob[] }> {
  const folder = option(ctx.args, 'images') ?? DEFAULT_IMAGES;
  try {
    const files = (await imageFiles(ctx, folder)).filter((f) => f.name !== 'broken.jpg').slice(0, 8);
    if (files.length)
      return {
        source: folder,
        blobs: await Promise.all(files.map(async (f) => (await fetch(ctx.fileUrl(f.path))).blob())),
      };
  } catch {
    // Fixture not generated: the packaged samples below.
  }
  const urls = [1, 2, 3, 4, 5, 6].map((i) => `/node_modules/@vladmandic/face-api/demo/sample${i}.jpg`);
  return {
    source: 'face-api samples',
    blobs: await Promise.all(urls.map(async (u) => (await fetch(u)).blob())),
  };
}

/**
 * Synthetic records: random unit-ish int8 globals; local features borrowed from real images so re-ranking
 * does real work.
 */
function syntheticRecords(count: number, real: IndexRecord[], dims: number, seed: number): IndexRecord[] {
  const rand = mulberry32(seed);
  return Array.from({ length: count }, (_, i) => ({
    ...real[i % real.length]!,
    id: `synthetic-${i}`,
    global: {
      scale: 1 / 127,
      data: Int8Array.from({ length: dims }, () => Math.round((rand() - 0.5) * 254)),
    },
  }));
}

/** The quantised alternative: a JS loop over every int8 descriptor, keeping the best k. */
function int8Scan(records: IndexRecord[], query: Int8Array, k: number): number {
  const best: number[] = [];
  for (const record of records) {
    const d = record.global.data;
    let s = 0;
    for (let j = 0; j < d.length; j++) s += d[j]! * query[j]!;
    if (best.length < k || s > best[best.length - 1]!) {
      best.push(s);
      best.sort((a, b) => b - a);
      if (best.length > k) best.pop();
    }
  }
  return best[0] ?? 0;
}

export const benchRetrieval: Task = async (ctx) => {
  const client = new WorkerClient('retrieval', ctx.backend, { rememberChoice: false });
  const backend = await client.ready;
  const { source, blobs } = await benchImages(ctx);
  const [firstMs, extractMs]: number[][] = [[], []];
  const real: IndexRecord[] = [];
  for (const round of [0, 1]) {
    for (const [i, blob] of blobs.entries()) {
      const bitmap = await decodeImage(blob, `image ${i}`);
      const start = performance.now();
      const record = await client.service.addImage('bench-real', `real-${i}`, bitmap);
      if (round === 1) extractMs.push(performance.now() - start);
      else if (i > 0) firstMs.push(performance.now() - start); // the very first includes loading the model
      if (round === 0) real.push(record);
    }
  }
  const realStats = await client.service.stats('bench-real');
  const dims = real[0]!.global.data.length;
  const sizes: Record<string, unknown>[] = [];
  for (const size of SIZES) {
    ctx.progress(`index of ${size}`);
    const key = `bench-${size}`;
    const records = syntheticRecords(size, real, dims, size);
    await client.service.configureIndex(key, Infinity); // synthetic: no rows to read features back from
    await client.service.loadRecords(key, records);
    const search = async (k: number, rerank: number) =>
      client.service.search(key, await decodeImage(blobs[0]!, 'query'), { k, rerank, withPairs: 0 });
    await search(10, 0); // builds the matrix (and learns the whitening)
    const reports = [];
    for (let i = 0; i < 5; i++) reports.push(await search(10, 0));
    const reranked = [];
    for (let i = 0; i < 3; i++) reranked.push(await search(10, 50));
    const globalMs = median(reports.map((x) => x.ms.global));
    const query = records[0]!.global.data;
    const scanTimes = [0, 1, 2].map(() => {
      const start = performance.now();
      int8Scan(records, query, 10);
      return performance.now() - start;
    });
    const stats = await client.service.stats(key);
    sizes.push({
      images: size,
      globalMs: r(globalMs),
      int8ScanMs: r(median(scanTimes)),
      ratio: r(median(scanTimes) / globalMs),
      rerank50Ms: r(median(reranked.map((x) => x.ms.rerank))),
      whitenedFrom: stats.whitenedFrom,
    });
    await client.service.clearIndex(key);
  }
  ctx.progress('re-ranking with local features read back from IndexedDB');
  const fromStore = await rerankFromStore(client, real, blobs[0]!);
  ctx.progress("memory of 100k images under the worker's local-feature budget");
  const budgeted = await memoryUnderBudget(client, syntheticRecords(100_000, real, dims, 7), blobs[0]!);
  client.terminate();
  return {
    task: 'bench:retrieval',
    backend: backend.backend,
    images: { count: blobs.length, source },
    extraction: {
      msPerImage: r(median(extractMs)),
      firstSightMsPerImage: r(median(firstMs)),
      ratio: r(median(firstMs) / median(extractMs)),
      scales: 2,
    },
    globalPass: sizes,
    rerankFromStore: fromStore,
    bytesPerImage: {
      stored: Math.round(realStats.storedBytes / realStats.images),
      globalStored: dims + 4,
      memory: Math.round(realStats.memoryBytes / realStats.images),
      // The worker holds local features for LOCAL_FEATURES_IN_MEMORY images; at 100k the rest stay in
      // IndexedDB.
      memoryAt100k: budgeted,
    },
  };
};

/**
 * Bytes per image the worker holds for 100k images with its default local-feature budget (global matrix +
 * held features).
 */
async function memoryUnderBudget(
  client: WorkerClient<'retrieval'>,
  records: IndexRecord[],
  query: Blob,
): Promise<{ bytesPerImage: number; localInMemory: number }> {
  const key = 'bench-budget';
  await client.service.configureIndex(key, LOCAL_FEATURES_IN_MEMORY);
  await client.service.loadRecords(key, records);
  await client.service.search(key, await decodeImage(query, 'query'), { k: 10, rerank: 0, withPairs: 0 }); // builds the matrix
  const stats = await client.service.stats(key);
  await client.service.clearIndex(key);
  return { bytesPerImage: Math.round(stats.memoryBytes / stats.images), localInMemory: stats.localInMemory };
}

/**
 * Re-ranking the top 50 when none of their local features is in memory: 50
 * IndexedDB rows (real features under new ids), an index that keeps none,
 * then the same search with every feature held, for the ratio.
 */
async function rerankFromStore(
  client: WorkerClient<'retrieval'>,
  real: IndexRecord[],
  query: Blob,
): Promise<Record<string, number>> {
  const key = 'bench-store';
  const records = Array.from({ length: 50 }, (_, i) => ({ ...real[i % real.length]!, id: `stored-${i}` }));
  const store = new ImageStore();
  await store.clear(key);
  for (const record of records) await store.put(storedImage(key, record, new Blob([])));
  const timed = async (keep: number) => {
    await client.service.configureIndex(key, keep);
    await client.service.loadRecords(key, records);
    const runs = [];
    for (let i = 0; i < 3; i++)
      runs.push(
        (
          await client.service.search(key, await decodeImage(query, 'query'), {
            k: 10,
            rerank: 50,
            withPairs: 0,
          })
        ).ms.rerank,
      );
    return median(runs);
  };
  const inMemory = await timed(Infinity);
  const fromIndexedDb = await timed(0);
  await store.clear(key);
  await client.service.clearIndex(key);
  return {
    candidates: 50,
    inMemoryMs: r(inMemory),
    fromIndexedDbMs: r(fromIndexedDb),
    ratio: r(fromIndexedDb / inMemory),
  };
}
