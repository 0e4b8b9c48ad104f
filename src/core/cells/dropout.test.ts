/**
 * Dropout (thesis-code-facts.md §1.6): standard masks are fresh per step, stationary masks are fixed
 * for all steps of one call and new on the next; inference is deterministic.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { useBackend } from '../../../test/tf-backend';
import { seededImages } from '../../../test/cell-helpers';
import { Dropout, maskValues } from './ops/dropout';
import { cellFromPreset } from './cellFromPreset';
import { initWeights } from './initWeights';
import { forwardCell } from './forwardCell';

beforeAll(() => useBackend('cpu'));
afterAll(() => tf.disposeVariables());

const arr = (t: tf.Tensor) => Array.from(t.dataSync());

describe('masks', () => {
  it('keep a keepProb share of the units and scale them by 1/keepProb', () => {
    const m = maskValues(200_000, 0.8, 123);
    const kept = m.filter((v) => v !== 0);
    expect(new Set(kept)).toEqual(new Set([Math.fround(1 / 0.8)]));
    expect(Math.abs(kept.length / m.length - 0.8)).toBeLessThan(0.004);
  });

  it('inference returns its input untouched; keepProb 1 too', () => {
    const x = tf.ones([2, 3]) as tf.Tensor2D;
    expect(new Dropout({ training: false, kind: 'standard', keepProb: 0.5, seed: 1 }).step('a', x, 0)).toBe(x);
    expect(new Dropout({ training: true, kind: 'standard', keepProb: 1, seed: 1 }).step('a', x, 0)).toBe(x);
    x.dispose();
  });

  it('standard: a new mask at every step and site; stationary: one mask per site for all steps', () => {
    tf.tidy(() => {
      const x = tf.ones([4, 50]) as tf.Tensor2D;
      const std = new Dropout({ training: true, kind: 'standard', keepProb: 0.5, seed: 9 });
      expect(arr(std.step('h', x, 0))).not.toEqual(arr(std.step('h', x, 1)));
      expect(arr(std.step('h', x, 0))).not.toEqual(arr(std.step('u', x, 0)));
      const st = new Dropout({ training: true, kind: 'stationary', keepProb: 0.5, seed: 9 });
      const m0 = arr(st.step('h', x, 0));
      expect(arr(st.step('h', x, 1))).toEqual(m0);
      expect(arr(st.step('h', x, 11))).toEqual(m0);
      expect(arr(st.step('u', x, 0))).not.toEqual(m0);
      // A site can stay standard in a stationary cell (Deep-SD's h_T before output_1).
      expect(arr(st.step('h.out', x, 0, 'standard'))).not.toEqual(arr(st.step('h.out', x, 1, 'standard')));
      // The next call (another seed) draws new masks; the same seed draws the same ones.
      expect(arr(new Dropout({ training: true, kind: 'stationary', keepProb: 0.5, seed: 10 }).step('h', x, 0))).not.toEqual(m0);
      expect(arr(new Dropout({ training: true, kind: 'stationary', keepProb: 0.5, seed: 9 }).step('h', x, 5))).toEqual(m0);
    });
  });

  it('the step-batched form draws exactly the masks of the per-step form', () => {
    tf.tidy(() => {
      for (const kind of ['standard', 'stationary'] as const) {
        const T = 3;
        const all = arr(new Dropout({ training: true, kind, keepProb: 0.7, seed: 4 }).allSteps('u', tf.ones([T * 2, 5]) as tf.Tensor2D, T));
        const d = new Dropout({ training: true, kind, keepProb: 0.7, seed: 4 });
        const each = [0, 1, 2].flatMap((t) => arr(d.step('u', tf.ones([2, 5]) as tf.Tensor2D, t)));
        expect(all).toEqual(each);
      }
    });
  });
});

describe('dropout in the cells', () => {
  const record = (id: string, seed: number | undefined) => {
    const cell = cellFromPreset(id, { T: 12, width: 84, keepProb: 0.5 });
    const w = initWeights(cell, 1);
    const { x } = seededImages(3, 84, 2);
    const masks = new Map<string, number[]>();
    const res = forwardCell(cell.options, cell.layout, w, x, { training: true, seed }, {
      recorder: (site, t, m) => masks.set(`${site}@${t}`, Array.from(m)),
    });
    tf.dispose([res as unknown as tf.TensorContainer, x, ...Object.values(w)]);
    return masks;
  };

  it('Deep draws a new mask per step at every site; Deep-SD one per sequence (h_T before output_1 excepted)', () => {
    const std = record('deep', 5);
    const sd = record('deep-sd', 5);
    expect([...std.keys()].filter((k) => k.startsWith('h.rec@')).length).toBe(12);
    for (const site of ['u', 'xr.u', 'h.rec']) {
      expect(std.get(`${site}@3`), site).not.toEqual(std.get(`${site}@4`));
      for (let t = 1; t < 12; t++) expect(sd.get(`${site}@${t}`), `${site}@${t}`).toEqual(sd.get(`${site}@0`));
    }
    for (let t = 2; t < 12; t++) expect(sd.get(`xr.r@${t}`)).toEqual(sd.get('xr.r@1'));
    expect([...sd.keys()].filter((k) => k.startsWith('h.out'))).toEqual(['h.out@11']);
  });

  it('R-LSTM-SD keeps its u and h masks for all steps; the next call (new seed, or none) draws new ones', () => {
    const a = record('r-lstm-sd', 1);
    const b = record('r-lstm-sd', 2);
    const c = record('r-lstm-sd', undefined);
    const d = record('r-lstm-sd', undefined);
    for (const site of ['u', 'h']) {
      for (let t = 1; t < 12; t++) expect(a.get(`${site}@${t}`)).toEqual(a.get(`${site}@0`));
      expect(b.get(`${site}@0`)).not.toEqual(a.get(`${site}@0`));
      expect(c.get(`${site}@0`)).not.toEqual(d.get(`${site}@0`));
    }
    expect([...a.keys()].some((k) => k.startsWith('gate'))).toBe(false);
  });

  it('R-LSTM (standard) changes its masks per step; conv stacks have no dropout', () => {
    const a = record('r-lstm', 1);
    expect(a.get('h@0')).not.toEqual(a.get('h@1'));
    const conv = record('conv-r-lstm-sd', 1);
    expect(new Set([...conv.keys()].map((k) => k.split('@')[0]))).toEqual(new Set(['u', 'h']));
  });

  it('a seeded training pass is reproducible, traced or not; inference is deterministic and ignores the seed', () => {
    for (const id of ['deep-v2', 'conv-plus-r-lstm-sd', 'shallow']) {
      const cell = cellFromPreset(id, { T: 12, width: 84 });
      const w = initWeights(cell, 3);
      const { x } = seededImages(2, 84, 4);
      tf.tidy(() => {
        const t1 = arr(cell.forward(w, x, { training: true, seed: 42 }).logits);
        const t2 = arr(cell.logits(w, x, { training: true, seed: 42 }));
        const t3 = arr(cell.logits(w, x, { training: true, seed: 43 }));
        expect(t2).toEqual(t1);
        expect(t3).not.toEqual(t1);
        const e1 = arr(cell.forward(w, x).logits);
        const e2 = arr(cell.forward(w, x, { seed: 99 }).logits);
        expect(e2).toEqual(e1);
        expect(arr(cell.logits(w, x))).toEqual(e1);
        expect(e1).not.toEqual(t1);
      });
      tf.dispose([x, ...Object.values(w)]);
    }
  });
});
