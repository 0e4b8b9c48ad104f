import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../tf';
import { useBackend } from '../../../../test/tf-backend';
import { convRelevance } from './convRelevance';
import { alphaBetaRules, deepTaylorRules, epsilonRules, RULESETS, thesisCodeVariant } from './ruleSets';
import type { ConvBlock, InputKind, RuleSet } from './types';
import { refRelevance } from '../../reference/rulesLayer';
import { refConvLayer, refForward, type RefConvBlock } from '../../reference/rulesLayers';
import { maxRelativeError, randomValues, seededRandom, sparseValues, sumOf } from '../../reference/rulesTesting';

beforeAll(() => useBackend('cpu'));

interface Spec {
  C: number;
  kind: InputKind;
  literal?: boolean;
  /** Literal weights all ≥ 0 (default: signed). */
  positive?: boolean;
}

interface Geometry {
  N: number;
  H: number;
  W: number;
  k: number;
  Cout: number;
}

/** Seeded conv layer; with `active`, R_j = 0 wherever the forward z_j ≤ 0 (a real backward pass). */
function makeLayer(seed: number, g: Geometry, specs: Spec[], active = false) {
  const rand = seededRandom(seed);
  const scale = 1 / g.k;
  const ref: RefConvBlock[] = specs.map((s) => ({
    x: s.kind === 'relu' ? sparseValues(rand, g.N * g.H * g.W * s.C, 1, 0.3) : randomValues(rand, g.N * g.H * g.W * s.C, -1, 1),
    W: randomValues(rand, g.k * g.k * s.C * g.Cout, s.positive ? 0 : -scale, scale),
    C: s.C,
    kind: s.kind,
    literal: s.literal,
  }));
  const layer = refConvLayer(ref, g.N, g.H, g.W, g.k, g.k, g.Cout);
  const R = randomValues(rand, g.N * layer.units, 0, 1);
  if (active) {
    refForward(layer).forEach((v, k) => {
      if (v <= 0) R[k] = 0;
    });
  }
  return { ref, layer, R, g };
}

function run(made: ReturnType<typeof makeLayer>, rules: RuleSet) {
  const { ref, layer, R, g } = made;
  const blocks: ConvBlock[] = ref.map((b) => ({
    x: tf.tensor4d(Float32Array.from(b.x), [g.N, g.H, g.W, b.C]),
    W: tf.tensor4d(Float32Array.from(b.W), [g.k, g.k, b.C, g.Cout]),
    kind: b.kind,
    literal: b.literal,
  }));
  const Rt = tf.tensor4d(Float32Array.from(R), [g.N, g.H, g.W, g.Cout]);
  const before = tf.memory().numTensors;
  const out = convRelevance(blocks, Rt, rules);
  const got = out.map((t) => t.dataSync());
  tf.dispose(out);
  expect(tf.memory().numTensors).toBe(before);
  tf.dispose([...blocks.flatMap((b) => [b.x, b.W]), Rt]);
  const want = refRelevance(layer, R, rules);
  return { got, want, Rsum: sumOf(R) };
}

const total = (parts: ArrayLike<number>[]) => parts.reduce((s, p) => s + sumOf(p), 0);

const conv1: Geometry = { N: 2, H: 28, W: 7, k: 5, Cout: 4 }; // ConvDeep conv1 at c = 7
const conv2: Geometry = { N: 2, H: 14, W: 4, k: 3, Cout: 4 }; // conv2 after pool1 at c = 7
const conv2c4: Geometry = { N: 1, H: 14, W: 2, k: 3, Cout: 3 }; // conv2 at c = 4
const conv1c4: Geometry = { N: 1, H: 28, W: 4, k: 5, Cout: 3 }; // conv1 at c = 4

