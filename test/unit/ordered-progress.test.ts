import { describe, expect, it } from 'vitest';
import { withOrderedProgress } from '../../src/runtime/ordered-progress.js';

describe('withOrderedProgress', () => {
  it('answers only after every progress report has been handled, even when the handler is slower than the work', async () => {
    const log: string[] = [];
    // A page that takes its time with each report (as a Comlink round trip under load does).
    const slowPage = (p: number) =>
      new Promise<void>((resolve) => setTimeout(() => (log.push(`progress ${p}`), resolve()), 20 - p * 5));
    const result = await withOrderedProgress(slowPage, async (report) => {
      for (const p of [1, 2, 3]) report!(p);
      return 'done';
    });
    log.push(result);
    expect(log.at(-1)).toBe('done');
    expect(log.filter((l) => l.startsWith('progress'))).toHaveLength(3);
  });

  it("answers when a report fails, and passes the work's own error on", async () => {
    const failing = () => Promise.reject(new Error('page gone'));
    await expect(withOrderedProgress(failing, async (report) => (report!(1), 'ok'))).resolves.toBe('ok');
    await expect(
      withOrderedProgress(undefined, async () => Promise.reject(new Error('work failed'))),
    ).rejects.toThrow('work failed');
  });
});
