/** Retrieval metrics over ranked id lists. */

/** Average precision of one ranking against the set of relevant ids (0 when none is relevant). */
export function averagePrecision(ranked: readonly string[], relevant: readonly string[]): number {
  if (relevant.length === 0) return 0;
  const wanted = new Set(relevant);
  let hits = 0;
  let sum = 0;
  ranked.forEach((id, i) => {
    if (wanted.has(id)) sum += ++hits / (i + 1);
  });
  return sum / wanted.size;
}

/** 1 when a relevant id is among the first k, else 0. */
export function hitAt(ranked: readonly string[], relevant: readonly string[], k: number): number {
  return ranked.slice(0, k).some((id) => relevant.includes(id)) ? 1 : 0;
}
