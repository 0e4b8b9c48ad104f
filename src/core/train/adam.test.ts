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

describe('GroupedAdam (one update over all weights where kernels are dispatches)', () => {
  const shapes = [[3, 4], [4], [2, 2, 3], [1], [5, 2]];
  /** k steps of `opt` on a loss over variables of several shapes; their values, moments and accBetas after. */
  async function run(opt: tf.AdamOptimizer, steps: number) {
    const vars = shapes.map((s, i) => tf.tidy(() => tf.variable(tf.randomNormal(s, 0, 1, 'float32', 10 + i))));
    for (let k = 0; k < steps; k++) {
      opt.minimize(
        () => tf.addN(vars.map((v, i) => tf.sum(tf.mul(tf.square(tf.sub(v, 0.3 * i)), 1 + k)))) as tf.Scalar,
        false,
        vars,
      );
    }
    const values = await Promise.all(vars.map((v) => v.data()));
    const named = await opt.getWeights();
    const state = await Promise.all(named.map(async (w) => Array.from(await w.tensor.data())));
    named[0].tensor.dispose();
    tf.dispose(vars);
    return { values: values.map((v) => Array.from(v)), state };
  }

  it('gives bit for bit what tf.train.adam gives, values and state, over several steps', async () => {
    const before = tf.memory().numTensors;
    const grouped = createAdam({ lr: 0.05 });
    const stock = tf.train.adam(0.05, ADAM_DEFAULTS.beta1, ADAM_DEFAULTS.beta2, ADAM_DEFAULTS.epsilon);
    expect(tf.getBackend()).toBe('cpu'); // grouped path (backend-traits: all but wasm)
    const a = await run(grouped, 4);
    const b = await run(stock, 4);
    expect(a.values).toEqual(b.values);
    expect(a.state).toEqual(b.state);
    expect(a.state.length).toBe(1 + 2 * shapes.length);
    grouped.dispose();
    stock.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('runs fewer kernels per update than the per-weight update', async () => {
    const vars = shapes.map((s) => tf.tidy(() => tf.variable(tf.ones(s))));
    const kernels = async (opt: tf.AdamOptimizer) => {
      const grads = vars.map((v) => ({ name: v.name, tensor: tf.onesLike(v) }));
      opt.applyGradients(grads); // creates the moments
      const p = await tf.profile(() => opt.applyGradients(grads));
      tf.dispose(grads.map((g) => g.tensor));
      return p.kernels.filter((k) => k.name !== 'Reshape' && k.name !== 'Identity').length;
    };
    const grouped = createAdam();
    const stock = tf.train.adam(2e-4, 0.9, 0.999, 1e-8);
    const [g, s] = [await kernels(grouped), await kernels(stock)];
    expect(s).toBe(14 * shapes.length + 4);
    // 1 − accβ1, 1 − accβ2; four Concats (g, m, v, w); the 14 ops of the update; three SplitV (one
    // kernel here, k slices on WebGPU); accβ1·β1, accβ2·β2.
    expect(g).toBe(2 + 4 + 14 + 3 + 2);
    grouped.dispose();
    stock.dispose();
    tf.dispose(vars);
  });
});
