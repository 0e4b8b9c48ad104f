/** Normaliser of relevance shares (facts §7.1 step 4): ρ̂ = ρ / (Σ ρ + 1e-20), so an empty heatmap gives zeros. */
export const SHARE_EPSILON = 1e-20;

/**
 * Share of the positive relevance that falls in each of `blocks` equal column blocks of a heatmap
 * (facts §7.1 steps 2–5, computed by columns as §11.9 asks, which is defined for every T):
 *   B_k = Σ_{rows} Σ_{columns of block k} max(R, 0),   v_k = B_k / (Σ_k B_k + 1e-20).
 * Σ v = 1 unless the heatmap has no positive entry (then v = 0). For MAJ (W = 84, 3 blocks of 28 columns).
 *
 * @param heatmap row-major [height × width] (height = heatmap.length / width, 28 for the thesis tasks)
 * @param width   number of columns; must be a multiple of `blocks`
 * @param blocks  number of equal column blocks (default 3)
 * @returns       [blocks] shares
 */
export function blockShares(heatmap: ArrayLike<number>, width: number, blocks = 3): number[] {
  const columns = positiveColumnSums(heatmap, width);
  if (!Number.isInteger(blocks) || blocks < 1 || width % blocks !== 0) {
    throw new Error(`blockShares: width ${width} is not a multiple of blocks ${blocks}`);
  }
  const per = width / blocks;
  const sums = new Array<number>(blocks).fill(0);
  columns.forEach((v, col) => {
    sums[Math.floor(col / per)] += v;
  });
  return normaliseShares(sums);
}

/** Σ over rows of max(R, 0) for every column of a row-major heatmap. */
export function positiveColumnSums(heatmap: ArrayLike<number>, width: number): number[] {
  if (!Number.isInteger(width) || width < 1 || heatmap.length % width !== 0) {
    throw new Error(`heatmap of length ${heatmap.length} is not a whole number of rows of width ${width}`);
  }
  const out = new Array<number>(width).fill(0);
  for (let k = 0; k < heatmap.length; k++) {
    const v = heatmap[k];
    if (v > 0) out[k % width] += v;
  }
  return out;
}

/** ρ / (Σ ρ + 1e-20), element-wise (§7.1 step 4). */
export function normaliseShares(values: number[]): number[] {
  const total = values.reduce((s, v) => s + v, 0);
  return values.map((v) => v / (total + SHARE_EPSILON));
}