describe('convRelevance agrees with the float64 replica (1e-4 relative)', () => {
  const cases: [string, Geometry, Spec[], RuleSet][] = [
    ['z^β, 5×5 on 28×7', conv1, [{ C: 1, kind: 'pixel' }], deepTaylorRules()],
    ['z^β, 5×5 on 28×4, stabiliser 0', conv1c4, [{ C: 1, kind: 'pixel' }], deepTaylorRules({ stabilizer: 0 })],
    ['w², 5×5 on 28×7', conv1, [{ C: 1, kind: 'pixel' }], deepTaylorRules({ pixel: { kind: 'w-square' } })],
    ['z⁺, 3×3 on 14×4', conv2, [{ C: 3, kind: 'relu' }], deepTaylorRules()],
    ['α1.5β0.5, 3×3 on 14×4, two blocks (Conv⁺ conv2)', conv2, [{ C: 3, kind: 'relu' }, { C: 2, kind: 'relu', literal: true }], RULESETS['alpha1.5-beta0.5']],
    ['α2β1 thesis behaviour, 3×3 on 14×2', conv2c4, [{ C: 3, kind: 'relu' }], thesisCodeVariant(RULESETS['alpha2-beta1'])],
    ['LRP-ε, 3×3 on 14×4', conv2, [{ C: 3, kind: 'relu' }], epsilonRules(0.1)],
    ['mixed z^β + literal (conservative), 5×5 on 28×7', conv1, [{ C: 1, kind: 'pixel' }, { C: 3, kind: 'relu', literal: true }], RULESETS['alpha1.5-beta0.5']],
    ['mixed z^β + literal (thesis-code), 5×5 on 28×7', conv1, [{ C: 1, kind: 'pixel' }, { C: 3, kind: 'relu', literal: true }], thesisCodeVariant(deepTaylorRules())],
    ['mixed z^β + literal (thesis-code, α2β1), 5×5 on 28×4', conv1c4, [{ C: 1, kind: 'pixel' }, { C: 2, kind: 'relu', literal: true }], thesisCodeVariant(RULESETS['alpha2-beta1'])],
  ];
  cases.forEach(([name, g, specs, rules], k) => {
    it(name, () => {
      const { got, want } = run(makeLayer(500 + k, g, specs), rules);
      got.forEach((v, b) => expect(maxRelativeError(v, want[b])).toBeLessThan(1e-4));
    });
  });
});

describe('convRelevance conserves relevance', () => {
  const cases: [string, Geometry, Spec[], RuleSet][] = [
    ['z⁺', conv2, [{ C: 3, kind: 'relu' }], deepTaylorRules({ stabilizer: 0 })],
    ['α2β1', conv2, [{ C: 3, kind: 'relu' }, { C: 2, kind: 'relu' }], alphaBetaRules(2, 1, { stabilizer: 0 })],
    ['z^β (padding contributes nothing)', conv1, [{ C: 1, kind: 'pixel' }], deepTaylorRules({ stabilizer: 0 })],
    ['w²', conv1c4, [{ C: 1, kind: 'pixel' }], deepTaylorRules({ stabilizer: 0, pixel: { kind: 'w-square' } })],
    ['mixed with literal channels, conservative mode (α1.5β0.5)', conv1, [{ C: 1, kind: 'pixel' }, { C: 3, kind: 'relu', literal: true }], alphaBetaRules(1.5, 0.5, { stabilizer: 0 })],
  ];
  cases.forEach(([name, g, specs, rules], k) => {
    it(`${name}: Σ R_in = Σ R_out`, () => {
      const { got, Rsum } = run(makeLayer(600 + k, g, specs, true), rules);
      expect(Math.abs(total(got) - Rsum)).toBeLessThan(1e-5 * Rsum);
    });
  });

  it("the 'thesis-code' literal mode loses Σ_j z⁻_j(lit)·R_j/z_j when literal weights are negative", () => {
    const specs: Spec[] = [{ C: 1, kind: 'pixel' }, { C: 3, kind: 'relu', literal: true }];
    const made = makeLayer(700, conv1, specs, true);
    const rules = deepTaylorRules({ stabilizer: 0, literal: 'thesis-code' });
    const { got, Rsum } = run(made, rules);
    // Expected deficit, from the replica layer: the literal channels' negative contributions over the
    // shared denominator z_j = z⁺(literal) + z^β(pixels).
    const { layer, R } = made;
    let deficit = 0;
    for (let n = 0; n < layer.N; n++) {
      for (let j = 0; j < layer.units; j++) {
        let z = 0;
        let zNegLiteral = 0;
        for (const c of layer.inputsOf[j]) {
          const b = layer.blocks[c.block];
          const x = b.x[n * b.size + c.i];
          if (b.kind === 'pixel') z += x * c.w + (c.w > 0 ? c.w : 0) - (c.w < 0 ? c.w : 0);
          else if (c.w > 0) z += x * c.w;
          else zNegLiteral += x * c.w;
        }
        deficit -= (zNegLiteral * R[n * layer.units + j]) / z;
      }
    }
    expect(deficit).toBeGreaterThan(0.05 * Rsum);
    expect(Rsum - total(got)).toBeCloseTo(deficit, 2);
    // The conservative mode on the same layer conserves.
    const fixed = run(made, deepTaylorRules({ stabilizer: 0 }));
    expect(Math.abs(total(fixed.got) - Rsum)).toBeLessThan(1e-5 * Rsum);
  });

  it("the 'thesis-code' literal mode conserves when literal weights are all ≥ 0", () => {
    const specs: Spec[] = [{ C: 1, kind: 'pixel' }, { C: 2, kind: 'relu', literal: true, positive: true }];
    const { got, Rsum } = run(makeLayer(701, conv1c4, specs, true), deepTaylorRules({ stabilizer: 0, literal: 'thesis-code' }));
    expect(Math.abs(total(got) - Rsum)).toBeLessThan(1e-5 * Rsum);
  });
});

