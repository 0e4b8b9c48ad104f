/**
 * explain(): one call explains a batch, returns plain data with the figures of facts §7 and the
 * conservation figures, for the true, the predicted or any named class; no tensor is left behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { useBackend } from '../../../test/tf-backend';
import { fixture, type Fixture } from '../../../test/explain-helpers';
import { cellFromPreset, initWeights } from '../cells';
import { explain, explainMany } from './explain';
import { buildMethodList, METHOD_IDS } from './registry';

beforeAll(() => useBackend('cpu'));

describe('explain on a batch of three Deep sequences (MAJ, T = 12)', () => {
  let f: Fixture;
  const labels = [3, 7, 1];
  const masks = Uint8Array.from([1, 1, 0, 0, 1, 1, 1, 0, 1]);
  beforeAll(() => {
    f = fixture('deep', 3, 11);
  });
  afterAll(() => f.dispose());

  it('returns per sequence the heatmap, per-step and state relevance, logits, shares, mask metrics, conservation', async () => {
    const r = await explain(f.cell, f.w, f.x, { method: 'deep-taylor', labels, masks });
    expect(r).toMatchObject({ method: 'deep-taylor', label: 'Deep Taylor decomposition', width: 84, T: 12 });
    expect(r.params).toEqual({ pixelRule: 'z-beta', literal: 'conservative', stabilizer: 1e-9, lstmStabilizer: 1e-10 });
    expect(r.sequences).toHaveLength(3);
    r.sequences.forEach((s, n) => {
      expect(s.heatmap).toBeInstanceOf(Float32Array);
      expect(s.heatmap).toHaveLength(28 * 84);
      expect(s.logits).toHaveLength(10);
      expect(s.target).toBe(labels[n]);
      expect(s.label).toBe(labels[n]);
      expect(s.logits[s.predicted]).toBe(Math.max(...s.logits));
      expect(s.conservation.logit).toBeCloseTo(f.ref.logits.data[n * 10 + labels[n]], 5);
      expect(s.conservation.target).toBe(Math.max(0, s.conservation.logit));
      // Σ per step = Σ heatmap; the state before the last step carries what the earlier steps hold.
      expect(s.perStep).toHaveLength(12);
      expect(s.perStep.reduce((a, b) => a + b, 0)).toBeCloseTo(s.conservation.sum, 6);
      expect(s.state).toHaveLength(12);
      expect(s.state![11]).toBeCloseTo(s.conservation.target, 6);
      expect(s.state![10]).toBeCloseTo(s.conservation.sum - s.perStep[11], 6);
      expect(s.conservation.error).toBeLessThan(1e-4 * Math.max(1, s.conservation.target));
      expect(s.blockShares).toHaveLength(3);
      const m = Array.from(masks.subarray(n * 3, n * 3 + 3));
      const v = s.blockShares;
      if (s.conservation.target > 0) expect(v.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      const dot = m[0] * v[0] + m[1] * v[1] + m[2] * v[2];
      expect(s.majorityShare).toBeCloseTo(dot, 12);
      expect(s.cosine).toBeCloseTo(dot / (Math.SQRT2 * Math.hypot(...v)) || 0, 12);
      expect(s.adjustedMajorityShare).toBeCloseTo(m.reduce((a, mk, k) => a + Math.min(mk * v[k], 0.8), 0), 12);
    });
    // At least one of the three true-class logits is positive, so the checks above are not all vacuous.
    expect(r.sequences.some((s) => s.conservation.target > 0)).toBe(true);
  });

  it('a class with y_c ≤ 0 gets an all-zero LRP heatmap (start relevance relu(y_c), facts §5.5)', async () => {
    const neg = Array.from({ length: 3 }, (_, n) => {
      const row = Array.from(f.ref.logits.data.subarray(n * 10, n * 10 + 10));
      return row.indexOf(Math.min(...row));
    });
    const r = await explain(f.cell, f.w, f.x, { method: 'lrp-alpha-beta', target: neg });
    for (const s of r.sequences) {
      expect(s.conservation.logit).toBeLessThan(0);
      expect(s.heatmap.every((v) => v === 0)).toBe(true);
      expect(s.blockShares).toEqual([0, 0, 0]);
    }
  });

  it("target 'predicted' explains the argmax; a named class per sequence moves the relevance", async () => {
    const pred = await explain(f.cell, f.w, f.x, { method: 'deep-taylor', target: 'predicted' });
    expect(pred.sequences.map((s) => s.target)).toEqual(pred.sequences.map((s) => s.predicted));
    expect(pred.sequences.every((s) => s.label === null && s.cosine === null && s.majorityShare === null)).toBe(true);
    const second = pred.sequences.map((s) => {
      const order = s.logits.map((v, k) => [v, k]).sort((a, b) => b[0] - a[0]);
      return order[1][1];
    });
    const other = await explain(f.cell, f.w, f.x, { method: 'deep-taylor', target: second });
    other.sequences.forEach((s, n) => {
      expect(s.target).toBe(second[n]);
      if (s.conservation.target > 0) {
        let diff = 0;
        for (let k = 0; k < s.heatmap.length; k++) diff += Math.abs(s.heatmap[k] - pred.sequences[n].heatmap[k]);
        expect(diff).toBeGreaterThan(1e-3 * s.conservation.target);
      }
    });
  });

  it('explainMany shares one forward pass and equals separate calls; Float32Array input = tensor input', async () => {
    const methods = buildMethodList('all');
    const xs = f.x.dataSync() as Float32Array;
    const many = await explainMany(f.cell, f.w, xs, methods, { labels });
    expect(many.map((r) => r.method)).toEqual([...METHOD_IDS]);
    for (const [k, m] of methods.entries()) {
      const one = await explain(f.cell, f.w, f.x, { method: m, labels });
      expect(Array.from(many[k].sequences[1].heatmap)).toEqual(Array.from(one.sequences[1].heatmap));
      expect(one.sequences[1].state === null).toBe(m.plan.kind === 'gradient');
    }
  });

  it('rejects bad calls with clear errors', async () => {
    await expect(explain(f.cell, f.w, f.x, { method: 'deep-taylor' })).rejects.toThrow("target 'true' needs the labels");
    await expect(explain(f.cell, f.w, f.x, { method: 'deep-taylor', target: [1, 2] })).rejects.toThrow('target has 2 classes for 3 sequences');
    await expect(explain(f.cell, f.w, f.x, { method: 'deep-taylor', target: [1, 2, 10] })).rejects.toThrow('explained class 10 is not in 0…9');
    await expect(explain(f.cell, f.w, f.x, { method: 'deep-taylor', labels, masks: [1, 1, 0] })).rejects.toThrow('masks has 3 entries; expected N·3 = 9');
    await expect(explain(f.cell, f.w, f.x, { method: 'lrp-beta', labels })).rejects.toThrow('unknown method "lrp-beta"; valid ids:');
    await expect(explain(f.cell, f.w, f.x, { method: 'lrp-alpha-beta', params: { alpha: 3, beta: 1 }, labels })).rejects.toThrow('α − β = 1');
  });
});

it('w² pixels cannot explain Shallow (its pixel layer also reads the state)', async () => {
  const cell = cellFromPreset('shallow', { T: 4, width: 28 });
  const w = initWeights(cell, 1);
  try {
    await expect(explain(cell, w, new Float32Array(28 * 28), { method: 'deep-taylor', params: { pixelRule: 'w-square' }, target: [0] })).rejects.toThrow(
      'the w² pixel rule cannot explain shallow',
    );
  } finally {
    tf.dispose(Object.values(w));
  }
});
