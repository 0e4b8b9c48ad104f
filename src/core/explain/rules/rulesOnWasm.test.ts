/**
 * The same rules on the wasm backend (the browser worker's default), against the float64 replica:
 * a dense αβ layer, the Conv⁺ mixed conv rule in both literal modes, and the pooling rule.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../tf';
import { useBackend } from '../../../../test/tf-backend';
import { convRelevance } from './convRelevance';
import { denseRelevance } from './denseRelevance';
import { poolRelevance } from './poolRelevance';
import { RULESETS, thesisCodeVariant } from './ruleSets';
import { refRelevance } from '../../reference/rulesLayer';
import { refConvLayer, refDenseLayer } from '../../reference/rulesLayers';
import { refPoolRelevance } from '../../reference/rulesPool';
import { maxRelativeError, randomValues, seededRandom, sparseValues } from '../../reference/rulesTesting';

beforeAll(() => useBackend('wasm'));

const f32 = (v: Float64Array) => Float32Array.from(v);

describe('rules on the wasm backend agree with the replica (1e-4 relative)', () => {
  it('dense α1.5β0.5 over two relu blocks', () => {
    expect(tf.getBackend()).toBe('wasm');
    const rand = seededRandom(21);
    const [N, J] = [3, 5];
    const ref = [6, 4].map((I) => ({ x: sparseValues(rand, N * I, 1, 0.3), W: randomValues(rand, I * J, -1, 1), I, kind: 'relu' as const }));
    const R = randomValues(rand, N * J, 0, 1);
    const rules = RULESETS['alpha1.5-beta0.5'];
    const before = tf.memory().numTensors;
    const got = tf.tidy(() =>
      denseRelevance(
        ref.map((b) => ({ x: tf.tensor2d(f32(b.x), [N, b.I]), W: tf.tensor2d(f32(b.W), [b.I, J]), kind: b.kind })),
        tf.tensor2d(f32(R), [N, J]),
        rules,
      ).map((t) => t.dataSync()),
    );
    expect(tf.memory().numTensors).toBe(before);
    const want = refRelevance(refDenseLayer(ref, N, J), R, rules);
    got.forEach((g, k) => expect(maxRelativeError(g, want[k])).toBeLessThan(1e-4));
  });

  for (const mode of ['conservative', 'thesis-code'] as const) {
    it(`conv 5×5 on 28×7, pixels + literal channels, literal '${mode}'`, () => {
      const rand = seededRandom(22);
      const [N, H, W, k, Co] = [1, 28, 7, 5, 3];
      const ref = [
        { x: randomValues(rand, N * H * W, -1, 1), W: randomValues(rand, k * k * Co, -0.2, 0.2), C: 1, kind: 'pixel' as const },
        { x: sparseValues(rand, N * H * W * 2, 1, 0.3), W: randomValues(rand, k * k * 2 * Co, -0.2, 0.2), C: 2, kind: 'relu' as const, literal: true },
      ];
      const R = randomValues(rand, N * H * W * Co, 0, 1);
      const rules = mode === 'conservative' ? RULESETS['deep-taylor'] : thesisCodeVariant(RULESETS['deep-taylor']);
      const got = tf.tidy(() =>
        convRelevance(
          ref.map((b) => ({ x: tf.tensor4d(f32(b.x), [N, H, W, b.C]), W: tf.tensor4d(f32(b.W), [k, k, b.C, Co]), kind: b.kind, literal: b.literal })),
          tf.tensor4d(f32(R), [N, H, W, Co]),
          rules,
        ).map((t) => t.dataSync()),
      );
      const want = refRelevance(refConvLayer(ref, N, H, W, k, k, Co), R, rules);
      got.forEach((g, b) => expect(maxRelativeError(g, want[b])).toBeLessThan(1e-4));
    });
  }

  it('pooling on 7×3 (odd edges)', () => {
    const rand = seededRandom(23);
    const x = sparseValues(rand, 2 * 7 * 3 * 2, 1, 0.3);
    const R = randomValues(rand, 2 * 4 * 2 * 2, 0, 1);
    const got = tf.tidy(() => poolRelevance(tf.tensor4d(f32(x), [2, 7, 3, 2]), tf.tensor4d(f32(R), [2, 4, 2, 2]), 1e-9).dataSync());
    expect(maxRelativeError(got, refPoolRelevance(x, R, 2, 7, 3, 2, 1e-9))).toBeLessThan(1e-4);
  });
});
