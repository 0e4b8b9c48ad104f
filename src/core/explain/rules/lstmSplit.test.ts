import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../tf';
import { useBackend } from '../../../../test/tf-backend';
import { lstmSplit } from './lstmSplit';
import { refLstmSplit } from '../../reference/rulesLstm';
import { maxRelativeError, randomValues, seededRandom, sumOf } from '../../reference/rulesTesting';

beforeAll(() => useBackend('cpu'));

/** A consistent R-LSTM step: c = i⊙g + f⊙cPrev with gates in (0, 1), g ≥ 0, cPrev ≥ 0 (§2.6). */
function step(seed: number, n: number) {
  const rand = seededRandom(seed);
  const f = randomValues(rand, n, 0, 1);
  const i = randomValues(rand, n, 0, 1);
  const g = randomValues(rand, n, 0, 2);
  const cPrev = randomValues(rand, n, 0, 2);
  const c = f.map((fv, k) => Math.fround(i[k] * g[k] + fv * cPrev[k]));
  const Rc = randomValues(rand, n, -1, 1);
  return { f, cPrev, c, Rc };
}

const t2 = (v: Float64Array, N: number) => tf.tensor2d(Float32Array.from(v), [N, v.length / N]);

describe('lstmSplit', () => {
  it('agrees with the float64 replica, conserves R(c_t), and leaks no tensor', () => {
    const N = 3;
    const { f, cPrev, c, Rc } = step(1000, N * 8);
    const ts = [f, cPrev, c, Rc].map((v) => t2(v, N));
    const before = tf.memory().numTensors;
    const { toPrev, toCandidate } = lstmSplit(ts[0], ts[1], ts[2], ts[3], 1e-10);
    const prev = toPrev.dataSync();
    const cand = toCandidate.dataSync();
    tf.dispose([toPrev, toCandidate]);
    expect(tf.memory().numTensors).toBe(before);
    const ref = refLstmSplit(f, cPrev, c, Rc, 1e-10);
    expect(maxRelativeError(prev, ref.toPrev)).toBeLessThan(1e-4);
    expect(maxRelativeError(cand, ref.toCandidate)).toBeLessThan(1e-4);
    expect(sumOf(prev) + sumOf(cand)).toBeCloseTo(sumOf(Rc), 6);
    tf.dispose(ts);
  });

  it('golden: f = 0.5, c_{t−1} = 2, c_t = 4, R = 8 → p = 1/4, toPrev 2, toCandidate 6; c_t = 0 sends all to the candidate', () => {
    const [f, cPrev, c, Rc] = [[[0.5, 0.5]], [[2, 0]], [[4, 0]], [[8, 3]]].map((v) => tf.tensor2d(v));
    const { toPrev, toCandidate } = lstmSplit(f, cPrev, c, Rc, 0);
    expect(Array.from(toPrev.dataSync())).toEqual([2, 0]);
    expect(Array.from(toCandidate.dataSync())).toEqual([6, 3]);
    tf.dispose([f, cPrev, c, Rc, toPrev, toCandidate]);
  });

  it('rejects mismatched shapes', () => {
    const a = tf.zeros([2, 3]) as tf.Tensor2D;
    const b = tf.zeros([2, 4]) as tf.Tensor2D;
    expect(() => lstmSplit(a, a, b, a, 0)).toThrow(/c \[2,4\] must have the shape of Rc \[2,3\]/);
    tf.dispose([a, b]);
  });
});
