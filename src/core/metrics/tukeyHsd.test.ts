import { describe, expect, it } from 'vitest';
import { PLANT_GROWTH } from './plantGrowth';
import { studentizedRangeQuantile, tukeyHsd } from './tukeyHsd';

/** |x − ref| within half a unit of the 4th significant digit of ref (or tighter). */
const sig4 = (x: number, ref: number) => expect(Math.abs(x - ref), `${x} vs ${ref}`).toBeLessThanOrEqual(5e-5 * Math.abs(ref));

describe('tukeyHsd', () => {
  it('reproduces R\'s TukeyHSD on PlantGrowth', () => {
    // R 4.x: TukeyHSD(aov(weight ~ group, data = PlantGrowth)), 95% family-wise confidence level
    //                diff        lwr       upr     p adj
    //   trt1-ctrl -0.371 -1.0622161 0.3202161 0.3908711
    //   trt2-ctrl  0.494 -0.1972161 1.1852161 0.1979960
    //   trt2-trt1  0.865  0.1737839 1.5562161 0.0120064
    // (SciPy 1.17.1 scipy.stats.tukey_hsd gives the same intervals and p = 0.39087114, 0.19799599, 0.01200642.)
    const r = tukeyHsd(Object.entries(PLANT_GROWTH).map(([name, values]) => ({ name, values })));
    expect(r.pairs.map((p) => `${p.b}-${p.a}`)).toEqual(['trt1-ctrl', 'trt2-ctrl', 'trt2-trt1']);
    const ref = [
      [-0.371, -1.0622161, 0.3202161, 0.3908711],
      [0.494, -0.1972161, 1.1852161, 0.197996],
      [0.865, 0.1737839, 1.5562161, 0.0120064],
    ];
    r.pairs.forEach((p, i) => {
      sig4(p.meanDiff, ref[i][0]);
      sig4(p.lower, ref[i][1]);
      sig4(p.upper, ref[i][2]);
      sig4(p.pAdj, ref[i][3]);
    });
    expect(r.pairs.map((p) => p.reject)).toEqual([false, false, true]);
    expect(r.df).toBe(27);
    sig4(r.qCrit, 3.506426); // qtukey(0.95, 3, 27)
  });

  it('uses the Tukey–Kramer error for unequal groups (SciPy\'s tukey_hsd)', () => {
    // SciPy 1.17.1: tukey_hsd(ctrl[:7], trt1, trt2[:9]) of PlantGrowth:
    //   statistic (mean_i − mean_j) 0→1 0.38471429, 0→2 −0.50984127, 1→2 −0.89455556
    //   p-value 0.47638922, 0.29601329, 0.01920509
    //   interval 0→1 [−0.43148526, 1.20091383], 0→2 [−1.34450324, 0.3248207], 1→2 [−1.65554119, −0.13356993]
    const g = [
      { name: 'ctrl', values: PLANT_GROWTH.ctrl.slice(0, 7) },
      { name: 'trt1', values: [...PLANT_GROWTH.trt1] },
      { name: 'trt2', values: PLANT_GROWTH.trt2.slice(0, 9) },
    ];
    const r = tukeyHsd(g);
    // statsmodels' sign (group2 − group1) is SciPy's (mean_i − mean_j) with i, j swapped: negate.
    const ref = [
      [0.38471429, 0.47638922, -0.43148526, 1.20091383],
      [-0.50984127, 0.29601329, -1.34450324, 0.3248207],
      [-0.89455556, 0.01920509, -1.65554119, -0.13356993],
    ];
    r.pairs.forEach((p, i) => {
      sig4(p.meanDiff, -ref[i][0]);
      sig4(p.pAdj, ref[i][1]);
      sig4(p.lower, -ref[i][3]);
      sig4(p.upper, -ref[i][2]);
    });
    expect(r.pairs.map((p) => p.reject)).toEqual([false, false, true]);
  });

  it('gives the thesis\'s interval half-widths from its residual mean square (Appendix 2)', () => {
    // 4 architectures × 14 models, residual SS on 52 df; statsmodels' interval = meandiff ± q·√(MSE/14).
    // sensitivity: SS 0.017870, convdeep–deep −0.0353 [−0.0539, −0.0167]: half-width 0.0186
    // deep Taylor: SS 0.027559, convdeep–deep −0.062 [−0.0851, −0.0389]: half-width 0.0231
    const half = (ss: number) => studentizedRangeQuantile(0.95, 4, 52) * Math.sqrt(ss / 52 / 14);
    expect(half(0.01787)).toBeCloseTo(0.0186, 4);
    expect(half(0.027559)).toBeCloseTo(0.0231, 4);
  });

  it('refuses an alpha outside (0, 1)', () => {
    expect(() => tukeyHsd([{ name: 'a', values: [1, 2] }, { name: 'b', values: [3, 4] }], 1)).toThrow('alpha must be in (0, 1)');
  });
});
