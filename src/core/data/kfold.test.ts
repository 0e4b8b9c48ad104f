import { describe, expect, it } from 'vitest';
import { foldIndices, stratifiedKFold } from './kfold';
import { Rng } from './rng';

/** 70,000 labels with uneven class sizes, in a shuffled order. */
function labels(): Uint8Array {
  const sizes = [6903, 7877, 6990, 7141, 6824, 6313, 6876, 7293, 6825, 6958];
  const out = new Uint8Array(70000);
  let k = 0;
  sizes.forEach((s, c) => { for (let j = 0; j < s; j++) out[k++] = c; });
  return new Rng(9).shuffle(out);
}

describe('stratifiedKFold', () => {
  const y = labels();
  const folds = stratifiedKFold(y, 7, 71);

  it('puts ⌊n_c/7⌋ or ⌈n_c/7⌉ of every class in every fold', () => {
    for (let c = 0; c < 10; c++) {
      const nc = y.filter((l) => l === c).length;
      for (let f = 0; f < 7; f++) {
        let k = 0;
        for (let i = 0; i < y.length; i++) if (y[i] === c && folds[i] === f) k++;
        expect(k === Math.floor(nc / 7) || k === Math.ceil(nc / 7)).toBe(true);
      }
    }
  });

  it('gives the remainders to the low folds: fold sizes are 10,000 ± a few and sum to 70,000', () => {
    const sizes = Array.from({ length: 7 }, (_, f) => folds.filter((v) => v === f).length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(70000);
    // remainders of the class sizes mod 7: 1,2,4,1,6,6,2,6,0,0 → fold f gets one extra per class with remainder > f
    expect(sizes).toEqual([10004, 10002, 10000, 10000, 9999, 9999, 9996]);
  });

  it('foldIndices partitions the samples: test = fold f, train = the rest (60,000 ± a few)', () => {
    const { train, test } = foldIndices(folds, 3);
    expect(test.length + train.length).toBe(70000);
    expect(test.every((i) => folds[i] === 3)).toBe(true);
    expect(train.every((i) => folds[i] !== 3)).toBe(true);
    expect(Array.from(test)).toEqual(Array.from(test).sort((a, b) => a - b));
  });

  it('is deterministic per seed and shuffles (different seeds, different folds)', () => {
    expect(Array.from(stratifiedKFold(y, 7, 71))).toEqual(Array.from(folds));
    const other = stratifiedKFold(y, 7, 72);
    let same = 0;
    for (let i = 0; i < y.length; i++) if (other[i] === folds[i]) same++;
    expect(same / y.length).toBeLessThan(0.2); // ≈ 1/7 by chance
  });

  it('rejects k outside [2, 255]', () => {
    expect(() => stratifiedKFold(y, 1, 71)).toThrow(/k must be/);
  });
});
