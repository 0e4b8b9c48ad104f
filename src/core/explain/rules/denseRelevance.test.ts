import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../tf';
import { useBackend } from '../../../../test/tf-backend';
import { denseRelevance } from './denseRelevance';
import { alphaBetaRules, deepTaylorRules, epsilonRules, RULESETS, thesisCodeVariant } from './ruleSets';
import type { DenseBlock, InputKind, RuleSet, RuleStats } from './types';
import { refRelevance } from '../../reference/rulesLayer';
import { refDenseLayer, refForward, type RefDenseBlock } from '../../reference/rulesLayers';
import { maxRelativeError, randomValues, seededRandom, sparseValues, sumOf } from '../../reference/rulesTesting';

beforeAll(() => useBackend('cpu'));

interface Spec {
  I: number;
  kind: InputKind;
}

/** Seeded blocks: relu inputs sparse in [0, 1), pixels in [−1, 1), weights in [−1, 1). */
function makeLayer(seed: number, N: number, J: number, specs: Spec[]) {
  const rand = seededRandom(seed);
  const ref: RefDenseBlock[] = specs.map((s) => ({
    x: s.kind === 'relu' ? sparseValues(rand, N * s.I, 1, 0.3) : randomValues(rand, N * s.I, -1, 1),
    W: randomValues(rand, s.I * J, -1, 1),
    I: s.I,
    kind: s.kind,
  }));
  const R = randomValues(rand, N * J, 0, 1);
  return { ref, R, N, J };
}

/**
 * The same layer with R_j = 0 wherever z_j ≤ 0, as in a real backward pass (an inactive ReLU unit
 * receives no relevance). Conservation needs it: a unit with z⁺_j = 0 has nowhere to send R_j.
 */
function makeActiveLayer(seed: number, N: number, J: number, specs: Spec[]) {
  const layer = makeLayer(seed, N, J, specs);
  const z = refForward(refDenseLayer(layer.ref, N, J));
  z.forEach((v, k) => {
    if (v <= 0) layer.R[k] = 0;
  });
  return layer;
}

function toBlocks(ref: RefDenseBlock[], N: number, J: number): DenseBlock[] {
  return ref.map((b) => ({
    x: tf.tensor2d(Float32Array.from(b.x), [N, b.I]),
    W: tf.tensor2d(Float32Array.from(b.W), [b.I, J]),
    kind: b.kind,
  }));
}

/** Runs denseRelevance and the replica on the same layer; checks agreement and that no tensor leaks. */
function compare(layer: ReturnType<typeof makeLayer>, rules: RuleSet) {
  const { ref, R, N, J } = layer;
  const blocks = toBlocks(ref, N, J);
  const Rt = tf.tensor2d(Float32Array.from(R), [N, J]);
  const before = tf.memory().numTensors;
  const stats: RuleStats = { units: 0, zeroNegative: 0 };
  const out = denseRelevance(blocks, Rt, rules, stats);
  const got = out.map((t) => t.dataSync());
  tf.dispose(out);
  expect(tf.memory().numTensors).toBe(before);
  const refStats: RuleStats = { units: 0, zeroNegative: 0 };
  const want = refRelevance(refDenseLayer(ref, N, J), R, rules, refStats);
  tf.dispose([...blocks.flatMap((b) => [b.x, b.W]), Rt]);
  return { got, want, Rsum: sumOf(R), stats, refStats };
}

const totalOf = (parts: ArrayLike<number>[]) => parts.reduce((s, p) => s + sumOf(p), 0);