describe('convRelevance golden cases (hand-computed)', () => {
  // One row of three pixels, kernel 1×3 = [1, 2, −1], one channel in and out, SAME padding.
  // Output 0 sees (pad, x0, x1) with weights (1, 2, −1); output 1 sees (x0, x1, x2); output 2 (x1, x2, pad).
  const kernel = () => tf.tensor4d([1, 2, -1], [1, 3, 1, 1]);
  const row = (v: number[]) => tf.tensor4d(v, [1, 1, 3, 1]);
  const go = (x: number[], kind: InputKind, R: number[], rules: RuleSet) => {
    const b: ConvBlock = { x: row(x), W: kernel(), kind };
    const Rt = row(R);
    const [out] = convRelevance([b], Rt, rules);
    const v = Array.from(out.dataSync());
    tf.dispose([out, b.x, b.W, Rt]);
    return v;
  };
  it('z⁺ on x = [1, 2, 3]', () => {
    // z⁺ = [2·1, 1·1 + 2·2, 1·2 + 2·3] = [2, 5, 8]; with R = [2, 5, 8], R/z⁺ = [1, 1, 1].
    // x0 meets W⁺ 2 (out 0) and 1 (out 1) → 1·3 = 3; x1 meets 2 (out 1) and 1 (out 2) → 2·3 = 6;
    // x2 meets 2 (out 2) → 3·2 = 6.  R_in = [3, 6, 6], Σ 15 = Σ R.
    expect(go([1, 2, 3], 'relu', [2, 5, 8], deepTaylorRules({ stabilizer: 0 }))).toEqual([3, 6, 6]);
  });
  it('z^β on x = [0, 0, 0]: padding contributes nothing', () => {
    // q_ij = x w − l w⁺ − h w⁻ = |w| at real positions: z = [2 + 1, 1 + 2 + 1, 1 + 2] = [3, 4, 3]
    // (the padded taps, weights 1 at output 0 and −1 at output 2, would add 1 each if they counted).
    // R = z → R/z = 1, and
    // R_in = Σ_j |w_ij| = [2 + 1, 1 + 2 + 1, 1 + 2] = [3, 4, 3].
    expect(go([0, 0, 0], 'pixel', [3, 4, 3], deepTaylorRules({ stabilizer: 0 }))).toEqual([3, 4, 3]);
  });
});

describe('convRelevance preconditions', () => {
  it('rejects a filter whose channels do not match, and a literal pixel block', () => {
    const x = tf.zeros([1, 4, 3, 2]) as tf.Tensor4D;
    const R = tf.zeros([1, 4, 3, 5]) as tf.Tensor4D;
    const Wbad = tf.zeros([3, 3, 1, 5]) as tf.Tensor4D;
    const W = tf.zeros([3, 3, 2, 5]) as tf.Tensor4D;
    expect(() => convRelevance([{ x, W: Wbad, kind: 'relu' }], R, deepTaylorRules())).toThrow(
      'convRelevance: block 0 has x [1,4,3,2] and W [3,3,1,5]; expected x [1, 4, 3, C] and W [kh, kw, C, 5] for R [1,4,3,5]',
    );
    expect(() => convRelevance([{ x, W, kind: 'pixel', literal: true }], R, deepTaylorRules())).toThrow(
      "a literal block must have kind 'relu'",
    );
    tf.dispose([x, R, Wbad, W]);
  });
});
