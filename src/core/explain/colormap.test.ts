import { describe, expect, it } from 'vitest';
import { heatmapRGB, heatmapScale } from './colormap';

describe('heatmapRGB (facts §9)', () => {
  const close = (a: number[], b: number[]) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 12));
  it('0 is light grey, +0.3 (0.9, 0.4, 0.4), +1 dark red, −1 dark blue, −0.3 (0.4, 0.4, 0.9)', () => {
    close(heatmapRGB(0), [0.9, 0.9, 0.9]);
    close(heatmapRGB(0.3), [0.9, 0.4, 0.4]);
    close(heatmapRGB(1), [0.4, 0, 0]);
    close(heatmapRGB(-1), [0, 0, 0.4]);
    close(heatmapRGB(-0.3), [0.4, 0.4, 0.9]);
    close(heatmapRGB(0.65), [0.65, 0.2, 0.2]);
  });
  it('normalises by max |R| + 1e-10', () => {
    expect(heatmapScale([0.5, -2, 1])).toBe(2 + 1e-10);
    expect(heatmapScale([0, 0])).toBe(1e-10);
  });
});