describe('denseRelevance agrees with the float64 replica (1e-4 relative)', () => {
  const relu2: Spec[] = [{ I: 7, kind: 'relu' }, { I: 5, kind: 'relu' }];
  const cases: [string, Spec[], RuleSet][] = [
    ['z⁺ (deep Taylor) on two relu blocks', relu2, deepTaylorRules()],
    ['α1.5β0.5 on two relu blocks', relu2, RULESETS['alpha1.5-beta0.5']],
    ['α2β1 on two relu blocks, thesis behaviour', relu2, thesisCodeVariant(RULESETS['alpha2-beta1'])],
    ['α2β1 on three relu blocks, stabiliser 0', [...relu2, { I: 3, kind: 'relu' }], alphaBetaRules(2, 1, { stabilizer: 0 })],
    ['LRP-ε (0.1) on two relu blocks', relu2, epsilonRules(0.1)],
    ['z^β on one pixel block', [{ I: 9, kind: 'pixel' }], deepTaylorRules()],
    ['z^β on two pixel blocks, stabiliser 0', [{ I: 4, kind: 'pixel' }, { I: 6, kind: 'pixel' }], deepTaylorRules({ stabilizer: 0 })],
    ['w² on pixel blocks', [{ I: 4, kind: 'pixel' }, { I: 6, kind: 'pixel' }], deepTaylorRules({ pixel: { kind: 'w-square' } })],
    ['αβ as-hidden on signed pixels (products split by sign)', [{ I: 8, kind: 'pixel' }], alphaBetaRules(2, 1, { pixel: { kind: 'as-hidden' } })],
    ['LRP-ε as-hidden on pixels', [{ I: 8, kind: 'pixel' }], epsilonRules(0.05)],
    ['mixed pixel + relu, deep Taylor', [{ I: 8, kind: 'pixel' }, { I: 6, kind: 'relu' }], deepTaylorRules()],
    ['mixed pixel + relu, α1.5β0.5', [{ I: 8, kind: 'pixel' }, { I: 6, kind: 'relu' }], RULESETS['alpha1.5-beta0.5']],
    ['mixed pixel + relu, α2β1, stabiliser 0', [{ I: 8, kind: 'pixel' }, { I: 6, kind: 'relu' }], alphaBetaRules(2, 1, { stabilizer: 0 })],
    ['mixed pixel + relu, LRP-ε over the concatenation', [{ I: 8, kind: 'pixel' }, { I: 6, kind: 'relu' }], epsilonRules(0.1, { pixel: { kind: 'z-beta', low: -1, high: 1 } })],
  ];
  cases.forEach(([name, specs, rules], k) => {
    it(name, () => {
      const { got, want } = compare(makeLayer(100 + k, 3, 4, specs), rules);
      got.forEach((g, b) => expect(maxRelativeError(g, want[b])).toBeLessThan(1e-4));
    });
  });

  it('counts the αβ units with z⁻ = 0 like the replica', () => {
    // Very sparse relu inputs make some units see only non-negative contributions.
    const rand = seededRandom(7);
    const N = 4;
    const J = 6;
    const ref: RefDenseBlock[] = [{ x: sparseValues(rand, N * 3, 1, 0.6), W: randomValues(rand, 3 * J, -1, 1), I: 3, kind: 'relu' }];
    const R = randomValues(rand, N * J, 0.1, 1);
    const { stats, refStats } = compare({ ref, R, N, J }, RULESETS['alpha2-beta1']);
    expect(stats.units).toBe(N * J);
    expect(stats.zeroNegative).toBe(refStats.zeroNegative);
    expect(stats.zeroNegative).toBeGreaterThan(0);
  });
});

