/** Stepping through the samples of a set: pure helpers for the store. */

/** index + delta, wrapped into 0…n−1 (Next on the last sample goes to the first). */
export function stepIndex(index: number, delta: number, n: number): number {
  if (n <= 0) return 0;
  return (((index + delta) % n) + n) % n;
}

/**
 * Reads the index box: an integer in 0…n−1, or an error message for the field.
 * Leading/trailing spaces are ignored.
 */
export function parseIndexInput(text: string, n: number): { index: number } | { error: string } {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return { error: `enter a whole number from 0 to ${n - 1}` };
  const index = Number(t);
  if (index >= n) return { error: `the set has ${n} samples: enter 0 to ${n - 1}` };
  return { index };
}

/** A uniform index in 0…n−1 other than `current` (when n > 1); `rand` returns [0, 1). */
export function randomIndex(n: number, current: number, rand: () => number = Math.random): number {
  if (n <= 1) return 0;
  const r = Math.floor(rand() * (n - 1));
  return r >= current ? r + 1 : r;
}
