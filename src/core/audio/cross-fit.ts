/**
 * Scores every clip with a model that never trained on it. Training clips go
 * round-robin into k folds; the model of fold f trains on the other folds and
 * scores fold f — those out-of-fold scores of normal clips calibrate the
 * threshold, and a test clip that is also a training clip (same content
 * hash) takes its fold's score. Test clips outside the training set, and the
 * model that is kept, come from one more fit on every training clip.
 */
export interface CrossFitJob<M> {
  fit(training: number[]): Promise<M>;
  /** Scores of training clips (by index) under a model. */
  scoreTraining(model: M, clips: number[]): Promise<number[]>;
  /** Scores of test clips (by index) under a model. */
  scoreTest(model: M, clips: number[]): Promise<number[]>;
  release(model: M): void;
  onFold?(fold: number, folds: number): void;
}

export interface CrossFitResult<M> {
  /** Out-of-fold score of every training clip (in-sample when there are too few clips for folds). */
  training: number[];
  test: number[];
  /** The model fitted on all training clips, when asked for or needed. */
  model: M | null;
}

export async function crossFit<M>(
  trainingKeys: readonly string[],
  testKeys: readonly string[],
  folds: number,
  job: CrossFitJob<M>,
  keepModel = false,
): Promise<CrossFitResult<M>> {
  const n = trainingKeys.length;
  const k = n >= 2 * folds && folds >= 2 ? folds : 0;
  const foldOf = new Map(trainingKeys.map((key, i) => [key, i % Math.max(1, k)]));
  const training: number[] = new Array<number>(n).fill(NaN);
  const test: number[] = new Array<number>(testKeys.length).fill(NaN);
  const all = trainingKeys.map((_, i) => i);
  for (let f = 0; f < k; f++) {
    job.onFold?.(f + 1, k + 1);
    const held = all.filter((i) => i % k === f);
    const model = await job.fit(all.filter((i) => i % k !== f));
    try {
      (await job.scoreTraining(model, held)).forEach((s, j) => (training[held[j]!] = s));
      const mine = testKeys.flatMap((key, j) => (foldOf.get(key) === f ? [j] : []));
      (await job.scoreTest(model, mine)).forEach((s, j) => (test[mine[j]!] = s));
    } finally {
      job.release(model);
    }
  }
  const outside = testKeys.flatMap((key, j) => (k && foldOf.has(key) ? [] : [j]));
  if (k && !keepModel && outside.length === 0) return { training, test, model: null };
  job.onFold?.(k + 1, k + 1);
  const model = await job.fit(all);
  try {
    (await job.scoreTest(model, outside)).forEach((s, j) => (test[outside[j]!] = s));
    if (!k) (await job.scoreTraining(model, all)).forEach((s, i) => (training[i] = s));
  } catch (error) {
    job.release(model);
    throw error;
  }
  if (keepModel) return { training, test, model };
  job.release(model);
  return { training, test, model: null };
}
