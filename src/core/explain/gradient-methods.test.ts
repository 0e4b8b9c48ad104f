/**
 * The gradient methods against float64 replicas: sensitivity = squared central finite differences of the
 * replica forward; guided backprop (both sigmoid settings) and the plain gradient = a hand-written float64
 * backward (src/core/reference/propagateGuided.ts); gradient × input = x·∂y_c/∂x, summing to y_c on the
 * bias-free ReLU Deep cell (Euler); LRP-0 through Deep = gradient × input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../test/tf-backend';
import { relError } from '../../../test/cell-helpers';
import { fixture, type Fixture } from '../../../test/explain-helpers';
import { referenceForward } from '../reference/cells';
import { referenceGradient } from '../reference/propagateGuided';
import { explain } from './explain';

beforeAll(() => useBackend('cpu'));

/** Heatmap [N·28·W] of a method through explain(), on the fixture's max-logit classes. */
async function heatmapOf(f: Fixture, id: string, params: Record<string, unknown> = {}) {
  const r = await explain(f.cell, f.w, f.x, { method: id, params, target: f.target });
  const W = f.cell.options.width;
  const out = new Float32Array(r.sequences.length * 28 * W);
  r.sequences.forEach((s, n) => out.set(s.heatmap, n * 28 * W));
  return { heatmap: out, result: r };
}

describe('sensitivity = (central finite difference of the float64 replica forward)²', () => {
  for (const id of ['shallow', 'deep', 'r-lstm', 'conv-deep']) {
    it(id, async () => {
      const f = fixture(id, 1, 21);
      try {
        const { heatmap } = await heatmapOf(f, 'sensitivity');
        const c = f.target[0];
        const yAt = (p: number, dx: number) => {
          const x = { shape: f.x64.shape, data: Float64Array.from(f.x64.data) };
          x.data[p] += dx;
          return referenceForward(f.cell.options, f.w64, x).logits.data[c];
        };
        // Six pixels: the three of largest sensitivity and three spread over the image.
        const order = Array.from(heatmap.keys()).sort((a, b) => heatmap[b] - heatmap[a]);
        const pixels = [...order.slice(0, 3), 28 * 84 * 0.21, 28 * 84 * 0.52, 28 * 84 * 0.83].map(Math.floor);
        const h = 1e-4;
        let checked = 0;
        for (const p of pixels) {
          const fd = (yAt(p, h) - yAt(p, -h)) / (2 * h);
          expect(Math.abs(heatmap[p] - fd * fd)).toBeLessThanOrEqual(1e-3 * heatmap[order[0]] + 1e-9);
          if (fd !== 0) checked++;
        }
        expect(checked).toBeGreaterThanOrEqual(3);
        expect(heatmap[order[0]]).toBeGreaterThan(0);
      } finally {
        f.dispose();
      }
    });
  }
});

describe('gradient methods = float64 hand backward', () => {
  for (const id of ['deep', 'r-lstm', 'shallow', 'deep-v2']) {
    describe(id, () => {
      let f: Fixture;
      beforeAll(() => {
        f = fixture(id, 2, 5);
      });
      afterAll(() => f.dispose());
      const ref = (guided: boolean, sigmoid: 'none' | 'plain' = 'none') =>
        referenceGradient(f.cell.options, f.w64, f.ref.trace, f.target, { guided, sigmoid });
      it('guided-backprop (gates constant, the thesis setting) = (guided replica gradient)²', async () => {
        const { heatmap } = await heatmapOf(f, 'guided-backprop');
        const g = ref(true);
        expect(relError(heatmap, g.map((v) => v * v))).toBeLessThan(1e-4);
        expect(g.some((v) => v !== 0)).toBe(true);
        // Guiding changes the result: it is not the plain gradient squared.
        expect(relError(heatmap, ref(false, 'plain').map((v) => v * v))).toBeGreaterThan(1e-2);
      });
      it('gradient-x-input = x · replica gradient', async () => {
        const { heatmap } = await heatmapOf(f, 'gradient-x-input');
        const g = ref(false, 'plain'); // the true gradient: σ' through the gates
        expect(relError(heatmap, g.map((v, k) => v * f.x64.data[k]))).toBeLessThan(1e-4);
      });
      if (id === 'r-lstm') {
        it("guided-backprop with sigmoid 'plain' = replica with σ' through the gates, and differs from 'none'", async () => {
          const { heatmap } = await heatmapOf(f, 'guided-backprop', { sigmoid: 'plain' });
          const g = ref(true, 'plain');
          expect(relError(heatmap, g.map((v) => v * v))).toBeLessThan(1e-4);
          expect(relError(heatmap, ref(true, 'none').map((v) => v * v))).toBeGreaterThan(1e-3);
        });
      }
    });
  }
});

describe('Deep (bias-free ReLU): the Taylor identities', () => {
  let f: Fixture;
  beforeAll(() => {
    f = fixture('deep', 2, 9);
  });
  afterAll(() => f.dispose());
  it('gradient × input sums to y_c (Euler, degree-1 homogeneous)', async () => {
    const { result } = await heatmapOf(f, 'gradient-x-input');
    for (const s of result.sequences) {
      expect(s.conservation.logit).toBeGreaterThan(0);
      expect(Math.abs(s.conservation.sum - s.conservation.logit)).toBeLessThan(1e-4 * Math.max(1, s.conservation.logit));
    }
  });
  it("LRP-0 (ε = 0, pixels 'as-hidden', stabiliser 0) equals gradient × input", async () => {
    const lrp0 = await heatmapOf(f, 'lrp-epsilon', { epsilon: 0, pixelRule: 'as-hidden', stabilizer: 0 });
    const gxi = await heatmapOf(f, 'gradient-x-input');
    expect(relError(lrp0.heatmap, gxi.heatmap)).toBeLessThan(1e-4);
    // Not vacuous: the heatmap has both signs (x ∈ [−1, 1]) and is far from z^β's.
    expect(lrp0.heatmap.some((v) => v < 0) && lrp0.heatmap.some((v) => v > 0)).toBe(true);
    const zb = await heatmapOf(f, 'lrp-epsilon', { epsilon: 0, pixelRule: 'z-beta', stabilizer: 0 });
    expect(relError(zb.heatmap, gxi.heatmap)).toBeGreaterThan(1e-2);
  });
});
