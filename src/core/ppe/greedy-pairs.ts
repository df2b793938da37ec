/**
 * Greedy matching by overlap, as trackers pair this frame's boxes with the
 * last frame's: every pair overlapping at least `minOverlap`, the most
 * overlapping first, each item on either side used at most once. (Optimal
 * assignment would differ only where boxes crowd each other; people in a
 * frame rarely do.)
 */
export function greedyPairs<A, B>(
  left: readonly A[],
  right: readonly B[],
  overlap: (a: A, b: B) => number,
  minOverlap: number,
): [number, number][] {
  const pairs: { i: number; j: number; value: number }[] = [];
  left.forEach((a, i) =>
    right.forEach((b, j) => {
      const value = overlap(a, b);
      if (value >= minOverlap) pairs.push({ i, j, value });
    }),
  );
  pairs.sort((p, q) => q.value - p.value);
  const [usedLeft, usedRight] = [new Set<number>(), new Set<number>()];
  const matched: [number, number][] = [];
  for (const { i, j } of pairs) {
    if (usedLeft.has(i) || usedRight.has(j)) continue;
    usedLeft.add(i);
    usedRight.add(j);
    matched.push([i, j]);
  }
  return matched;
}
