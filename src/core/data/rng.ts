/**
 * Seeded random numbers that give the same stream in Node, the browser and the worker.
 *
 * Generator: MT19937 from `pure-rand` (its `mersenne(seed)` is the classic `init_genrand` seeding),
 * the generator behind numpy's legacy `np.random.RandomState(seed)`. On top of it the helpers use
 * numpy's legacy algorithms (masked rejection for integers, a backwards Fisher–Yates shuffle, the
 * 53-bit double), so for a 32-bit seed:
 *   rng.int(n)          ≡ RandomState(seed).randint(0, n)            (n ≤ 2^32)
 *   rng.choice(n, k)    ≡ RandomState(seed).randint(0, n, size=k)     ≡ .choice(n, k) (with replacement)
 *   rng.permutation(n)  ≡ RandomState(seed).permutation(n)
 *   rng.float()         ≡ RandomState(seed).random_sample()
 * (checked against numpy 2.4 golden values in rng.test.ts). This does not make the thesis's
 * data reproducible index-for-index (facts §10.16): the exact numpy call sequence of the thesis
 * code is not known, so only the procedures are reproduced.
 */
import { mersenne } from 'pure-rand/generator/mersenne';

type Generator = ReturnType<typeof mersenne>;

/** A mutable seeded random stream. Not shared between tasks: give each purpose its own seed. */
export class Rng {
  private readonly gen: Generator;

  /** @param seed an integer in [0, 2^32) (numpy's legacy seed range). */
  constructor(readonly seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`Rng seed must be an integer in [0, 2^32), got ${seed}`);
    }
    this.gen = mersenne(seed >>> 0);
  }

  /** The next raw 32-bit output, as an unsigned integer in [0, 2^32). */
  nextUint32(): number {
    return this.gen.next() >>> 0;
  }

  /**
   * Uniform integer in [0, max] by masked rejection: draw 32 bits, keep those under the smallest
   * all-ones mask ≥ max, retry while the value exceeds max (numpy's legacy `random_interval`).
   */
  interval(max: number): number {
    if (max === 0) return 0;
    let mask = max >>> 0;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    let v: number;
    do v = (this.gen.next() & mask) >>> 0;
    while (v > max);
    return v;
  }

  /** Uniform integer in [0, n), n in [1, 2^32]. */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 0x100000000) throw new RangeError(`Rng.int: n must be an integer in [1, 2^32], got ${n}`);
    return this.interval(n - 1);
  }

  /** Uniform double in [0, 1) with 53 random bits: (a·2^26 + b) / 2^53, a = 27 bits, b = 26 bits. */
  float(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** k indices drawn uniformly with replacement from [0, n). Returns Uint32Array [k]. */
  choice(n: number, k: number): Uint32Array {
    if (k > 0 && (!Number.isInteger(n) || n < 1)) throw new RangeError(`Rng.choice: cannot draw from an empty range (n = ${n})`);
    const out = new Uint32Array(k);
    for (let i = 0; i < k; i++) out[i] = this.interval(n - 1);
    return out;
  }

  /** k elements of `pool` drawn uniformly with replacement. Returns Uint32Array [k]. */
  choiceFrom(pool: ArrayLike<number>, k: number): Uint32Array {
    const idx = this.choice(pool.length, k);
    for (let i = 0; i < k; i++) idx[i] = pool[idx[i]];
    return idx;
  }

  /**
   * Shuffles `arr` in place, uniformly over all orders: for i = n−1 … 1, swap a[i] with a[j],
   * j uniform in [0, i] (numpy's legacy `shuffle`). Returns `arr`.
   */
  shuffle<A extends { length: number; [i: number]: unknown }>(arr: A): A {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.interval(i);
      const t = arr[i];
      arr[i] = arr[j];
      arr[j] = t;
    }
    return arr;
  }

  /** A uniform random permutation of 0 … n−1 (the shuffle of the identity). Uint32Array [n]. */
  permutation(n: number): Uint32Array {
    const p = new Uint32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }
}
