/**
 * How many model columns fit side by side in the grid, and how to wrap the rest: the grid never
 * scrolls sideways; when the columns would be narrower than `minCol`, they wrap into bands (each band
 * repeats the method names and has its own column headers), as even as possible.
 */

export interface BandGeometry {
  /** Width the grid has, px. */
  available: number;
  /** Width of the method-name column, px. */
  rowhead: number;
  /** Narrowest heatmap column, px. */
  minCol: number;
  /** Gap between columns, px. */
  gap: number;
}

/** The number of columns in each band (sums to n; at most ⌈n / bands⌉ each, the first bands fuller). */
export function bandSizes(n: number, g: BandGeometry): number[] {
  if (n <= 0) return [];
  const fit = Math.max(1, Math.floor((g.available - g.rowhead + g.gap) / (g.minCol + g.gap)));
  const bands = Math.ceil(n / Math.min(fit, n));
  const base = Math.floor(n / bands);
  const extra = n - base * bands;
  return Array.from({ length: bands }, (_, b) => base + (b < extra ? 1 : 0));
}

/** Splits `items` into consecutive bands of these sizes. */
export function splitBands<T>(items: readonly T[], sizes: readonly number[]): T[][] {
  let at = 0;
  return sizes.map((k) => items.slice(at, (at += k)));
}
