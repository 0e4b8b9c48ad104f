import { studentTQuantile } from './studentT';

/**
 * Mean and two-sided 95% confidence interval of the mean with Student's t (n − 1 degrees of freedom):
 *   mean ± t_{0.975, n−1} · s / √n,  s the sample standard deviation (divisor n − 1).
 * The t quantile is computed exactly (studentT.ts), not approximated.
 * n = 0 gives NaN for everything; n = 1 gives the value as mean and NaN bounds (no spread to estimate).
 * @param values the observations (e.g. one metric per fold model, facts §7.4)
 */
export function meanCI95(values: ArrayLike<number>): { mean: number; lo: number; hi: number; n: number } {
  const n = values.length;
  if (n === 0) return { mean: NaN, lo: NaN, hi: NaN, n };
  let mean = 0;
  for (let k = 0; k < n; k++) mean += values[k];
  mean /= n;
  if (n === 1) return { mean, lo: NaN, hi: NaN, n };
  let ss = 0;
  for (let k = 0; k < n; k++) ss += (values[k] - mean) ** 2;
  const half = (studentTQuantile(0.975, n - 1) * Math.sqrt(ss / (n - 1))) / Math.sqrt(n);
  return { mean, lo: mean - half, hi: mean + half, n };
}