describe('denseRelevance conserves relevance', () => {
  const presets: [string, RuleSet][] = [
    ['z⁺', deepTaylorRules({ stabilizer: 0 })],
    ['α1.5β0.5', alphaBetaRules(1.5, 0.5, { stabilizer: 0 })],
    ['α2β1', alphaBetaRules(2, 1, { stabilizer: 0 })],
    ['α2β1 with the thesis stabiliser 1e-9', RULESETS['alpha2-beta1']],
  ];
  presets.forEach(([name, rules], k) => {
    it(`${name} on relu blocks (conservative), Σ R_in = Σ R_out`, () => {
      const { got, Rsum } = compare(makeActiveLayer(200 + k, 3, 5, [{ I: 6, kind: 'relu' }, { I: 4, kind: 'relu' }]), rules);
      expect(Math.abs(totalOf(got) - Rsum)).toBeLessThan(1e-5 * Rsum);
    });
  });
  const pixelCases: [string, Spec[], RuleSet][] = [
    ['z^β', [{ I: 9, kind: 'pixel' }], deepTaylorRules({ stabilizer: 0 })],
    ['w²', [{ I: 9, kind: 'pixel' }], deepTaylorRules({ stabilizer: 0, pixel: { kind: 'w-square' } })],
    ['mixed (deep Taylor)', [{ I: 8, kind: 'pixel' }, { I: 6, kind: 'relu' }], deepTaylorRules({ stabilizer: 0 })],
    ['mixed (α2β1)', [{ I: 8, kind: 'pixel' }, { I: 6, kind: 'relu' }], alphaBetaRules(2, 1, { stabilizer: 0 })],
  ];
  pixelCases.forEach(([name, specs, rules], k) => {
    it(`${name}, Σ R_in = Σ R_out`, () => {
      const { got, Rsum } = compare(makeActiveLayer(300 + k, 3, 5, specs), rules);
      expect(Math.abs(totalOf(got) - Rsum)).toBeLessThan(1e-5 * Rsum);
    });
  });
});

