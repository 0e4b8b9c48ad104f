/**
 * Tukey's honestly significant difference test over all pairs of groups, with the Tukey–Kramer
 * standard error for unequal group sizes (the thesis's Appendix 2: statsmodels
 * `MultiComparison.tukeyhsd`, FWER 0.05). The studentized range distribution is jstat's (a port of
 * R's ptukey / qtukey), not code of ours.
 *
 * For groups a < b (in the given order), with MSE the ANOVA's residual mean square on df = N − G:
 *   meanDiff = ȳ_b − ȳ_a                                 (statsmodels' sign: group2 − group1)
 *   se       = √(MSE / 2 · (1/n_a + 1/n_b))
 *   q        = |meanDiff| / se,   pAdj = P(Q_{G, df} > q)
 *   interval = meanDiff ± q_{1−α; G, df} · se,   reject ⇔ pAdj < α
 */
import jstat from 'jstat';
import { oneWayAnova, type Group } from './anova';

export interface TukeyPair {
  /** group1 and group2 of the table. */
  a: string;
  b: string;
  /** mean(b) − mean(a). */
  meanDiff: number;
  /** Simultaneous (1 − α) interval of meanDiff. */
  lower: number;
  upper: number;
  /** Family-wise adjusted p-value. */
  pAdj: number;
  reject: boolean;
}

export interface TukeyResult {
  alpha: number;
  /** The studentized range quantile q_{1−α; G, df}. */
  qCrit: number;
  df: number;
  mse: number;
  pairs: TukeyPair[];
}

/** P(Q > q) for the studentized range of `groups` means on `df` degrees of freedom. */
export function studentizedRangeSurvival(q: number, groups: number, df: number): number {
  if (!(q > 0)) return 1;
  return Math.min(1, Math.max(0, 1 - jstat.jStat.tukey.cdf(q, groups, df)));
}

/** The p-quantile of the studentized range (e.g. p = 0.95 for FWER 0.05). */
export function studentizedRangeQuantile(p: number, groups: number, df: number): number {
  return jstat.jStat.tukey.inv(p, groups, df);
}

/** Every pair (i < j in the given order) of the groups, at family-wise error rate `alpha`. */
export function tukeyHsd(groups: readonly Group[], alpha = 0.05): TukeyResult {
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`Tukey HSD: alpha must be in (0, 1), got ${alpha}`);
  const anova = oneWayAnova(groups); // checks the groups; its residual mean square is the MSE
  const G = groups.length;
  const df = anova.within.df;
  const mse = anova.within.ms;
  const qCrit = studentizedRangeQuantile(1 - alpha, G, df);
  const means = groups.map((g) => g.values.reduce((s, v) => s + v, 0) / g.values.length);
  const pairs: TukeyPair[] = [];
  for (let i = 0; i < G; i++) {
    for (let j = i + 1; j < G; j++) {
      const meanDiff = means[j] - means[i];
      const se = Math.sqrt((mse / 2) * (1 / groups[i].values.length + 1 / groups[j].values.length));
      const pAdj = se > 0 ? studentizedRangeSurvival(Math.abs(meanDiff) / se, G, df) : meanDiff === 0 ? 1 : 0;
      pairs.push({ a: groups[i].name, b: groups[j].name, meanDiff, lower: meanDiff - qCrit * se, upper: meanDiff + qCrit * se, pAdj, reject: pAdj < alpha });
    }
  }
  return { alpha, qCrit, df, mse, pairs };
}
