/**
 * Grey levels → RGBA for a canvas at native resolution (28 × W; CSS scales it, pixelated).
 * Drawn as the thesis's figures draw inputs (matplotlib gist_gray): grey = p, so the background
 * (p = 0, x = −1) is black and the ink is white.
 */
export function greyToRgba(pixels: Uint8Array, out?: Uint8ClampedArray): Uint8ClampedArray {
  const rgba = out ?? new Uint8ClampedArray(pixels.length * 4);
  for (let i = 0; i < pixels.length; i++) {
    const g = pixels[i];
    rgba[4 * i] = g;
    rgba[4 * i + 1] = g;
    rgba[4 * i + 2] = g;
    rgba[4 * i + 3] = 255;
  }
  return rgba;
}
