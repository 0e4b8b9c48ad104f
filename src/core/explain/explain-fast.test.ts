/**
 * The fast paths of explainMany against the plain one (issue: Speed). The plain path runs every method
 * on its own (`stack: false`): its own traced forward or gradient pass, weights grouped per call. The
 * fast paths are
 *   - fused (small batches, ./fused.ts): one forward under the gradient tape for every method, the
 *     plain and guided gradients as row blocks of one backward, the αβ family as row blocks of one walk;
 *   - stacked (large batches): the αβ family as row blocks of one walk over the repeated trace;
 *   - prepared weights (prepareWeights): splits, transposes and rotated kernels made once;
 *   - the batched αβ sums of Deep's core and the batched dense encoder of the traced forward.
 * Both paths must give the same heatmaps, states, logits and conservation figures, within the float32
 * tolerance the replica tests use (1e-4 of the largest |value|), on every architecture, with no tensor left.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { useBackend } from '../../../test/tf-backend';
import { cellFromPreset, initWeights } from '../cells';
import type { BuiltCell } from '../cells/createCell';
import type { Weights } from '../cells/types';
import { explainMany, type ExplainResult } from './explain';
import { prepareWeights } from './propagate/cell-weights';
import { fusedLayout, useFused } from './fused';
import { buildMethodSpec } from './registry';
import { relError, seededImages } from '../../../test/cell-helpers';

const METHODS = [
  'sensitivity',
  'guided-backprop',
  'gradient-x-input',
  'deep-taylor',
  'lrp-alpha-beta',
  'lrp-alpha-beta:a2b1',
  'lrp-epsilon',
];

/** Relative differences below use a floor of 1e-12: a near-zero heatmap is compared as it is. */
function expectSame(fast: ExplainResult[], plain: ExplainResult[]): void {
  expect(fast.map((r) => r.method)).toEqual(plain.map((r) => r.method));
  fast.forEach((r, k) => {
    r.sequences.forEach((s, n) => {
      const p = plain[k].sequences[n];
      const where = `${r.label}, sequence ${n}`;
      expect(relError(s.heatmap, p.heatmap, 1e-12), where).toBeLessThan(1e-4);
      expect(relError(s.logits, p.logits, 1e-12), where).toBeLessThan(1e-5);
      expect(s.target, where).toBe(p.target);
      if (p.state) expect(relError(s.state!, p.state, 1e-12), where).toBeLessThan(1e-4);
      else expect(s.state, where).toBeNull();
      expect(Math.abs(s.conservation.sum - p.conservation.sum), where).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(p.conservation.sum)));
    });
  });
}

describe.each([
  ['deep'],
  ['deep-v2'],
  ['shallow'],
  ['conv-deep'],
  ['conv-plus-deep'],
  ['r-lstm-sd'],
  ['conv-r-lstm-sd'],
  ['conv-plus-r-lstm'],
])('%s: fast paths = plain path', (id) => {
  let cell: BuiltCell;
  let w: Weights;
  beforeAll(async () => {
    await useBackend('cpu');
    cell = cellFromPreset(id, { T: 4, width: 28 });
    w = initWeights(cell, 5);
  });
  afterAll(() => tf.dispose(Object.values(w)));

  // Conv⁺ cells are slow on the cpu backend: their stacked path (batch 9) is left to the others.
  for (const N of id.startsWith('conv-plus') ? [2] : [2, 9]) {
    // METHODS: gradients plain + guided (K = 2), the αβ family of three (M = 3), ε apart: B = 3, idle blocks.
    it(`batch ${N} (${N === 2 ? 'fused' : 'stacked'}), every method, with and without prepared weights`, async () => {
      const { x } = seededImages(N, 28, 8);
      // The predicted class (largest logit, positive for these seeds: checked below), given explicitly.
      const target = Array.from(tf.tidy(() => tf.argMax(cell.logits(w, x), 1).dataSync()));
      const before = tf.memory().numTensors;
      const plain = await explainMany(cell, w, x, METHODS, { target, stack: false });
      const fast = await explainMany(cell, w, x, METHODS, { target });
      const prepared = prepareWeights(cell, w);
      const fastPrepared = await explainMany(cell, w, x, METHODS, { target, prepared });
      prepared.dispose();
      expect(tf.memory().numTensors).toBe(before);
      expectSame(fast, plain);
      expectSame(fastPrepared, plain);
      // Not vacuous: the explained logits are positive, so LRP heatmaps are not all zero.
      expect(plain[3].sequences.every((s) => s.conservation.target > 0)).toBe(true);
      x.dispose();
    });
  }

  it('one method of each kind alone and in pairs, for the predicted and for given classes', async () => {
    const { x } = seededImages(3, 28, 9);
    const before = tf.memory().numTensors;
    for (const target of ['predicted', [1, 4, 7]] as const) {
      for (const methods of [['guided-backprop'], ['deep-taylor'], ['deep-taylor', 'sensitivity'], ['lrp-alpha-beta', 'lrp-epsilon']]) {
        const plain = await explainMany(cell, w, x, methods, { target, stack: false });
        const fast = await explainMany(cell, w, x, methods, { target });
        expectSame(fast, plain);
      }
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

describe('which path explainMany takes', () => {
  const layoutOf = (specs: string[], family: number[]) => fusedLayout(specs.map((m) => buildMethodSpec(m)), family.length ? [family] : []);

  it('the five thesis methods: two gradient blocks, a family of two, nothing idle: fused at any batch', () => {
    const l = layoutOf(['sensitivity', 'guided-backprop', 'gradient-x-input', 'deep-taylor', 'lrp-alpha-beta'], [3, 4]);
    expect([l.gradKeys.length, l.stack, l.blocks, l.idleBlocks]).toEqual([2, [3, 4], 2, 0]);
    expect([useFused(l, 1), useFused(l, 200)]).toEqual([true, true]);
  });

  it('unmatched kinds leave blocks idle: fused for small batches only', () => {
    const l = layoutOf(METHODS, [3, 4, 5]);
    expect([l.blocks, l.idleBlocks]).toEqual([3, 1 + 0 + 2]); // one gradient block idle; ε walks 2 idle blocks
    expect([useFused(l, 2), useFused(l, 5), useFused(l, 6), useFused(l, 9)]).toEqual([true, true, false, false]);
    const one = layoutOf(['deep-taylor'], []);
    expect([one.blocks, one.idleBlocks, useFused(one, 500)]).toEqual([1, 0, true]);
  });
});

describe('fast-path arguments', () => {
  beforeAll(() => useBackend('cpu'));

  it('prepared weights must belong to the cell and weights of the call; dispose frees only what they made', async () => {
    const cell = cellFromPreset('deep', { T: 4, width: 28 });
    const w = initWeights(cell, 1);
    const other = initWeights(cell, 2);
    const before = tf.memory().numTensors;
    const prepared = prepareWeights(cell, w);
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    const { x } = seededImages(1, 28, 3);
    await expect(explainMany(cell, other, x, ['deep-taylor'], { target: [0], prepared })).rejects.toThrow(/another cell or other weights/);
    prepared.dispose();
    prepared.dispose(); // idempotent
    expect(tf.memory().numTensors).toBe(before + 1); // x only
    for (const t of Object.values(w)) expect(t.isDisposed).toBe(false);
    tf.dispose([x, ...Object.values(w), ...Object.values(other)]);
  });
});
