import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { useBackend } from '../../../test/tf-backend';
import { cellFromPreset, initWeights } from '../cells';
import type { Cell, Trace, Weights } from '../cells/types';
import { buildMethodList } from '../explain/registry';
import { aopc, morfOrder, patchRelevance, perturbedCopies, randomOrder, regionPerturbation } from './perturbation';
import { cascadeOrder, cascadingRandomisation, stageWeights } from './randomisation';
import { pearson, ranks, spearman, ssim } from './similarity';

beforeAll(() => useBackend('cpu'));

describe('similarity', () => {
  it('ranks ties by their mean rank', () => {
    expect(Array.from(ranks([10, 20, 20, 5]))).toEqual([2, 3.5, 3.5, 1]);
  });

  it('gives Spearman\'s rho of textbook examples', () => {
    expect(spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, 12); // 1 − 6·4/(5·24)
    expect(spearman([1, 2, 3], [30, 20, 10])).toBeCloseTo(-1, 12);
    expect(spearman([1, 2, 3], [1, 4, 9])).toBeCloseTo(1, 12); // monotone, not linear
    expect(pearson([1, 2, 3], [1, 4, 9])).toBeLessThan(1);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBe(0); // constant side
  });

  it('gives SSIM 1 for a map and a rescaled copy, less for noise, and the window formula on one window', () => {
    const a = Float64Array.from({ length: 28 * 28 }, (_, i) => Math.sin(i / 7) * Math.cos(i / 13));
    expect(ssim(a, a.map((v) => 3 * v), 28, 28)).toBeCloseTo(1, 12);
    const noise = Float64Array.from({ length: a.length }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1);
    expect(ssim(a, noise, 28, 28)).toBeLessThan(0.3);
    // A single 7 × 7 window: the formula of Wang et al. (2004), eq. 13, in float64 by hand.
    const x = Array.from({ length: 49 }, (_, i) => ((i * 37) % 11) - 5);
    const y = Array.from({ length: 49 }, (_, i) => ((i * 23) % 7) - 2);
    const nx = x.map((v) => v / 5);
    const ny = y.map((v) => v / 4);
    const mean = (v: number[]) => v.reduce((s, q) => s + q, 0) / v.length;
    const mx = mean(nx);
    const my = mean(ny);
    const cov = (u: number[], mu: number, w: number[], mw: number) => u.reduce((s, q, i) => s + (q - mu) * (w[i] - mw), 0) / (u.length - 1);
    const [c1, c2] = [(0.01 * 2) ** 2, (0.03 * 2) ** 2];
    const want = ((2 * mx * my + c1) * (2 * cov(nx, mx, ny, my) + c2)) / ((mx * mx + my * my + c1) * (cov(nx, mx, nx, mx) + cov(ny, my, ny, my) + c2));
    expect(ssim(x, y, 7, 7)).toBeCloseTo(want, 12);
  });
});

/** A linear "cell" on 28 × 28 images: y_c = Σ_p w_p x_p for every class c (no TF.js trace needed). */
function linearCell(w: Float32Array): Cell {
  return {
    options: { arch: 'shallow', dropout: 'standard', T: 1, width: 28, bias: 'zero', keepProb: 1 },
    c: 28,
    params: [],
    forward(_w: Weights, x: tf.Tensor3D) {
      const y = tf.tidy(() => tf.tile(tf.reshape(tf.sum(tf.mul(x, tf.tensor3d(w, [1, 28, 28])), [1, 2]), [-1, 1]), [1, 10])) as tf.Tensor2D;
      return { logits: y, trace: {} as Trace };
    },
  };
}

