import { describe, expect, it } from 'vitest';
import { Rng } from './rng';

// Golden values from numpy 2.4.6 (legacy RandomState, MT19937 with init_genrand seeding):
//   RandomState(5489).randint(0, 2**32, size=5, dtype=np.uint32)
//   RandomState(71).permutation(10);  RandomState(0).randint(0, 10, size=10)
//   RandomState(3): six successive permutation(3);  RandomState(1).random_sample(3)
describe('Rng', () => {
  it('produces the MT19937 stream of numpy RandomState for the same seed', () => {
    const r = new Rng(5489);
    expect(Array.from({ length: 5 }, () => r.nextUint32())).toEqual([3499211612, 581869302, 3890346734, 3586334585, 545404204]);
  });

  it('permutation(n) equals numpy RandomState(seed).permutation(n)', () => {
    expect(Array.from(new Rng(71).permutation(10))).toEqual([4, 5, 3, 6, 9, 1, 2, 0, 8, 7]);
    const p = new Rng(71).permutation(60000);
    expect(Array.from(p.subarray(0, 5))).toEqual([13010, 35494, 14290, 10732, 49068]);
    expect(Array.from(p.subarray(59997))).toEqual([11275, 44973, 56427]);
  });

  it('choice(n, k) equals numpy RandomState(seed).randint(0, n, size=k)', () => {
    expect(Array.from(new Rng(0).choice(10, 10))).toEqual([5, 0, 3, 3, 7, 9, 3, 5, 2, 4]);
    expect(Array.from(new Rng(0).choiceFrom([100, 101, 102, 103, 104, 105, 106, 107, 108, 109], 10))).toEqual([105, 100, 103, 103, 107, 109, 103, 105, 102, 104]);
  });

  it('successive permutation(3) calls follow numpy', () => {
    const r = new Rng(3);
    expect(Array.from({ length: 6 }, () => Array.from(r.permutation(3)))).toEqual([[1, 0, 2], [0, 2, 1], [1, 2, 0], [2, 1, 0], [0, 2, 1], [0, 1, 2]]);
  });

  it('float() equals numpy random_sample()', () => {
    const r = new Rng(1);
    expect([r.float(), r.float(), r.float()]).toEqual([0.417022004702574, 0.7203244934421581, 0.00011437481734488664]);
  });

  it('is deterministic per seed and differs between seeds', () => {
    const a = Array.from(new Rng(7).choice(1000, 50));
    expect(Array.from(new Rng(7).choice(1000, 50))).toEqual(a);
    expect(Array.from(new Rng(8).choice(1000, 50))).not.toEqual(a);
  });

  it('int(n) stays in [0, n) and hits every value, also for n near 2^32', () => {
    const r = new Rng(11);
    const seen = new Array(7).fill(0);
    for (let i = 0; i < 7000; i++) seen[r.int(7)]++;
    expect(Math.min(...seen)).toBeGreaterThan(850); // expected 1000 each
    for (let i = 0; i < 100; i++) {
      const v = r.int(0xffffffff);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(0xffffffff);
    }
    expect(r.int(1)).toBe(0);
  });

  it('permutation(n) is a permutation and shuffle keeps the multiset', () => {
    const p = new Rng(5).permutation(1000);
    expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    const arr = ['a', 'b', 'c', 'd'];
    new Rng(5).shuffle(arr);
    expect([...arr].sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('rejects seeds outside [0, 2^32) and empty ranges', () => {
    expect(() => new Rng(-1)).toThrow(/seed/);
    expect(() => new Rng(1.5)).toThrow(/seed/);
    expect(() => new Rng(1).int(0)).toThrow(/n must be/);
    expect(() => new Rng(1).choice(0, 3)).toThrow(/empty/);
    expect(new Rng(1).choice(0, 0).length).toBe(0);
  });
});
