/**
 * Pixel scaling of facts §1.1: x = 2·p/255 − 1, so p = 0 (background) → −1 and p = 255 → 1.
 */

/** The scaled value of one uint8 pixel, in float64. */
export function scalePixel(p: number): number {
  return (2 * p) / 255 - 1;
}

/** PIXEL_LUT[p] = float32(2·p/255 − 1) for p = 0…255 (what every batch contains). */
export const PIXEL_LUT: Float32Array = Float32Array.from({ length: 256 }, (_, p) => scalePixel(p));

/** Scales uint8 pixels into a Float32Array of the same length (or into `out`). */
export function scalePixels(px: ArrayLike<number>, out = new Float32Array(px.length)): Float32Array {
  if (out.length < px.length) throw new RangeError(`scalePixels: out has ${out.length} elements, need ${px.length}`);
  for (let i = 0; i < px.length; i++) out[i] = PIXEL_LUT[px[i]];
  return out;
}

/** The inverse for display: p = round((x + 1)·255/2), clamped to 0…255. */
export function unscalePixel(x: number): number {
  return Math.min(255, Math.max(0, Math.round(((x + 1) * 255) / 2)));
}
