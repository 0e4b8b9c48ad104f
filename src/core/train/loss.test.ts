import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { useBackend } from '../../../test/tf-backend';
import { countCorrect, crossEntropy11 } from './loss';


/** Plain float64 11-way cross-entropy of one row: log(Σ exp(y) + exp(0)) − y[label]. */
function ce11(y: number[], label: number): number {
  return Math.log(y.reduce((s, v) => s + Math.exp(v), 0) + 1) - y[label];
}

describe.each(['cpu', 'wasm'] as const)('crossEntropy11 on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('is log(11) for all-zero logits (the zero pseudo-logit is the 11th class)', () => {
    const loss = tf.tidy(() => crossEntropy11(tf.zeros([3, 10]), tf.tensor1d([0, 4, 9], 'int32')).dataSync()[0]);
    expect(loss).toBeCloseTo(Math.log(11), 6); // a 10-way softmax would give log(10) = 2.3026
  });

  it('equals the hand computation, averaged over the batch', () => {
    const rows = [
      [2, -1, 0.5, 0, 0, 0, 0, 0, 0, 0],
      [-3, -2, -1, -4, -5, -0.5, -2, -3, -1, -6],
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    ];
    const labels = [0, 5, 3];
    const want = (ce11(rows[0], 0) + ce11(rows[1], 5) + ce11(rows[2], 3)) / 3;
    // Row 0 by hand: log(e² + e⁻¹ + e^0.5 + 7 + 1) − 2 = log(17.4057…) − 2 = 0.85680…
    expect(ce11(rows[0], 0)).toBeCloseTo(Math.log(Math.exp(2) + Math.exp(-1) + Math.exp(0.5) + 8) - 2, 12);
    expect(ce11(rows[0], 0)).toBeCloseTo(0.8568, 4);
    const got = tf.tidy(() => crossEntropy11(tf.tensor2d(rows), tf.tensor1d(labels, 'int32')).dataSync()[0]);
    expect(got).toBeCloseTo(want, 5);
  });

  it('has the gradient softmax([y,0])[:10] − onehot, divided by N', () => {
    const y = [[0.3, -0.2, 0.1, 0, 0.5, -1, 0.2, 0, 0, 0.7]];
    const g = tf.tidy(() => tf.grad((l: tf.Tensor) => crossEntropy11(l as tf.Tensor2D, tf.tensor1d([4], 'int32')))(tf.tensor2d(y)).dataSync());
    const z = y[0].reduce((s, v) => s + Math.exp(v), 0) + 1;
    y[0].forEach((v, k) => expect(g[k]).toBeCloseTo(Math.exp(v) / z - (k === 4 ? 1 : 0), 6));
  });

  it('leaks no tensors', () => {
    const x = tf.randomNormal([4, 10]) as tf.Tensor2D;
    const l = tf.tensor1d([1, 2, 3, 4], 'int32');
    const before = tf.memory().numTensors;
    crossEntropy11(x, l).dispose();
    countCorrect(x, l).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, l]);
  });
});

describe.each(['cpu', 'wasm'] as const)('countCorrect on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('takes the argmax over the 10 real logits only, even when all are below the zero pseudo-logit', () => {
    const logits = tf.tensor2d([
      [-5, -4, -3, -2, -1.5, -6, -7, -8, -9, -10], // argmax 4
      [0, 0, 0, 9, 0, 0, 0, 0, 0, 0], // argmax 3
      [1, 0, 0, 0, 0, 0, 0, 0, 0, 2], // argmax 9
    ]);
    const n = tf.tidy(() => countCorrect(logits, tf.tensor1d([4, 3, 0], 'int32')).dataSync()[0]);
    expect(n).toBe(2);
    logits.dispose();
  });
});
