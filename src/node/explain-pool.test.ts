/**
 * ExplainPool: a batch split over worker threads gives what one in-process explainMany call gives
 * (same sequences in the same order, same heatmaps and figures up to float32 rounding), with labels,
 * masks and per-sequence classes split along; a worker's error reaches the caller.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../core/tf';
import { useBackend } from '../../test/tf-backend';
import { cellFromPreset, initWeights } from '../core/cells';
import type { BuiltCell } from '../core/cells/createCell';
import type { Weights } from '../core/cells/types';
import { explainMany } from '../core/explain/explain';
import { relError, seededImages } from '../../test/cell-helpers';
import { ExplainPool } from './explain-pool';

describe('ExplainPool', () => {
  let cell: BuiltCell;
  let w: Weights;
  let pool: ExplainPool;
  beforeAll(async () => {
    await useBackend('wasm');
    tf.env().set('IS_TEST', false);
    cell = cellFromPreset('deep', { T: 4, width: 84 });
    w = initWeights(cell, 6);
    pool = await ExplainPool.start(cell, w, { threads: 2 });
  }, 60_000);
  afterAll(async () => {
    await pool.close();
    tf.dispose(Object.values(w));
  });

  it('splits a batch over two workers and joins the results in order, as one in-process call', async () => {
    const N = 7;
    const { x } = seededImages(N, 84, 12);
    const data = x.dataSync() as Float32Array;
    const labels = [0, 1, 2, 3, 4, 5, 6];
    const masks = Array.from({ length: N * 3 }, (_, i) => (i % 3 === 2 ? 0 : 1));
    const methods = ['deep-taylor', 'sensitivity', 'lrp-epsilon'];
    const here = await explainMany(cell, w, data, methods, { target: 'true', labels, masks });
    const there = await pool.explainMany(data.slice(), methods, { target: 'true', labels, masks });
    expect(there.map((r) => r.method)).toEqual(here.map((r) => r.method));
    there.forEach((r, k) => {
      expect(r.sequences).toHaveLength(N);
      r.sequences.forEach((s, n) => {
        const h = here[k].sequences[n];
        // Equal up to float32 rounding: the workers' matmuls see batches of 3 and 4 rows, not 7.
        expect([s.label, s.target]).toEqual([h.label, h.target]);
        expect(s.cosine!).toBeCloseTo(h.cosine!, 6);
        expect(relError(s.heatmap, h.heatmap, 1e-12)).toBeLessThan(1e-5);
        expect(s.conservation.sum).toBeCloseTo(h.conservation.sum, 5);
      });
    });
    // Per-sequence classes are split too; heatmaps can be left out.
    const classes = [9, 8, 7, 6, 5, 4, 3];
    const lean = await pool.explainMany(data.slice(), ['deep-taylor'], { target: classes, heatmaps: false });
    expect(lean[0].sequences.map((s) => s.target)).toEqual(classes);
    expect(lean[0].sequences.every((s) => s.heatmap.length === 0)).toBe(true);
    x.dispose();
  }, 60_000);

  it("a worker's error rejects the call with its message", async () => {
    const { x } = seededImages(2, 84, 13);
    await expect(pool.explainMany(x.dataSync() as Float32Array, ['lrp-gamma'], { target: [1, 2] })).rejects.toThrow(/unknown method "lrp-gamma"/);
    await expect(pool.explainMany(new Float32Array(5), ['deep-taylor'])).rejects.toThrow(/N·28·84 values/);
    x.dispose();
  });
});
