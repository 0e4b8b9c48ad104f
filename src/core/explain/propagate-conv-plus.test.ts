/**
 * Relevance propagation through the Conv⁺ cells (literal connections: Conv⁺Deep, Conv⁺R-LSTM,
 * Conv⁺R-LSTM-SD): TF.js = float64 replica, conservation, state relevance; and the thesis code's
 * literal rule ('thesis-code') reproduced by both and shown to lose relevance.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { useBackend } from '../../../test/tf-backend';
import { relError } from '../../../test/cell-helpers';
import { fixture, refPropagate, replicaSuite, rowSum, rulesOf, sameAsBaseSuite, tfPropagate } from '../../../test/explain-helpers';

beforeAll(() => useBackend('cpu'));

for (const id of ['conv-plus-deep', 'conv-plus-r-lstm']) replicaSuite(id, 1, 3);
sameAsBaseSuite('conv-plus-r-lstm-sd', 'conv-plus-r-lstm', 1, 3);

describe("the 'thesis-code' literal rule (facts §5.6)", () => {
  it('conv-plus-deep: both paths agree, and relevance is lost (conservative: kept)', () => {
    const f = fixture('conv-plus-deep', 1, 3);
    try {
      const thesis = rulesOf('deep-taylor', { literal: 'thesis-code' });
      const got = tfPropagate(f, thesis);
      const want = refPropagate(f, thesis);
      expect(relError(got.heatmap, want.heatmap)).toBeLessThan(1e-4);
      const yc = f.ref.logits.data[f.target[0]];
      expect(yc).toBeGreaterThan(0);
      const lost = yc - rowSum(want.heatmap, 1, 0);
      // Random weights have negative literal weights: the thesis rule falls short by far more than float error.
      expect(lost / yc).toBeGreaterThan(1e-3);
      expect(Math.abs(rowSum(got.heatmap, 1, 0) - yc)).toBeGreaterThan(1e-3 * yc);
      const kept = rowSum(refPropagate(f, rulesOf('deep-taylor')).heatmap, 1, 0);
      expect(Math.abs(kept - yc)).toBeLessThan(1e-6 * yc);
    } finally {
      f.dispose();
    }
  });
});
