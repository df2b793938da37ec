/**
 * Progress for the page through a Comlink proxy. Each report travels on the
 * proxy's own channel, so without care one can arrive after the call's
 * answer (a late "47%" would then put a progress bar back up for good).
 * Every report is a round trip; the call answers only once all of them have
 * been handled.
 */
export function orderedProgress<P>(onProgress?: (p: P) => unknown): {
  report: ((p: P) => void) | undefined;
  settled: () => Promise<void>;
} {
  if (!onProgress) return { report: undefined, settled: () => Promise.resolve() };
  const pending: Promise<unknown>[] = [];
  return {
    report: (p) => void pending.push(Promise.resolve(onProgress(p)).catch(() => undefined)),
    settled: async () => void (await Promise.all(pending)),
  };
}

/** Runs `work` with a progress reporter and answers after every report has reached the page. */
export async function withOrderedProgress<P, R>(
  onProgress: ((p: P) => unknown) | undefined,
  work: (report: ((p: P) => void) | undefined) => Promise<R>,
): Promise<R> {
  const progress = orderedProgress(onProgress);
  try {
    return await work(progress.report);
  } finally {
    await progress.settled();
  }
}
