import { describe, expect, it } from 'vitest';
import { meanCI95 } from './meanCI95';
import { studentTCdf, studentTQuantile } from './studentT';

describe('studentTQuantile', () => {
  it('matches the tabulated t_{0.975} values', () => {
    const table: [number, number][] = [
      [1, 12.706204736],
      [2, 4.30265273],
      [4, 2.776445105],
      [10, 2.228138852],
      [30, 2.042272456],
      [55, 2.004044783],
    ];
    for (const [nu, t] of table) expect(studentTQuantile(0.975, nu)).toBeCloseTo(t, 8);
  });
  it('tends to the normal quantile 1.959964 for large ν, and is symmetric', () => {
    expect(studentTQuantile(0.975, 1e7)).toBeCloseTo(1.959964, 5);
    expect(studentTQuantile(0.025, 7)).toBeCloseTo(-studentTQuantile(0.975, 7), 12);
    expect(studentTCdf(0, 3)).toBeCloseTo(0.5, 14);
    // ν = 1 is the Cauchy distribution: P(T ≤ 1) = 3/4.
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 12);
  });
});

describe('meanCI95', () => {
  it('gives mean ± t_{0.975,n−1}·s/√n: [1, 2, 3, 4, 5] → 3 ± 2.776445·√2.5/√5 = [1.036757, 4.963243]', () => {
    const ci = meanCI95([1, 2, 3, 4, 5]);
    expect(ci.n).toBe(5);
    expect(ci.mean).toBe(3);
    expect(ci.lo).toBeCloseTo(1.036757, 6);
    expect(ci.hi).toBeCloseTo(4.963243, 6);
  });
  it('returns NaN bounds for fewer than two values', () => {
    expect(meanCI95([0.7])).toEqual({ mean: 0.7, lo: NaN, hi: NaN, n: 1 });
    expect(Number.isNaN(meanCI95([]).mean)).toBe(true);
  });
});
