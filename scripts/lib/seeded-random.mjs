/**
 * The fixture scripts' one seeded generator: a linear congruential one,
 * numbers in [0, 1), so a generated set is the same on every machine.
 * (The app's own code uses mulberry32 in src/shared/seeded-random.ts; the
 * fixtures keep this one so the sets they made stay byte for byte the same.)
 */
export function seededRandom(seed) {
  let state = seed;
  return () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
}
