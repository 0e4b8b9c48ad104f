/**
 * One-way analysis of variance (the thesis's §4.3.2 and Appendix 2; facts §7.4: statsmodels
 * `anova_lm` of OLS `metric ~ architecture`, which for one factor is the classical table below).
 * The F distribution's tail comes from jstat (its regularised incomplete beta), not from code of ours.
 *
 *   SS_between = Σ_g n_g (ȳ_g − ȳ)²,  df_between = G − 1
 *   SS_within  = Σ_g Σ_i (y_gi − ȳ_g)²,  df_within = N − G
 *   F = (SS_between / df_between) / (SS_within / df_within),  p = P(F_{df_b, df_w} > F)
 *   η² = SS_between / (SS_between + SS_within)
 */
import jstat from 'jstat';

/** One group of observations (e.g. one architecture's per-fold mean cosines). */
export interface Group {
  name: string;
  values: readonly number[];
}

export interface AnovaTable {
  /** The factor's row ("architecture" in the thesis). */
  between: { ss: number; df: number; ms: number };
  /** The residual row. */
  within: { ss: number; df: number; ms: number };
  F: number;
  /** P(F > observed) under the null hypothesis of equal means. */
  p: number;
  /** Effect size: SS_between / SS_total. */
  etaSquared: number;
  /** Observations in all. */
  n: number;
}

/**
 * P(X > F) for X ~ F(d1, d2), through I_{d2/(d2 + d1 F)}(d2/2, d1/2): accurate far into the tail,
 * where 1 − cdf would round to 0 (the thesis prints p = 1.2e-32).
 */
export function fSurvival(F: number, d1: number, d2: number): number {
  if (!(d1 > 0 && d2 > 0)) throw new RangeError(`F distribution: degrees of freedom must be positive, got (${d1}, ${d2})`);
  if (!(F > 0)) return 1;
  if (F === Infinity) return 0;
  return jstat.jStat.ibeta(d2 / (d2 + d1 * F), d2 / 2, d1 / 2);
}

/**
 * The one-way ANOVA table of the groups. Needs at least two groups, every group non-empty, and more
 * observations than groups (df_within > 0). Non-finite values are an error (drop them first, as the
 * thesis's notebook drops NaN rows).
 */
export function oneWayAnova(groups: readonly Group[]): AnovaTable {
  if (groups.length < 2) throw new Error(`ANOVA needs at least two groups, got ${groups.length}`);
  for (const g of groups) {
    if (g.values.length === 0) throw new Error(`ANOVA: group "${g.name}" has no observations`);
    if (g.values.some((v) => !Number.isFinite(v))) throw new Error(`ANOVA: group "${g.name}" has a value that is not a finite number`);
  }
  const n = groups.reduce((a, g) => a + g.values.length, 0);
  const grand = groups.reduce((a, g) => a + g.values.reduce((s, v) => s + v, 0), 0) / n;
  let ssB = 0;
  let ssW = 0;
  for (const g of groups) {
    const mean = g.values.reduce((s, v) => s + v, 0) / g.values.length;
    ssB += g.values.length * (mean - grand) ** 2;
    for (const v of g.values) ssW += (v - mean) ** 2;
  }
  const dfB = groups.length - 1;
  const dfW = n - groups.length;
  if (dfW < 1) throw new Error(`ANOVA needs more observations (${n}) than groups (${groups.length})`);
  const msB = ssB / dfB;
  const msW = ssW / dfW;
  const F = msW > 0 ? msB / msW : msB > 0 ? Infinity : NaN;
  return {
    between: { ss: ssB, df: dfB, ms: msB },
    within: { ss: ssW, df: dfW, ms: msW },
    F,
    p: Number.isNaN(F) ? NaN : fSurvival(F, dfB, dfW),
    etaSquared: ssB + ssW > 0 ? ssB / (ssB + ssW) : NaN,
    n,
  };
}
