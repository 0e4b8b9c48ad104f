import { describe, expect, it } from 'vitest';
import { fSurvival, oneWayAnova } from './anova';
import { PLANT_GROWTH } from './plantGrowth';

/** |x − ref| within half a unit of the 4th significant digit of ref (or tighter). */
const sig4 = (x: number, ref: number) => expect(Math.abs(x - ref), `${x} vs ${ref}`).toBeLessThanOrEqual(5e-5 * Math.abs(ref));

const plant = Object.entries(PLANT_GROWTH).map(([name, values]) => ({ name, values }));

describe('oneWayAnova', () => {
  it('reproduces R\'s aov on PlantGrowth', () => {
    // R 4.x: summary(aov(weight ~ group, data = PlantGrowth))
    //             Df Sum Sq Mean Sq F value  Pr(>F)
    //   group      2  3.766  1.8832   4.846 0.01591
    //   Residuals 27 10.492  0.3886
    // SciPy 1.17.1 scipy.stats.f_oneway: F = 4.846087862380136, p = 0.015909958325622912.
    const t = oneWayAnova(plant);
    expect(t.between.df).toBe(2);
    expect(t.within.df).toBe(27);
    sig4(t.between.ss, 3.76634);
    sig4(t.within.ss, 10.49209);
    sig4(t.between.ms, 1.88317);
    sig4(t.within.ms, 0.388596);
    sig4(t.F, 4.846088);
    sig4(t.p, 0.01590996);
    sig4(t.etaSquared, 3.76634 / (3.76634 + 10.49209));
    expect(t.n).toBe(30);
  });

  it('gives the thesis\'s p-values from its F statistics (Appendix 2, statsmodels), far into the tail', () => {
    // deep Taylor: F 295.54357 on (3, 52), PR(>F) 1.217432e-32 (1 − cdf would be 0 in doubles)
    sig4(fSurvival(295.54357, 3, 52), 1.217432e-32);
    // sensitivity: F 16.995769, PR(>F) 8.038269e-08
    sig4(fSurvival(16.995769, 3, 52), 8.038269e-8);
    // guided backprop: F 5.070579, PR(>F) printed to 4 significant digits
    expect(fSurvival(5.070579, 3, 52).toPrecision(4)).toBe('0.003727');
    expect(fSurvival(0, 3, 52)).toBe(1);
  });

  it('computes η² as SS_between / SS_total and is unchanged by the groups\' order', () => {
    const a = oneWayAnova(plant);
    const b = oneWayAnova([...plant].reverse());
    expect(b.F).toBeCloseTo(a.F, 12);
    expect(a.etaSquared).toBeCloseTo(a.between.ss / (a.between.ss + a.within.ss), 15);
  });

  it('refuses too few groups or observations, and non-finite values', () => {
    expect(() => oneWayAnova([plant[0]])).toThrow('at least two groups');
    expect(() => oneWayAnova([{ name: 'a', values: [1] }, { name: 'b', values: [2] }])).toThrow('more observations (2) than groups (2)');
    expect(() => oneWayAnova([{ name: 'a', values: [] }, plant[1]])).toThrow('group "a" has no observations');
    expect(() => oneWayAnova([{ name: 'a', values: [1, NaN] }, plant[1]])).toThrow('group "a" has a value that is not a finite number');
  });
});
