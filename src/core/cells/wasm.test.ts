/**
 * The same cells on tfjs-backend-wasm (the training backend): forward values and the gradients of
 * every trainable weight agree with the cpu backend. This also proves the hand-written gradients
 * (conv, pooling, matmul, step split) run on wasm, which has no Conv2DBackpropFilter kernel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { useBackend } from '../../../test/tf-backend';
import { perturbBiases, relError, seededImages } from '../../../test/cell-helpers';
import { ARCH_IDS } from './types';
import { createCell } from './createCell';
import { initWeights } from './initWeights';

/**
 * useBackend sets IS_TEST, which makes TF.js check every kernel for leaked data ids. On wasm that
 * check misfires for any tf.customGrad that saves tensors for its gradient (the saved clones are
 * new data ids created inside the checked scope); TF.js's own softmaxCrossEntropy trips it the same
 * way. The tensor counts below are checked instead.
 */
async function wasm() {
  await useBackend('wasm');
  tf.env().set('IS_TEST', false);
}

beforeAll(async () => {
  await wasm(); // registers and initialises wasm once
  await useBackend('cpu');
});
afterAll(() => tf.disposeVariables());

function run(cell: ReturnType<typeof createCell>, w: ReturnType<typeof initWeights>, x: tf.Tensor3D) {
  const trainable = Object.values(w).filter((v) => v.trainable);
  const traced = tf.tidy(() => {
    const { logits, trace } = cell.forward(w, x);
    const last = trace.steps.at(-1)!;
    return [logits, last.core.kind === 'lstm' ? last.core.c : last.core.h].map((t) => Array.from(t.dataSync()));
  });
  const { value, grads } = tf.variableGrads(
    () => tf.tidy(() => tf.sum(tf.square(cell.logits(w, x, { training: true, seed: 8 })))) as tf.Scalar,
    trainable,
  );
  // The pixel gradient of the traced forward (what sensitivity analysis and guided backprop use).
  const gx = tf.tidy(() => Array.from(tf.grad((xx: tf.Tensor) => tf.sum(tf.mul(cell.forward(w, xx as tf.Tensor3D).logits, tf.range(1, 11))))(x).dataSync()));
  const out = { traced, loss: value.dataSync()[0], grads: [...trainable.map((v) => Array.from(grads[v.name].dataSync())), gx] };
  tf.dispose([value, ...Object.values(grads)]);
  return out;
}

describe('wasm agrees with cpu', () => {
  for (const arch of ARCH_IDS) {
    it(`${arch} (MAJ T=12, N=2): forward, trace and weight gradients`, async () => {
      const cell = createCell({ arch, dropout: 'stationary', T: 12, width: 84, bias: 'softplus', keepProb: 0.8 });
      await useBackend('cpu');
      const w = initWeights(cell, 1);
      perturbBiases(w, 2);
      const { x } = seededImages(2, 84, 3);
      const cpu = run(cell, w, x);
      await wasm();
      const before = tf.memory().numTensors;
      const onWasm = run(cell, w, x);
      expect(tf.memory().numTensors).toBe(before);
      await useBackend('cpu');
      cpu.traced.forEach((v, i) => expect(relError(onWasm.traced[i], v)).toBeLessThan(1e-4));
      expect(Math.abs(onWasm.loss - cpu.loss) / cpu.loss).toBeLessThan(1e-4);
      cpu.grads.forEach((g, i) => expect(relError(onWasm.grads[i], g), cell.params.filter((p) => p.trainable)[i]?.name ?? 'pixels').toBeLessThan(1e-3));
      tf.dispose([x, ...Object.values(w)]);
    });
  }
});
