/**
 * On the bundled pretrained Deep cell (public/models/deep-mnist-maj, trained with `rrx train`, 97.1 %
 * MNIST-MAJ test accuracy), explaining the class of the odd block instead of the true (majority) class:
 *  - LRP-α2β1 moves the positive relevance towards the odd block (measured when this test was
 *    written: mean odd-block share 0.107 → 0.207 over 196 sequences, rising on 79 % of them);
 *  - deep Taylor (z⁺) hardly moves it (0.193 → 0.193): z⁺ heatmaps are known to be nearly class-
 *    insensitive, the class only enters through the head's first redistribution (docs/methods.md),
 *    but each heatmap still sums to the new class's relu(y_c).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { useBackend } from '../../../test/tf-backend';
import { fileURLToPath } from 'node:url';
import type { BuiltCell } from '../cells';
import type { Weights } from '../cells/types';
import { createVariables } from '../model-io';
import { loadModelDir } from '../../node/model-files';
import { loadSequenceSet } from '../../node/data';
import type { SequenceSet } from '../data/index';
import { explain, type ExplainResult } from './explain';

describe('a trained Deep cell: the explained class decides where the relevance goes', () => {
  let cell: BuiltCell;
  let w: Weights;
  let test: SequenceSet;
  let accuracy = 0;
  beforeAll(async () => {
    await useBackend('wasm');
    tf.env().set('IS_TEST', false); // the cells' custom matMul gradient trips the wasm kernel leak check in test mode
    // The bundled pretrained Deep cell (trained with `rrx train`, public/models/README.md).
    const model = await loadModelDir(fileURLToPath(new URL('../../../public/models/deep-mnist-maj/', import.meta.url)));
    cell = model.cell as BuiltCell;
    w = createVariables(model.cell, model.weights);
    test = await loadSequenceSet({ dataset: 'mnist', task: 'maj', split: 'test' });
  });
  afterAll(() => tf.dispose(Object.values(w)));

  /** 200 test sequences: pixels, labels, masks, and each one's odd block and its class. */
  function sample() {
    const idx = Array.from({ length: 200 }, (_, i) => i * 37);
    const masks = Uint8Array.from(idx.flatMap((i) => Array.from(test.masks!.subarray(3 * i, 3 * i + 3))));
    const oddBlock = idx.map((_, k) => [0, 1, 2].find((b) => masks[3 * k + b] === 0)!);
    const oddClass = idx.map((i, k) => test.base.labels[test.sources[3 * i + oddBlock[k]]]);
    return { x: test.batch(idx), labels: idx.map((i) => test.labels[i]), masks, oddBlock, oddClass };
  }

  /** Mean odd-block share over the correctly classified sequences whose both explained logits are positive. */
  function shares(truth: ExplainResult, odd: ExplainResult, oddBlock: number[]) {
    let before = 0, after = 0, rose = 0, m = 0;
    truth.sequences.forEach((s, k) => {
      const o = odd.sequences[k];
      if (s.predicted !== s.label || s.conservation.target === 0 || o.conservation.target === 0) return;
      m++;
      before += s.blockShares[oddBlock[k]];
      after += o.blockShares[oddBlock[k]];
      if (o.blockShares[oddBlock[k]] > s.blockShares[oddBlock[k]]) rose++;
    });
    return { m, before: before / m, after: after / m, rose: rose / m };
  }

  it('the bundled model is a trained one (accuracy on 200 test sequences above 90 %)', async () => {
    const { x, labels } = sample();
    const r = await explain(cell, w, x, { method: 'sensitivity', labels });
    accuracy = r.sequences.filter((s) => s.predicted === s.label).length / 200;
    expect(accuracy).toBeGreaterThan(0.9);
  });

  it('LRP-α2β1: explaining the odd block\'s class moves the positive relevance to the odd block', async () => {
    const { x, labels, masks, oddBlock, oddClass } = sample();
    const truth = await explain(cell, w, x, { method: 'lrp-alpha-beta:a2b1', labels, masks });
    const odd = await explain(cell, w, x, { method: 'lrp-alpha-beta:a2b1', target: oddClass, labels, masks });
    const s = shares(truth, odd, oddBlock);
    expect(s.m).toBeGreaterThan(30);
    expect(s.after - s.before).toBeGreaterThan(0.05);
    expect(s.rose).toBeGreaterThan(0.6);
  });

  it('deep Taylor: the heatmap follows the explained class (Σ R = relu(y_odd)) though its block shares barely move', async () => {
    const { x, labels, masks, oddBlock, oddClass } = sample();
    const truth = await explain(cell, w, x, { method: 'deep-taylor', labels, masks });
    const odd = await explain(cell, w, x, { method: 'deep-taylor', target: oddClass, labels, masks });
    for (const [k, o] of odd.sequences.entries()) {
      expect(o.target).toBe(oddClass[k]);
      expect(o.conservation.error).toBeLessThan(1e-4 * Math.max(1, o.conservation.target));
    }
    const s = shares(truth, odd, oddBlock);
    expect(s.m).toBeGreaterThan(30);
    expect(Math.abs(s.after - s.before)).toBeLessThan(0.05);
  });
});
