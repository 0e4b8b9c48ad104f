/**
 * The thesis's heatmap colours (thesis-code-facts.md §9, heatmapping.org's make_rgb_heatmap): a
 * diverging map centred on zero, light grey at 0, dark red at +1, dark blue at −1. Pure; shared by the
 * CLI's PNGs and anything else that draws a heatmap.
 */

const clip = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : v);

/**
 * RGB in [0, 1] of a normalised relevance x ∈ [−1, 1]:
 *   x ≥ 0: R = 0.9 − clip(x−0.3, 0, 0.7)/0.7·0.5;  G = B = 0.9 − clip(x, 0, 0.3)/0.3·0.5 − clip(x−0.3, 0, 0.7)/0.7·0.4
 *   x < 0: R = G = 0.9 − clip(−x, 0, 0.3)/0.3·0.5 − clip(−x−0.3, 0, 0.7)/0.7·0.4;  B = 0.9 − clip(−x−0.3, 0, 0.7)/0.7·0.5
 */
export function heatmapRGB(x: number): [number, number, number] {
  if (x >= 0) {
    const gb = 0.9 - (clip(x, 0, 0.3) / 0.3) * 0.5 - (clip(x - 0.3, 0, 0.7) / 0.7) * 0.4;
    return [0.9 - (clip(x - 0.3, 0, 0.7) / 0.7) * 0.5, gb, gb];
  }
  const rg = 0.9 - (clip(-x, 0, 0.3) / 0.3) * 0.5 - (clip(-x - 0.3, 0, 0.7) / 0.7) * 0.4;
  return [rg, rg, 0.9 - (clip(-x - 0.3, 0, 0.7) / 0.7) * 0.5];
}

/** The thesis's normaliser: max |R| + 1e-10 (§9), so that x = R / scale lies in [−1, 1]. */
export function heatmapScale(heatmap: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < heatmap.length; i++) m = Math.max(m, Math.abs(heatmap[i]));
  return m + 1e-10;
}
