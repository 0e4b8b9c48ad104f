import { normaliseShares, positiveColumnSums } from './blockShares';

/**
 * Normalised positive relevance per time step (facts §7.1 steps 2–4): step t covers columns
 * [t·c, (t+1)·c) with c = width / T (§1.1), ρ_t = Σ max(R, 0) over those columns and all rows,
 * ρ̂_t = ρ_t / (Σ_t ρ_t + 1e-20).
 *
 * @param heatmap row-major [height × width]
 * @param width   columns; must be a multiple of T
 * @param T       number of steps
 * @returns       [T] shares (zeros for a heatmap with no positive entry)
 */
export function perStepRelevance(heatmap: ArrayLike<number>, width: number, T: number): number[] {
  return normaliseShares(perStepSums(heatmap, width, T, 'positive'));
}

/**
 * Raw relevance per time step, unnormalised: 'signed' (default) sums R as it is, 'positive' sums max(R, 0)
 * (the ρ_t of §7.1 step 3). Same column split as perStepRelevance.
 * @returns [T] sums
 */
export function perStepSums(
  heatmap: ArrayLike<number>,
  width: number,
  T: number,
  part: 'signed' | 'positive' = 'signed',
): number[] {
  if (!Number.isInteger(T) || T < 1 || width % T !== 0) {
    throw new Error(`perStepSums: width ${width} is not a multiple of T ${T}`);
  }
  const c = width / T;
  if (part === 'positive') {
    const out = new Array<number>(T).fill(0);
    positiveColumnSums(heatmap, width).forEach((v, col) => {
      out[Math.floor(col / c)] += v;
    });
    return out;
  }
  if (heatmap.length % width !== 0) {
    throw new Error(`heatmap of length ${heatmap.length} is not a whole number of rows of width ${width}`);
  }
  const out = new Array<number>(T).fill(0);
  for (let k = 0; k < heatmap.length; k++) out[Math.floor((k % width) / c)] += heatmap[k];
  return out;
}
