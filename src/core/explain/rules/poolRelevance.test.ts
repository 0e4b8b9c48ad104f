import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../tf';
import { useBackend } from '../../../../test/tf-backend';
import { poolRelevance } from './poolRelevance';
import { refPool, refPoolRelevance } from '../../reference/rulesPool';
import { maxRelativeError, randomValues, seededRandom, sparseValues, sumOf } from '../../reference/rulesTesting';

beforeAll(() => useBackend('cpu'));

const shapes: [number, number, number][] = [
  [28, 7, 3], // conv1 output at c = 7 (odd width: last window column has one valid entry)
  [14, 4, 2], // conv2 output at c = 7
  [7, 3, 2], // odd height and width: a 1-entry corner window
  [28, 28, 1],
];

function data(seed: number, N: number, H: number, W: number, C: number) {
  const rand = seededRandom(seed);
  const x = sparseValues(rand, N * H * W * C, 1, 0.3);
  const R = randomValues(rand, N * Math.ceil(H / 2) * Math.ceil(W / 2) * C, 0, 1);
  return { x, R };
}

describe('poolRelevance', () => {
  shapes.forEach(([H, W, C], k) => {
    it(`agrees with the float64 replica on ${H}×${W}×${C} (stabiliser 1e-9 and 0), leaking no tensor`, () => {
      const N = 2;
      const { x, R } = data(800 + k, N, H, W, C);
      const xt = tf.tensor4d(Float32Array.from(x), [N, H, W, C]);
      const Rt = tf.tensor4d(Float32Array.from(R), [N, Math.ceil(H / 2), Math.ceil(W / 2), C]);
      for (const s of [1e-9, 0]) {
        const before = tf.memory().numTensors;
        const out = poolRelevance(xt, Rt, s);
        const got = out.dataSync();
        out.dispose();
        expect(tf.memory().numTensors).toBe(before);
        expect(maxRelativeError(got, refPoolRelevance(x, R, N, H, W, C, s))).toBeLessThan(1e-4);
      }
      tf.dispose([xt, Rt]);
    });
  });

  it('conserves: Σ R_in = Σ R_out when every window with relevance has Σ x > 0 (odd edges included)', () => {
    const N = 2;
    const [H, W, C] = [7, 3, 2];
    const rand = seededRandom(900);
    const x = randomValues(rand, N * H * W * C, 0.01, 1);
    const R = randomValues(rand, N * 4 * 2 * C, -1, 1);
    const xt = tf.tensor4d(Float32Array.from(x), [N, H, W, C]);
    const Rt = tf.tensor4d(Float32Array.from(R), [N, 4, 2, C]);
    const out = poolRelevance(xt, Rt, 0);
    expect(sumOf(out.dataSync())).toBeCloseTo(sumOf(R), 5);
    tf.dispose([xt, Rt, out]);
  });

  it('golden: x = [1, 3, 2] in one row, windows {x0, x1} and {x2}, R = [8, 5] → [2, 6, 5]', () => {
    // Proportional split: 8·1/4 = 2, 8·3/4 = 6; the edge window has one entry and passes all 5.
    const x = tf.tensor4d([1, 3, 2], [1, 1, 3, 1]);
    const R = tf.tensor4d([8, 5], [1, 1, 2, 1]);
    const out = poolRelevance(x, R, 0);
    expect(Array.from(out.dataSync())).toEqual([2, 6, 5]);
    // A window of zeros with s = 0: 0/0 := 0, nothing is invented.
    const x0 = tf.zeros([1, 2, 2, 1]) as tf.Tensor4D;
    const R1 = tf.ones([1, 1, 1, 1]) as tf.Tensor4D;
    const zeros = poolRelevance(x0, R1, 0);
    expect(Array.from(zeros.dataSync())).toEqual([0, 0, 0, 0]);
    tf.dispose([x, R, out, x0, R1, zeros]);
  });

  it('TF.js 2×avgPool(2×2, 2, SAME) matches the thesis pooling (edge divisor = valid entries, §1.3)', () => {
    const N = 1;
    const [H, W, C] = [7, 3, 2];
    const { x } = data(901, N, H, W, C);
    const xt = tf.tensor4d(Float32Array.from(x), [N, H, W, C]);
    const pooled = tf.tidy(() => tf.avgPool(xt, 2, 2, 'same').mul(2));
    expect(maxRelativeError(pooled.dataSync(), refPool(x, N, H, W, C))).toBeLessThan(1e-6);
    // An edge window of two valid pixels outputs their plain sum: rows {0, 1}, column {2} (width 3 is odd).
    expect(pooled.dataSync()[1 * C]).toBeCloseTo(x[(0 * W + 2) * C] + x[(1 * W + 2) * C], 5);
    tf.dispose([xt, pooled]);
  });

  it('rejects an R of the wrong shape', () => {
    const x = tf.zeros([1, 7, 3, 1]) as tf.Tensor4D;
    const R = tf.zeros([1, 3, 2, 1]) as tf.Tensor4D;
    expect(() => poolRelevance(x, R, 0)).toThrow(/R must be \[1, 4, 2, 1\]/);
    tf.dispose([x, R]);
  });
});
