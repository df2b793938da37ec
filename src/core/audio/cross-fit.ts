/**
 * Scores every clip with models that never trained on it. Training clips go
 * round-robin into k folds (k = folds, at most one per clip: leave-one-out);
 * the model of fold f trains on the other folds and scores fold f. Those
 * out-of-fold scores of normal clips calibrate the threshold, and a test clip
 * that is also a training clip (same content hash) takes its fold's score.
 * A test clip outside the training set takes the mean of every fold model's
 * score, so both sides of a comparison come from models of the same size (a
 * model fitted on all clips scores outsiders lower than a fold model scores
 * its held-out clip: with 5 clips that alone turned an AUC of 0.8 into 0.4).
 * The model that is kept, when asked for, is one more fit on every clip.
 * With a single clip there are no folds: it scores itself.
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
  /** Out-of-fold score of every training clip (in-sample when there is a single clip). */
  training: number[];
  test: number[];
  /** Fold of each training clip (−1 without folds). */
  trainingFold: number[];
  /** Fold whose model scored each test clip, −1 for the mean over every fold (or the single model). */
  testFold: number[];
  /** The model fitted on all training clips, when asked for. */
  model: M | null;
}

/** Folds for n clips: at most one per clip, none for a single clip. */
export function foldCount(n: number, folds: number): number {
  return n >= 2 ? Math.min(Math.max(2, folds), n) : 0;
}

export async function crossFit<M>(
  trainingKeys: readonly string[],
  testKeys: readonly string[],
  folds: number,
  job: CrossFitJob<M>,
  keepModel = false,
): Promise<CrossFitResult<M>> {
  const n = trainingKeys.length;
  const k = foldCount(n, folds);
  const trainingFold = trainingKeys.map((_, i) => (k ? i % k : -1));
  const foldOf = new Map(trainingKeys.map((key, i) => [key, trainingFold[i]!]));
  const testFold = testKeys.map((key) => (k ? (foldOf.get(key) ?? -1) : -1));
  const training: number[] = new Array<number>(n).fill(NaN);
  const test: number[] = new Array<number>(testKeys.length).fill(k ? 0 : NaN);
  const all = trainingKeys.map((_, i) => i);
  const outside = testFold.flatMap((f, j) => (f < 0 ? [j] : []));
  const steps = k + (keepModel || !k ? 1 : 0);
  for (let f = 0; f < k; f++) {
    job.onFold?.(f + 1, steps);
    const held = all.filter((i) => trainingFold[i] === f);
    const model = await job.fit(all.filter((i) => trainingFold[i] !== f));
    try {
      (await job.scoreTraining(model, held)).forEach((s, j) => (training[held[j]!] = s));
      const mine = testFold.flatMap((g, j) => (g === f ? [j] : []));
      (await job.scoreTest(model, mine)).forEach((s, j) => (test[mine[j]!] = s));
      (await job.scoreTest(model, outside)).forEach((s, j) => (test[outside[j]!]! += s / k));
    } finally {
      job.release(model);
    }
  }
  if (k && !keepModel) return { training, test, trainingFold, testFold, model: null };
  job.onFold?.(steps, steps);
  const model = await job.fit(all);
  try {
    if (!k) {
      (await job.scoreTest(model, outside)).forEach((s, j) => (test[outside[j]!] = s));
      (await job.scoreTraining(model, all)).forEach((s, i) => (training[i] = s));
    }
  } catch (error) {
    job.release(model);
    throw error;
  }
  if (keepModel) return { training, test, trainingFold, testFold, model };
  job.release(model);
  return { training, test, trainingFold, testFold, model: null };
}