describe('denseRelevance golden cases (hand-computed)', () => {
  const run = (blocks: [number[], number[][], InputKind][], R: number[][], rules: RuleSet, stats?: RuleStats) => {
    const bs: DenseBlock[] = blocks.map(([x, W, kind]) => ({ x: tf.tensor2d([x]), W: tf.tensor2d(W), kind }));
    const Rt = tf.tensor2d(R);
    const out = denseRelevance(bs, Rt, rules, stats);
    const vals = out.map((t) => Array.from(t.dataSync()));
    tf.dispose([...out, ...bs.flatMap((b) => [b.x, b.W]), Rt]);
    return vals;
  };

  // x = [1, 2] (relu), W = [[3, 1], [−1, 1]], R = [10, 4], s = 0.
  // Unit 1: z⁺ = 1·3 = 3, z⁻ = 2·(−1) = −2. Unit 2: z⁺ = 1 + 2 = 3, z⁻ = 0.
  // z⁺:       unit 1 → [3·10/3, 0] = [10, 0]; unit 2 → [1·4/3, 2·4/3]. Total [11.3333, 2.6667].
  // α2β1, conservative: unit 1 → [2·10, −(2·(−1))·10/(−2)] = [20, −10]; unit 2 falls back to α=1, β=0
  //       → [1.3333, 2.6667]. Total [21.3333, −7.3333] (Σ = 14 = Σ R).
  // α2β1, thesis: unit 2 passes α·R = 8 → [2.6667, 5.3333]. Total [22.6667, −4.6667] (Σ = 18).
  const block: [number[], number[][], InputKind] = [[1, 2], [[3, 1], [-1, 1]], 'relu'];
  it('z⁺', () => {
    const [r] = run([block], [[10, 4]], deepTaylorRules({ stabilizer: 0 }));
    expect(r[0]).toBeCloseTo(11.333333, 5);
    expect(r[1]).toBeCloseTo(2.666667, 5);
  });
  it('α2β1 conservative, counting one unit with z⁻ = 0', () => {
    const stats: RuleStats = { units: 0, zeroNegative: 0 };
    const [r] = run([block], [[10, 4]], alphaBetaRules(2, 1, { stabilizer: 0 }), stats);
    expect(r[0]).toBeCloseTo(21.333333, 5);
    expect(r[1]).toBeCloseTo(-7.333333, 5);
    expect(stats).toEqual({ units: 2, zeroNegative: 1 });
  });
  it('α2β1 with conservative = false passes α·R_j on the unit with z⁻ = 0 (Σ 18 ≠ 14)', () => {
    const [r] = run([block], [[10, 4]], alphaBetaRules(2, 1, { conservative: false }));
    expect(r[0]).toBeCloseTo(22.666667, 5);
    expect(r[1]).toBeCloseTo(-4.666667, 5);
    expect(r[0] + r[1]).toBeCloseTo(18, 4);
  });
  it('conservative = true conserves where false does not, on a unit fed by positive weights only', () => {
    // x = [1, 0]: the only negative weight meets a zero input, so z⁻ = 0; R = 1, α1.5β0.5.
    const b: [number[], number[][], InputKind][] = [[[1, 0], [[0.5], [-0.3]], 'relu']];
    const [thesis] = run(b, [[1]], alphaBetaRules(1.5, 0.5, { conservative: false }));
    const [fixed] = run(b, [[1]], alphaBetaRules(1.5, 0.5, { conservative: true }));
    expect(thesis[0] + thesis[1]).toBeCloseTo(1.5, 5);
    expect(fixed[0] + fixed[1]).toBeCloseTo(1, 6);
  });
  it('LRP-ε', () => {
    // x = [1, 2], W = [[3], [−1]], R = [10]: z = 3 − 2 = 1. ε = 1: den = 2 → [3·10/2, −2·10/2] = [15, −10].
    // ε = 0 (LRP-0): den = 1 → [30, −20].
    const b: [number[], number[][], InputKind][] = [[[1, 2], [[3], [-1]], 'relu']];
    expect(run(b, [[10]], epsilonRules(1))[0]).toEqual([15, -10]);
    expect(run(b, [[10]], epsilonRules(0))[0]).toEqual([30, -20]);
    // z = 0 with ε = 0: 0/0 := 0.
    expect(run([[[1, 1], [[1], [-1]], 'relu']], [[10]], epsilonRules(0))[0]).toEqual([0, 0]);
  });
  it('z^β (eq. 3.70, l = −1, h = 1)', () => {
    // x = [0.5, −0.5], W = [[1], [−2]], R = [6].
    // q1 = 0.5·1 − (−1)·1 − 1·0 = 1.5;  q2 = (−0.5)(−2) − (−1)·0 − 1·(−2) = 3;  z = 4.5.
    // R = [6·1.5/4.5, 6·3/4.5] = [2, 4].
    const [r] = run([[[0.5, -0.5], [[1], [-2]], 'pixel']], [[6]], deepTaylorRules({ stabilizer: 0 }));
    expect(r[0]).toBeCloseTo(2, 6);
    expect(r[1]).toBeCloseTo(4, 6);
  });
  it('w²', () => {
    // W = [[1], [−2]], R = [5]: q = [1, 4], z = 5 → R = [1, 4] (x plays no part).
    const r = run([[[0.3, -0.9], [[1], [-2]], 'pixel']], [[5]], deepTaylorRules({ stabilizer: 0, pixel: { kind: 'w-square' } }))[0];
    expect(r[0]).toBeCloseTo(1, 6);
    expect(r[1]).toBeCloseTo(4, 6);
  });
  it('mixed pixel + relu with one shared denominator (α2β1)', () => {
    // pixels x = [−0.5], W = [[2]]: q = −1 + 2 = 1.   relu r = [1, 2], W = [[3], [−1]]:
    // α z⁺ − β z⁻ = 2·3 − 1·(−2) = 8.   z = 9, R = [9] → relu [1·2·3, 2·1·1]·9/9 = [6, 2], pixel [1].
    const [px, rl] = run(
      [[[-0.5], [[2]], 'pixel'], [[1, 2], [[3], [-1]], 'relu']],
      [[9]],
      alphaBetaRules(2, 1, { stabilizer: 0 }),
    );
    expect(px[0]).toBeCloseTo(1, 6);
    expect(rl[0]).toBeCloseTo(6, 6);
    expect(rl[1]).toBeCloseTo(2, 6);
  });
  it('the thesis stabiliser 1e-9 is added to the denominator', () => {
    // z⁺ rule, x = [1], W = [[1e-8]], R = [1]: R_in = 1e-8/(1e-8 + 1e-9) = 0.90909.
    expect(run([[[1], [[1e-8]], 'relu']], [[1]], deepTaylorRules())[0][0]).toBeCloseTo(0.909091, 5);
  });
});

