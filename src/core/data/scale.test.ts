import { describe, expect, it } from 'vitest';
import { PIXEL_LUT, scalePixel, scalePixels, unscalePixel } from './scale';

describe('pixel scaling x = 2p/255 − 1', () => {
  it('maps 0 → −1, 255 → 1 and 51 → −0.6', () => {
    expect(scalePixel(0)).toBe(-1);
    expect(scalePixel(255)).toBe(1);
    expect(scalePixel(51)).toBeCloseTo(-0.6, 15);
  });

  it('the float32 table holds fround of every value', () => {
    for (let p = 0; p < 256; p++) expect(PIXEL_LUT[p]).toBe(Math.fround((2 * p) / 255 - 1));
    expect(Array.from(scalePixels(Uint8Array.from([0, 128, 255])))).toEqual([-1, Math.fround(1 / 255), 1]);
  });

  it('unscalePixel inverts it for every byte', () => {
    for (let p = 0; p < 256; p++) expect(unscalePixel(PIXEL_LUT[p])).toBe(p);
    expect(unscalePixel(-3)).toBe(0);
  });
});
