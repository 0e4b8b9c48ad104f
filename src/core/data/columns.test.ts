import { describe, expect, it } from 'vitest';
import { fromSteps, stepsToHeatmap, stepWidth, toSteps, validStepCounts } from './columns';

/** n images 28×W with value = i·10000 + row·100 + col (all distinct). */
function coded(n: number, W: number): Float32Array {
  const a = new Float32Array(n * 28 * W);
  for (let i = 0; i < n; i++) for (let r = 0; r < 28; r++) for (let c = 0; c < W; c++) a[(i * 28 + r) * W + c] = i * 10000 + r * 100 + c;
  return a;
}

describe('column steps', () => {
  const cases: [number, number][] = [[28, 1], [28, 4], [28, 7], [28, 14], [28, 28], [84, 3], [84, 6], [84, 12], [84, 21], [84, 1], [84, 84]];
  for (const [W, T] of cases) {
    it(`W = ${W}, T = ${T}: step t holds columns [t·c, (t+1)·c) row-major, and fromSteps inverts toSteps`, () => {
      const n = 2;
      const c = W / T;
      const img = coded(n, W);
      const steps = toSteps(img, n, W, T);
      for (let i = 0; i < n; i++) {
        for (const t of [0, T - 1]) {
          for (const [r, j] of [[0, 0], [27, c - 1], [13, Math.floor(c / 2)]]) {
            expect(steps[(i * T + t) * 28 * c + r * c + j]).toBe(i * 10000 + r * 100 + t * c + j);
          }
        }
      }
      expect(Array.from(fromSteps(steps, n, W, T))).toEqual(Array.from(img));
    });
  }

  it('c = W / T, and a T that does not divide W is an error listing the valid ones', () => {
    expect(stepWidth(84, 12)).toBe(7);
    expect(stepWidth(28, 4)).toBe(7);
    expect(validStepCounts(28)).toEqual([1, 2, 4, 7, 14, 28]);
    expect(() => stepWidth(28, 12)).toThrow('T = 12 does not divide the image width 28; valid T: 1, 2, 4, 7, 14, 28');
    expect(() => toSteps(new Float32Array(28 * 28), 1, 28, 0)).toThrow(/does not divide/);
    expect(() => toSteps(new Float32Array(10), 1, 28, 4)).toThrow(/expected n·28·W = 784/);
  });

  it('stepsToHeatmap puts per-step values [T][28·c] back on the 28 × W grid', () => {
    const img = coded(1, 84);
    const steps = toSteps(img, 1, 84, 12);
    const perStep = Array.from({ length: 12 }, (_, t) => steps.subarray(t * 196, (t + 1) * 196));
    const heat = stepsToHeatmap(perStep, 84);
    expect(heat[5 * 84 + 50]).toBe(550);
    expect(Array.from(heat)).toEqual(Array.from(img));
    expect(() => stepsToHeatmap([new Float32Array(3)], 28)).toThrow(/step 0 has 3 values, expected 28·c = 784/);
  });
});