describe('LRP-0 on a bias-free ReLU chain', () => {
  it('equals gradient × input (tf.grad), three dense layers', () => {
    const rand = seededRandom(42);
    const N = 3;
    const sizes = [10, 8, 6, 4];
    const x = tf.tensor2d(Float32Array.from(randomValues(rand, N * sizes[0], -1, 1)), [N, sizes[0]]);
    const Ws = [0, 1, 2].map((l) =>
      tf.tensor2d(Float32Array.from(randomValues(rand, sizes[l] * sizes[l + 1], -1, 1)), [sizes[l], sizes[l + 1]]),
    );
    const target = tf.oneHot(tf.tensor1d([0, 2, 3], 'int32'), 4).toFloat() as tf.Tensor2D;
    const before = tf.memory().numTensors;
    const [lrp, gxi] = tf.tidy(() => {
      const a1 = tf.relu(tf.matMul(x, Ws[0])) as tf.Tensor2D;
      const a2 = tf.relu(tf.matMul(a1, Ws[1])) as tf.Tensor2D;
      const y = tf.matMul(a2, Ws[2]);
      const rules = RULESETS['lrp-0'];
      const [R2] = denseRelevance([{ x: a2, W: Ws[2], kind: 'relu' }], y.mul(target), rules);
      const [R1] = denseRelevance([{ x: a1, W: Ws[1], kind: 'relu' }], R2, rules);
      const [R0] = denseRelevance([{ x, W: Ws[0], kind: 'pixel' }], R1, rules);
      const f = (v: tf.Tensor) =>
        tf.matMul(tf.relu(tf.matMul(tf.relu(tf.matMul(v as tf.Tensor2D, Ws[0])), Ws[1])), Ws[2]).mul(target).sum();
      return [R0, tf.grad(f)(x).mul(x)];
    });
    expect(tf.memory().numTensors).toBe(before + 2);
    expect(maxRelativeError(lrp.dataSync(), gxi.dataSync())).toBeLessThan(1e-5);
    tf.dispose([lrp, gxi, x, target, ...Ws]);
  });
});

describe('denseRelevance preconditions', () => {
  it('rejects mismatched shapes and w² mixed with relu blocks, naming the problem', () => {
    const x = tf.zeros([2, 3]) as tf.Tensor2D;
    const W = tf.zeros([4, 5]) as tf.Tensor2D;
    const R = tf.zeros([2, 5]) as tf.Tensor2D;
    const Wok = tf.zeros([3, 5]) as tf.Tensor2D;
    expect(() => denseRelevance([{ x, W, kind: 'relu' }], R, deepTaylorRules())).toThrow(/block 0 has x \[2,3\] and W \[4,5\]/);
    expect(() =>
      denseRelevance(
        [{ x, W: Wok, kind: 'pixel' }, { x, W: Wok, kind: 'relu' }],
        R,
        deepTaylorRules({ pixel: { kind: 'w-square' } }),
      ),
    ).toThrow(/w² pixel rule cannot share a layer/);
    expect(() =>
      denseRelevance([{ x, W: Wok, kind: 'relu' }], R, { ...deepTaylorRules(), hidden: { kind: 'alpha-beta', alpha: 2, beta: 0.5, conservative: true } }),
    ).toThrow(/α − β = 1/);
    tf.dispose([x, W, R, Wok]);
  });
});
