import { describe, expect, it } from 'vitest';
import { epochOrder, mixSeed, permutation, sampleIndices } from './shuffle';

describe('epochOrder', () => {
  it("'fixed' visits the sequences in the same order every epoch (the thesis's seed-71 shuffle)", () => {
    const a = epochOrder(1000, 71, 'fixed', 0);
    expect(Array.from(epochOrder(1000, 71, 'fixed', 7))).toEqual(Array.from(a));
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(a.subarray(0, 20))).not.toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("'epoch' draws a different permutation per epoch, reproducibly", () => {
    const e0 = Array.from(epochOrder(1000, 71, 'epoch', 0));
    const e1 = Array.from(epochOrder(1000, 71, 'epoch', 1));
    expect(e1).not.toEqual(e0);
    expect(Array.from(epochOrder(1000, 71, 'epoch', 1))).toEqual(e1);
    expect([...e1].sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });
});

describe('permutation', () => {
  it("equals numpy's RandomState(71).permutation(10) (legacy MT19937 shuffle)", () => {
    // numpy 1.x/2.x: np.random.RandomState(71).permutation(10)
    expect(Array.from(permutation(10, 71))).toEqual([4, 5, 3, 6, 9, 1, 2, 0, 8, 7]);
  });
});

describe('sampleIndices', () => {
  it('picks k distinct sorted indices, all of them when k ≥ n', () => {
    const s = Array.from(sampleIndices(100, 10, 3));
    expect(s.length).toBe(10);
    expect(new Set(s).size).toBe(10);
    expect([...s].sort((a, b) => a - b)).toEqual(s);
    expect(Array.from(sampleIndices(5, 9, 3))).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('mixSeed', () => {
  it('gives different unsigned 32-bit seeds for neighbouring inputs', () => {
    const s = new Set([mixSeed(71, 0), mixSeed(71, 1), mixSeed(72, 0), mixSeed(0, 71)]);
    expect(s.size).toBe(4);
    for (const v of s) expect(v >>> 0).toBe(v);
  });
});
