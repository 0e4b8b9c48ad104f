import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { useBackend } from '../../../test/tf-backend';
import { refConvLayer, refDenseLayer, refForward } from './rulesLayers';
import { maxRelativeError, randomValues, seededRandom } from './rulesTesting';

beforeAll(() => useBackend('cpu'));

describe('replica layers have the geometry of TF.js', () => {
  it('refConvLayer (SAME, stride 1, NHWC) computes tf.conv2d for 5×5 on 28×7 and 3×3 on 14×4', () => {
    const rand = seededRandom(11);
    for (const [H, W, k, C, Co] of [[28, 7, 5, 2, 3], [14, 4, 3, 3, 2]]) {
      const x = randomValues(rand, 2 * H * W * C, -1, 1);
      const w = randomValues(rand, k * k * C * Co, -1, 1);
      const want = tf.tidy(() =>
        tf.conv2d(tf.tensor4d(Float32Array.from(x), [2, H, W, C]), tf.tensor4d(Float32Array.from(w), [k, k, C, Co]), 1, 'same').dataSync(),
      );
      const got = refForward(refConvLayer([{ x, W: w, C, kind: 'relu' }], 2, H, W, k, k, Co));
      expect(maxRelativeError(want, got)).toBeLessThan(1e-5);
    }
  });
  it('refDenseLayer computes x·W', () => {
    const rand = seededRandom(12);
    const x = randomValues(rand, 3 * 5, -1, 1);
    const w = randomValues(rand, 5 * 4, -1, 1);
    const want = tf.tidy(() => tf.matMul(tf.tensor2d(Float32Array.from(x), [3, 5]), tf.tensor2d(Float32Array.from(w), [5, 4])).dataSync());
    expect(maxRelativeError(want, refForward(refDenseLayer([{ x, W: w, I: 5, kind: 'relu' }], 3, 4)))).toBeLessThan(1e-6);
  });
});