describe('region perturbation', () => {
  it('sums positive relevance per patch and orders the patches most relevant first', () => {
    const h = new Float32Array(28 * 28);
    h[0] = 1; // patch 0
    h[5] = 3; // patch 1 (columns 4–7)
    h[4 * 28] = -9; // patch 7 (row 4): negative relevance does not count
    h[27 * 28 + 27] = 2; // patch 48
    const sums = patchRelevance(h, 28, 4);
    expect(sums.length).toBe(49);
    expect([sums[0], sums[1], sums[7], sums[48]]).toEqual([1, 3, 0, 2]);
    expect(Array.from(morfOrder(sums).slice(0, 5))).toEqual([1, 48, 0, 2, 3]); // ties keep index order
    expect(() => patchRelevance(h, 28, 5)).toThrow('patch 5 must divide');
  });

  it('replaces the first k patches of the order in copy k, with the background or seeded noise', () => {
    const x = new Float32Array(28 * 28).fill(0.5);
    const order = [48, 0, 3];
    const copies = perturbedCopies(x, 28, order, 3, 4, 'background', 1);
    const size = 28 * 28;
    const replaced = (k: number) => copies.subarray(k * size, (k + 1) * size).filter((v) => v === -1).length;
    expect([0, 1, 2, 3].map(replaced)).toEqual([0, 16, 32, 48]);
    expect(copies[size + 27 * 28 + 27]).toBe(-1); // copy 1: patch 48 is the bottom-right one
    expect(copies[size + 0]).toBe(0.5);
    const noisy = perturbedCopies(x, 28, order, 1, 4, 'noise', 7);
    const patch = Array.from({ length: 16 }, (_, i) => noisy[size + (24 + (i >> 2)) * 28 + 24 + (i & 3)]);
    expect(patch.every((v) => v >= -1 && v < 1)).toBe(true);
    expect(new Set(patch).size).toBe(16);
    expect(Array.from(perturbedCopies(x, 28, order, 1, 4, 'noise', 7))).toEqual(Array.from(noisy)); // seeded
  });

  it('on a linear model, the true relevance falls fastest: AOPC above random, and the reversed order below', async () => {
    // Weights positive on a few patches: the ideal heatmap of an all-white image is the weights.
    const w = new Float32Array(28 * 28);
    for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) w[r * 28 + c] = ((r * 7 + c * 3) % 10) / 10;
    const cell = linearCell(w);
    const n = 3;
    const x = new Float32Array(n * 28 * 28).fill(1);
    const truth = Float32Array.from(w);
    const reversed = Float32Array.from(w, (v) => 1 - v);
    const res = await regionPerturbation(cell, {}, x, [2, 2, 2], [Array(n).fill(truth), Array(n).fill(reversed)], { steps: 10 });
    // The drop after removing patch i is 2·Σ_{p∈i} w_p: the MoRF curve of the truth is the sum of the
    // 10 largest drops, in order.
    const drops = Array.from(patchRelevance(w, 28, 4)).map((s) => 2 * s).sort((a, b) => b - a);
    const want = [0];
    for (let k = 0; k < 10; k++) want.push(want[k] + drops[k]);
    const y0 = w.reduce((s, v) => s + v, 0);
    want.forEach((d, k) => expect(res.morf[0][0][k]).toBeCloseTo(y0 - d, 3));
    expect(res.aopc[0][0]).toBeCloseTo(want.reduce((s, d) => s + d, 0) / 11, 3);
    for (let i = 0; i < n; i++) {
      expect(res.aopc[0][i]).toBeGreaterThan(res.aopcRandom[i]);
      expect(res.aopc[1][i]).toBeLessThan(res.aopcRandom[i]);
    }
    expect(aopc([5, 4, 2])).toBeCloseTo((0 + 1 + 3) / 3, 12);
    expect(Array.from(randomOrder(49, 3))).not.toEqual(Array.from(randomOrder(49, 4)));
  });

  it('leaks no tensors on a real cell', async () => {
    const cell = cellFromPreset('deep', { T: 12, width: 84 });
    const weights = initWeights(cell, 3);
    const x = Float32Array.from({ length: 2 * 28 * 84 }, (_, i) => ((i * 7919) % 200) / 100 - 1);
    const h = [[x.subarray(0, 28 * 84).slice(), x.subarray(28 * 84).slice()]];
    const before = tf.memory().numTensors;
    const res = await regionPerturbation(cell, weights, x, [1, 2], h, { steps: 5, fill: 'noise' });
    expect(tf.memory().numTensors).toBe(before);
    expect(res.morf[0][1]).toHaveLength(6);
    tf.dispose(weights);
  });
});

describe('cascading randomisation', () => {
  it('re-initialises the layers from the output down and leaves the original weights untouched', async () => {
    const cell = cellFromPreset('deep', { T: 12, width: 84 });
    expect(cascadeOrder(cell)).toEqual(['output_2', 'output_1', 'recurrent', 'input_to_cell', 'input_1']);
    const weights = initWeights(cell, 5);
    const snapshot = Object.fromEntries(await Promise.all(Object.entries(weights).map(async ([k, v]) => [k, await v.data()] as const)));
    const st = stageWeights(cell, weights, 2, 9);
    expect(st.weights['output_2/W']).not.toBe(weights['output_2/W']);
    expect(st.weights['output_1/W']).not.toBe(weights['output_1/W']);
    expect(st.weights['recurrent/W']).toBe(weights['recurrent/W']);
    expect(Array.from(await st.weights['output_2/W'].data())).not.toEqual(Array.from(snapshot['output_2/W']));
    tf.dispose(st.created);

    const methods = buildMethodList('sensitivity,deep-taylor');
    const x = Float32Array.from({ length: 2 * 28 * 84 }, (_, i) => ((i * 7919) % 200) / 100 - 1);
    const before = tf.memory().numTensors;
    const res = await cascadingRandomisation(cell, weights, x, [3, 4], methods, { keepHeatmaps: true, stages: 3 });
    expect(tf.memory().numTensors).toBe(before);
    expect(res.heatmaps).toHaveLength(4); // stages 0…3
    expect(res.spearman).toHaveLength(3);
    expect(res.spearman[0]).toHaveLength(2);
    for (const stage of [...res.spearman, ...res.ssim]) for (const m of stage) for (const v of m) expect(Math.abs(v)).toBeLessThanOrEqual(1 + 1e-12);
    // With three layers re-initialised the heatmaps are no longer the original ones.
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(Math.min(mean(res.spearman[2][0]), mean(res.spearman[2][1]))).toBeLessThan(0.95);
    // The original model is restored exactly: every weight holds its old values.
    for (const [k, v] of Object.entries(weights)) expect(Array.from(await v.data()), k).toEqual(Array.from(snapshot[k]));
    // Stage 0 again gives the very same heatmaps.
    const again = await cascadingRandomisation(cell, weights, x, [3, 4], methods, { keepHeatmaps: true, stages: 0 });
    expect(Array.from(again.heatmaps![0][1][0])).toEqual(Array.from(res.heatmaps![0][1][0]));
    tf.dispose(weights);
  });
});

afterAll(() => undefined);
