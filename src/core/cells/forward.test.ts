/**
 * The forward pass as a contract: shapes of the trace, no tensor leaks, the activation overrides
 * reach every ReLU and gate sigmoid, and every trainable weight gets a gradient.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { useBackend } from '../../../test/tf-backend';
import { perturbBiases, seededImages } from '../../../test/cell-helpers';
import { ARCH_IDS, type Activations } from './types';
import { cellFromPreset } from './cellFromPreset';
import { createCell } from './createCell';
import { initWeights } from './initWeights';

beforeAll(() => useBackend('cpu'));
afterAll(() => tf.disposeVariables());

describe('trace shapes', () => {
  it('conv-plus-r-lstm on MAJ: every step value has the documented shape', () => {
    const cell = cellFromPreset('conv-plus-r-lstm', { T: 12, width: 84 });
    const w = initWeights(cell, 1);
    const { x } = seededImages(2, 84, 1);
    tf.tidy(() => {
      const { logits, trace } = cell.forward(w, x);
      expect(logits.shape).toEqual([2, 10]);
      expect(trace.steps).toHaveLength(12);
      const s = trace.steps[5];
      expect(s.x.shape).toEqual([2, 196]);
      if (s.enc.kind !== 'conv' || s.core.kind !== 'lstm') throw new Error('wrong kinds');
      expect([s.enc.x4.shape, s.enc.a1.shape, s.enc.p1.shape, s.enc.a2.shape, s.enc.p2.shape, s.enc.f.shape, s.enc.u.shape]).toEqual([
        [2, 28, 7, 1], [2, 28, 7, 24], [2, 14, 4, 24], [2, 14, 4, 32], [2, 7, 2, 32], [2, 448], [2, 128],
      ]);
      expect([s.enc.plus!.a1Prev.shape, s.enc.plus!.a2Prev.shape]).toEqual([[2, 28, 7, 24], [2, 14, 4, 32]]);
      // The literal connection carries the previous step's activations.
      const prev = trace.steps[4].enc as Extract<typeof s.enc, { kind: 'conv' }>;
      expect(Array.from(s.enc.plus!.a1Prev.dataSync())).toEqual(Array.from(prev.a1.dataSync()));
      expect(s.core.c.shape).toEqual([2, 96]);
      expect(trace.steps[0].core.kind === 'lstm' && Math.max(...trace.steps[0].core.cPrev.dataSync())).toBe(0);
      expect(trace.head.kind).toBe('linear');
      // The x of step t is columns [7t, 7t + 7) row-major.
      const xs = x.arraySync();
      expect(s.x.dataSync()[3 * 7 + 2]).toBeCloseTo(xs[0][3][5 * 7 + 2], 6);
    });
    tf.dispose([x, ...Object.values(w)]);
  });
});

describe('memory', () => {
  for (const arch of ARCH_IDS) {
    it(`${arch}: a tidied forward, a disposed trace and logits() leave no tensor behind`, () => {
      const cell = createCell({ arch, dropout: 'stationary', T: 4, width: 28, bias: 'softplus', keepProb: 0.8 });
      const w = initWeights(cell, 2);
      const { x } = seededImages(1, 28, 3);
      const before = tf.memory().numTensors;
      tf.tidy(() => void cell.forward(w, x, { training: true, seed: 1 }));
      expect(tf.memory().numTensors).toBe(before);
      const res = cell.forward(w, x);
      tf.dispose(res as unknown as tf.TensorContainer);
      expect(tf.memory().numTensors).toBe(before);
      cell.logits(w, x, { training: true }).dispose();
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, ...Object.values(w)]);
    });
  }
});

describe('activation overrides (guided backprop hooks)', () => {
  const counting = () => {
    const n = { relu: 0, sigmoid: 0 };
    const act: Activations = {
      relu: (z) => (n.relu++, tf.relu(z)),
      sigmoid: (z) => (n.sigmoid++, tf.sigmoid(z)),
    };
    return { n, act };
  };
  const cases: [string, number, number, number][] = [
    // [preset, T, ReLU calls traced, sigmoid calls traced]. A dense encoder layer runs once on the
    // batch of all steps (one call), everything else once per step.
    ['shallow', 4, 4 + 4, 0], // h_t, r_t
    ['deep', 4, 1 + 4 + 4 + 1, 0], // u (all steps), h_t, r_t, o
    ['deep-v2', 4, 2 + 4 + 4 + 1, 0], // u1, u (all steps), …
    ['conv-deep', 4, 12 + 4 + 4 + 1, 0], // conv1, conv2, input_1 per step
    ['r-lstm', 4, 1 + 4, 12], // u (all steps), g_t; i, f, o
    ['conv-plus-r-lstm', 4, 12 + 4, 12],
  ];
  for (const [id, T, relus, sigmoids] of cases) {
    it(`${id} T=${T}: ${relus} ReLU and ${sigmoids} sigmoid calls go through opts.act`, () => {
      const cell = cellFromPreset(id, { T, width: 28 });
      const w = initWeights(cell, 2);
      const { x } = seededImages(1, 28, 3);
      const { n, act } = counting();
      tf.tidy(() => void cell.forward(w, x, { act }));
      expect(n).toEqual({ relu: relus, sigmoid: sigmoids });
      // An identity "ReLU" changes the result: the override is really used.
      const id1 = tf.tidy(() => Array.from(cell.forward(w, x, { act: { relu: (z) => z, sigmoid: tf.sigmoid } }).logits.dataSync()));
      const plain = tf.tidy(() => Array.from(cell.forward(w, x).logits.dataSync()));
      expect(id1).not.toEqual(plain);
      tf.dispose([x, ...Object.values(w)]);
    });
  }
});

describe('gradients', () => {
  for (const arch of ARCH_IDS) {
    it(`${arch}: every trainable weight gets a finite, non-zero gradient; frozen biases none`, () => {
      const cell = createCell({ arch, dropout: 'standard', T: 4, width: 28, bias: 'zero', keepProb: 0.8 });
      const w = initWeights(cell, 5);
      perturbBiases(w, 6); // gate biases away from 0, so that nothing is symmetric
      const { x } = seededImages(3, 28, 7);
      const trainable = Object.entries(w).filter(([, v]) => v.trainable);
      expect(trainable.map(([k]) => k).some((k) => k.endsWith('/b') && !k.startsWith('gate'))).toBe(false);
      const before = tf.memory().numTensors;
      const { value, grads } = tf.variableGrads(
        () => tf.tidy(() => tf.sum(tf.square(cell.logits(w, x, { training: true, seed: 3 })))) as tf.Scalar,
        trainable.map(([, v]) => v),
      );
      // Only the loss and one gradient per weight survive the step (saved tensors are freed).
      expect(tf.memory().numTensors).toBe(before + 1 + trainable.length);
      expect(Object.keys(grads)).toHaveLength(trainable.length);
      for (const [name, v] of trainable) {
        const g = grads[v.name];
        expect(g.shape, name).toEqual(v.shape);
        const vals = g.dataSync();
        expect(vals.every(Number.isFinite), name).toBe(true);
        expect(Math.max(...Array.from(vals, Math.abs)), name).toBeGreaterThan(0);
      }
      tf.dispose([value, ...Object.values(grads), x, ...Object.values(w)]);
    });
  }
});
