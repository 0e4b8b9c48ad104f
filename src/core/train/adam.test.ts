import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { useBackend } from '../../../test/tf-backend';
import { ADAM_DEFAULTS, adamSettings, createAdam } from './adam';

beforeAll(() => useBackend('cpu'));

describe('createAdam', () => {
  it('passes the thesis settings, ε = 1e-8 included (not the backend epsilon)', () => {
    const opt = createAdam();
    expect(adamSettings(opt)).toEqual({ lr: 2e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    expect(tf.backend().epsilon()).not.toBe(1e-8); // what tf.train.adam would otherwise use
    opt.dispose();
  });

  it('takes a first step of −lr·g/(|g| + 1e-8): for g = 1e-7 that is −lr/1.1 (ε = 1e-7 would give −lr/2)', () => {
    const w = tf.variable(tf.scalar(0));
    const opt = createAdam();
    opt.minimize(() => tf.mul(w, 1e-7) as tf.Scalar, false, [w]);
    const step = w.dataSync()[0];
    expect(step).toBeCloseTo(-ADAM_DEFAULTS.lr / 1.1, 8);
    expect(Math.abs(step + ADAM_DEFAULTS.lr / 2)).toBeGreaterThan(5e-5);
    opt.dispose();
    w.dispose();
  });
});
