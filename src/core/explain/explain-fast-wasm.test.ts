/**
 * The fast paths of explainMany against the plain one on tfjs-backend-wasm (the backend of the CLI and
 * the explorer's fallback), with its own Slice kernel (src/core/kernels/wasm-slice.ts): the five thesis
 * methods, fused at batch 1 and stacked at batch 12, on Deep and R-LSTM-SD (MAJ size, T = 12).
 * Same tolerance as explain-fast.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { useBackend } from '../../../test/tf-backend';
import { cellFromPreset, initWeights } from '../cells';
import type { BuiltCell } from '../cells/createCell';
import type { Weights } from '../cells/types';
import { explainMany } from './explain';
import { prepareWeights } from './propagate/cell-weights';
import { relError, seededImages } from '../../../test/cell-helpers';

const THESIS = ['sensitivity', 'guided-backprop', 'gradient-x-input', 'deep-taylor', 'lrp-alpha-beta'];


describe.each([['deep'], ['r-lstm-sd']])('%s on wasm: fast paths = plain path', (id) => {
  let cell: BuiltCell;
  let w: Weights;
  beforeAll(async () => {
    await useBackend('wasm');
    tf.env().set('IS_TEST', false); // wasm + IS_TEST reports false kernel leaks for custom gradients; counts are checked below
    cell = cellFromPreset(id, { T: 12, width: 84 });
    w = initWeights(cell, 3);
  });
  afterAll(() => tf.dispose(Object.values(w)));

  for (const N of [1, 12]) {
    it(`batch ${N}`, async () => {
      const { x } = seededImages(N, 84, 4);
      const target = Array.from(tf.tidy(() => tf.argMax(cell.logits(w, x), 1).dataSync()));
      const before = tf.memory().numTensors;
      const prepared = prepareWeights(cell, w);
      const fast = await explainMany(cell, w, x, THESIS, { target, prepared });
      prepared.dispose();
      const plain = await explainMany(cell, w, x, THESIS, { target, stack: false });
      expect(tf.memory().numTensors).toBe(before);
      fast.forEach((r, k) =>
        r.sequences.forEach((s, n) => {
          const p = plain[k].sequences[n];
          expect(relError(s.heatmap, p.heatmap, 1e-12), `${r.label} ${n}`).toBeLessThan(1e-4);
          if (p.state) expect(relError(s.state!, p.state, 1e-12), `${r.label} ${n}`).toBeLessThan(1e-4);
          expect(relError(s.logits, p.logits, 1e-12)).toBeLessThan(1e-5);
        }),
      );
      expect(plain[3].sequences.every((s) => s.conservation.target > 0)).toBe(true);
      x.dispose();
    });
  }
});
