/**
 * Relevance → RGBA for a canvas at native resolution (28 × W; CSS scales it, pixelated), with the
 * thesis's diverging colour map (core/explain/colormap.ts, facts §9): each heatmap is normalised by
 * its own max |R| (+1e-10) so that x = R / scale ∈ [−1, 1]; 0 is light grey, +1 dark red, −1 dark
 * blue. "Positive only" draws R·1[R > 0] (facts §9), normalised by its max.
 */
import { heatmapRGB, heatmapScale } from '../../core/explain/colormap';

/** The relevance as displayed: itself, or its positive part. */
export function displayed(heatmap: ArrayLike<number>, positiveOnly: boolean): Float32Array {
  const out = new Float32Array(heatmap.length);
  for (let i = 0; i < heatmap.length; i++) out[i] = positiveOnly ? Math.max(0, heatmap[i]) : heatmap[i];
  return out;
}

/** The normaliser of the displayed relevance (max |R| + 1e-10). */
export function displayScale(heatmap: ArrayLike<number>, positiveOnly: boolean): number {
  return heatmapScale(displayed(heatmap, positiveOnly));
}

export function heatmapToRgba(heatmap: ArrayLike<number>, positiveOnly: boolean, out?: Uint8ClampedArray): Uint8ClampedArray {
  const shown = displayed(heatmap, positiveOnly);
  const scale = heatmapScale(shown);
  const rgba = out ?? new Uint8ClampedArray(shown.length * 4);
  for (let i = 0; i < shown.length; i++) {
    const [r, g, b] = heatmapRGB(shown[i] / scale);
    rgba[4 * i] = Math.round(255 * r);
    rgba[4 * i + 1] = Math.round(255 * g);
    rgba[4 * i + 2] = Math.round(255 * b);
    rgba[4 * i + 3] = 255;
  }
  return rgba;
}

/** CSS colour stops of the map over [lo, hi] (for the legend's gradient). */
export function legendStops(lo: number, hi: number, n = 21): string[] {
  return Array.from({ length: n }, (_, k) => {
    const x = lo + ((hi - lo) * k) / (n - 1);
    const [r, g, b] = heatmapRGB(x);
    return `rgb(${Math.round(255 * r)} ${Math.round(255 * g)} ${Math.round(255 * b)}) ${((100 * k) / (n - 1)).toFixed(1)}%`;
  });
}
