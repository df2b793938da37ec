/**
 * How well anomaly scores separate normal from abnormal clips: ROC, AUC,
 * DCASE's partial AUC (the area over false-positive rates 0…maxFpr, divided
 * by maxFpr, as the DCASE 2020 Task 2 rules define it), and the confusion at
 * a threshold with precision, recall, F1 and accuracy (positive = abnormal,
 * a score above the threshold flags). Pure.
 */

export interface RocPoint {
  fpr: number;
  tpr: number;
  threshold: number;
}

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** One threshold for every clip, or each clip's own (the threshold of the model that scored it). */
export type Thresholds = number | { normal: readonly number[]; abnormal: readonly number[] };

export interface DetectionMetrics {
  auc: number;
  pauc: number;
  /** Share of normal clips flagged: what an operator sees as false alarms. */
  fpr: number;
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
  threshold: Thresholds;
  confusion: Confusion;
}

/** ROC from the highest threshold down, ties taken together (so the curve has no optimistic staircase). */
export function rocCurve(normal: readonly number[], abnormal: readonly number[]): RocPoint[] {
  const scored = [...normal.map((s) => ({ s, y: 0 })), ...abnormal.map((s) => ({ s, y: 1 }))].sort(
    (a, b) => b.s - a.s,
  );
  const points: RocPoint[] = [{ fpr: 0, tpr: 0, threshold: Number.POSITIVE_INFINITY }];
  let [tp, fp] = [0, 0];
  for (let i = 0; i < scored.length; i++) {
    if (scored[i]!.y) tp++;
    else fp++;
    if (i + 1 < scored.length && scored[i + 1]!.s === scored[i]!.s) continue;
    points.push({
      fpr: fp / Math.max(1, normal.length),
      tpr: tp / Math.max(1, abnormal.length),
      threshold: scored[i]!.s,
    });
  }
  return points;
}

/** Area under the ROC up to maxFpr (trapezoids, the last one cut at maxFpr), divided by maxFpr. */
export function areaUnderRoc(points: readonly RocPoint[], maxFpr = 1): number {
  let area = 0;
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1]!, points[i]!];
    if (a.fpr >= maxFpr) break;
    const right = Math.min(b.fpr, maxFpr);
    const tprAtRight =
      b.fpr === a.fpr ? b.tpr : a.tpr + ((b.tpr - a.tpr) * (right - a.fpr)) / (b.fpr - a.fpr);
    area += ((right - a.fpr) * (a.tpr + tprAtRight)) / 2;
  }
  return area / maxFpr;
}

export function confusionAt(
  normal: readonly number[],
  abnormal: readonly number[],
  threshold: Thresholds,
): Confusion {
  const limit = (side: 'normal' | 'abnormal', i: number) =>
    typeof threshold === 'number' ? threshold : threshold[side][i]!;
  const fp = normal.filter((s, i) => s > limit('normal', i)).length;
  const tp = abnormal.filter((s, i) => s > limit('abnormal', i)).length;
  return { tp, fp, tn: normal.length - fp, fn: abnormal.length - tp };
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);
const round = (v: number) => Math.round(v * 10000) / 10000;

export function detectionMetrics(
  normal: readonly number[],
  abnormal: readonly number[],
  threshold: Thresholds,
  maxFpr = 0.1,
): DetectionMetrics {
  const roc = rocCurve(normal, abnormal);
  const confusion = confusionAt(normal, abnormal, threshold);
  const { tp, fp, tn, fn } = confusion;
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  return {
    auc: round(areaUnderRoc(roc)),
    pauc: round(areaUnderRoc(roc, maxFpr)),
    fpr: round(ratio(fp, fp + tn)),
    precision: round(precision),
    recall: round(recall),
    f1: round(ratio(2 * precision * recall, precision + recall)),
    accuracy: round(ratio(tp + tn, tp + fp + tn + fn)),
    threshold,
    confusion,
  };
}
