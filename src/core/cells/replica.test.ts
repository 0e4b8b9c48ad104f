/**
 * Every architecture's TF.js forward pass agrees with its float64 replica (src/core/reference/cells.ts)
 * on the logits and on every trace tensor, within 1e-4 of each tensor's largest magnitude.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { useBackend } from '../../../test/tf-backend';
import { compareTrace, perturbBiases, seededImages, weightsAsF64 } from '../../../test/cell-helpers';
import { ARCH_IDS, type ArchId, type BiasMode, type DropoutKind } from './types';
import { createCell } from './createCell';
import { initWeights } from './initWeights';
import { forwardCell } from './forwardCell';
import { referenceForward } from '../reference/cells';

const TOL = 1e-4;
const TASKS = [
  { T: 12, width: 84 },
  { T: 1, width: 28 },
  { T: 4, width: 28 },
  { T: 7, width: 28 },
];

beforeAll(() => useBackend('cpu'));

function check(arch: ArchId, T: number, width: number, bias: BiasMode, seed: number) {
  const cell = createCell({ arch, dropout: 'standard', T, width, bias, keepProb: 0.8 });
  const w = initWeights(cell, seed);
  perturbBiases(w, seed + 1);
  const { x, x64 } = seededImages(2, width, seed + 2);
  const before = tf.memory().numTensors;
  const res = cell.forward(w, x);
  const ref = referenceForward(cell.options, weightsAsF64(w), x64);
  const logits = compareTrace(res.logits, ref.logits, TOL);
  const stats = compareTrace(res.trace, ref.trace, TOL);
  tf.dispose(res as unknown as tf.TensorContainer);
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([x, ...Object.values(w)]);
  return { logits, stats };
}

describe('forward agrees with the float64 replica (zero bias mode)', () => {
  for (const arch of ARCH_IDS) {
    for (const { T, width } of TASKS) {
      it(`${arch} T=${T} width=${width}`, () => {
        const { logits, stats } = check(arch, T, width, 'zero', 11 * T + width);
        expect(logits.tensors).toBe(1);
        // Every step has x, at least one core tensor and the head: the walk did reach them.
        expect(stats.tensors).toBeGreaterThanOrEqual(T * 3 + 2);
      });
    }
  }
});

describe('forward agrees with the float64 replica (softplus bias mode, perturbed biases)', () => {
  for (const arch of ARCH_IDS) {
    it(`${arch} MAJ T=12`, () => {
      check(arch, 12, 84, 'softplus', 5);
    });
  }
});

describe('training forward agrees with the replica fed the recorded dropout masks', () => {
  const cases: [ArchId, DropoutKind][] = [
    ['shallow', 'standard'],
    ['deep', 'standard'],
    ['deep', 'stationary'],
    ['deep-v2', 'standard'],
    ['conv-deep', 'stationary'],
    ['conv-plus-deep', 'standard'],
    ['r-lstm', 'standard'],
    ['r-lstm', 'stationary'],
    ['conv-r-lstm', 'stationary'],
    ['conv-plus-r-lstm', 'stationary'],
  ];
  for (const [arch, dropout] of cases) {
    it(`${arch} ${dropout}`, () => {
      const cell = createCell({ arch, dropout, T: 12, width: 84, bias: 'zero', keepProb: 0.5 });
      const w = initWeights(cell, 3);
      const { x, x64 } = seededImages(2, 84, 4);
      const masks = new Map<string, Float32Array>();
      const res = forwardCell(cell.options, cell.layout, w, x, { training: true, seed: 77 }, {
        recorder: (site, t, m) => masks.set(`${site}@${t}`, Float32Array.from(m)),
      });
      const ref = referenceForward(cell.options, weightsAsF64(w), x64, (site, t) => masks.get(`${site}@${t}`));
      const evalRes = referenceForward(cell.options, weightsAsF64(w), x64);
      compareTrace(res.logits, ref.logits, TOL);
      // The masks matter: the training logits differ from the inference logits.
      const diff = Math.max(...Array.from(res.logits.dataSync(), (v, i) => Math.abs(v - evalRes.logits.data[i])));
      expect(diff).toBeGreaterThan(1e-3);
      tf.dispose([res as unknown as tf.TensorContainer, x, ...Object.values(w)]);
    });
  }
});

afterAll(() => tf.disposeVariables());
