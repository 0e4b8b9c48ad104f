/**
 * Test helpers for the rule replicas: a seeded generator of float32-representable inputs (so the TF.js
 * path and the float64 replica see identical numbers) and the comparison used by the rule tests.
 * Test-only.
 */

/** mulberry32: a small seeded PRNG, uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n values uniform in [lo, hi), rounded to float32 and stored as float64. */
export function randomValues(rand: () => number, n: number, lo: number, hi: number): Float64Array {
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = Math.fround(lo + (hi - lo) * rand());
  return out;
}

/** Like randomValues, but each value is 0 with probability `zeros` (sparse ReLU activations). */
export function sparseValues(rand: () => number, n: number, hi: number, zeros: number): Float64Array {
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const keep = rand() >= zeros;
    const v = Math.fround(hi * rand());
    out[k] = keep ? v : 0;
  }
  return out;
}

export function sumOf(values: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < values.length; k++) s += values[k];
  return s;
}

/**
 * Largest element-wise error of `actual` against `expected`, relative to the tensor's scale:
 * max_k |a_k − e_k| / max(max_k |e_k|, tiny). The rule tests require ≤ 1e-4.
 */
export function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} ≠ ${expected.length}`);
  let scale = 0;
  let err = 0;
  for (let k = 0; k < expected.length; k++) {
    scale = Math.max(scale, Math.abs(expected[k]));
    err = Math.max(err, Math.abs(actual[k] - expected[k]));
  }
  return err / Math.max(scale, 1e-30);
}
