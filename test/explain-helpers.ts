/**
 * Test helpers of the explanation engine: a seeded cell with weights and inputs in both precisions,
 * the TF.js propagation of a rule set on it, and the float64 replica of the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../src/core/tf';
import { buildMethodSpec } from '../src/core/explain/registry';
import type { Weights } from '../src/core/cells/types';
import { cellFromPreset, type BuiltCell } from '../src/core/cells';
import { initWeights } from '../src/core/cells/initWeights';
import type { RuleSet } from '../src/core/explain/rules/types';
import { groupWeights } from '../src/core/explain/propagate/cell-weights';
import { propagate, startRelevance } from '../src/core/explain/propagate';
import { referenceForward, type RefResult, type RefWeights } from '../src/core/reference/cells';
import { referencePropagate, RefLayerCache } from '../src/core/reference/propagate';
import type { F64 } from '../src/core/reference/cellsOps';
import { relError, seededImages, weightsAsF64 } from './cell-helpers';

export interface Fixture {
  id: string;
  cell: BuiltCell;
  w: Weights;
  x: tf.Tensor3D;
  x64: F64;
  w64: RefWeights;
  ref: RefResult;
  /** Per sequence the class with the largest logit (positive: checked by the tests). */
  target: number[];
  /** The replica's layers for these weights, shared by every rule set. */
  cache: RefLayerCache;
  dispose(): void;
}

/** A seeded cell (MAJ, T = 12, width 84 unless given) with N seeded sequences. */
export function fixture(id: string, N: number, seed: number, task = { T: 12, width: 84 }): Fixture {
  const cell = cellFromPreset(id, task);
  const w = initWeights(cell, seed);
  const { x, x64 } = seededImages(N, task.width, seed + 1);
  const w64 = weightsAsF64(w);
  const ref = referenceForward(cell.options, w64, x64);
  const target = Array.from({ length: N }, (_, n) => argMax(ref.logits.data.subarray(n * 10, n * 10 + 10)));
  return {
    id, cell, w, x, x64, w64, ref, target, cache: new RefLayerCache(),
    dispose: () => tf.dispose([x, ...Object.values(w)]),
  };
}

export function argMax(v: ArrayLike<number>): number {
  let k = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[k]) k = i;
  return k;
}

/** TF.js propagation of one rule set: heatmap [N·28·W] and state [N·T], read back. */
export function tfPropagate(f: Fixture, rules: RuleSet, target = f.target): { heatmap: Float32Array; state: Float32Array; logits: Float32Array } {
  const out = tf.tidy(() => {
    const fwd = f.cell.forward(f.w, f.x);
    const oneHot = tf.oneHot(tf.tensor1d(target, 'int32'), 10).toFloat() as tf.Tensor2D;
    const r = propagate(fwd.trace, groupWeights(f.cell, f.w), startRelevance(fwd.logits, oneHot), rules);
    return [r.heatmap, r.state, fwd.logits];
  });
  const [heatmap, state, logits] = out.map((t) => t.dataSync() as Float32Array);
  tf.dispose(out);
  return { heatmap, state, logits };
}

/** The float64 replica of the same. */
export function refPropagate(f: Fixture, rules: RuleSet, target = f.target) {
  return referencePropagate(f.cell.options, f.w64, f.ref.trace, f.ref.logits, target, rules, f.cache);
}

/** Σ of the values of sequence n of an [N, K] row-major array. */
export function rowSum(a: ArrayLike<number>, N: number, n: number): number {
  const K = a.length / N;
  let s = 0;
  for (let i = n * K; i < (n + 1) * K; i++) s += a[i];
  return s;
}

/** The LRP rule sets every cell is checked with (lrp-alpha-beta:a1b0 builds deep-taylor's rule set: see registry.test.ts). */
export const AGREEMENT_SPECS = ['deep-taylor', 'lrp-alpha-beta:a1.5b0.5', 'lrp-alpha-beta:a2b1', 'lrp-epsilon'] as const;
/** The conservative ones among them. */
export const CONSERVATIVE_SPECS = new Set<string>(['deep-taylor', 'lrp-alpha-beta:a1.5b0.5', 'lrp-alpha-beta:a2b1']);

export function rulesOf(spec: string, params: Record<string, unknown> = {}): RuleSet {
  const p = buildMethodSpec(spec, params).plan;
  if (p.kind !== 'lrp') throw new Error(`${spec} is not an LRP method`);
  return p.rules;
}

/** Per sequence, the cumulative sums over steps of a [N, 28, W] heatmap: Σ_{s ≤ t} Σ_{pixels of s} R. */
export function cumulativeStepSums(heatmap: ArrayLike<number>, N: number, width: number, T: number): number[][] {
  const c = width / T;
  return Array.from({ length: N }, (_, n) => {
    const per = new Array<number>(T).fill(0);
    for (let row = 0; row < 28; row++) for (let col = 0; col < width; col++) per[Math.floor(col / c)] += heatmap[(n * 28 + row) * width + col];
    for (let t = 1; t < T; t++) per[t] += per[t - 1];
    return per;
  });
}

/**
 * The suite of one cell: for every AGREEMENT_SPECS rule set, the TF.js heatmap and state relevance agree
 * with the float64 replica within 1e-4 relative, no tensor leaks, and for the conservative rules
 * |ΣR − relu(y_c)| ≤ 1e-4·max(1, |y_c|) in float32 with y_c > 0, and the replica's state relevance at
 * every step equals the pixel relevance of the steps up to it.
 */
export function replicaSuite(id: string, N: number, seed: number): void {
  describe(`${id}: TF.js propagation = float64 replica, and conserves`, () => {
    let f: Fixture;
    beforeAll(() => {
      f = fixture(id, N, seed);
    });
    afterAll(() => f.dispose());
    for (const spec of AGREEMENT_SPECS) {
      it(spec, () => {
        const rules = rulesOf(spec);
        const before = tf.memory().numTensors;
        const got = tfPropagate(f, rules);
        expect(tf.memory().numTensors).toBe(before);
        const want = refPropagate(f, rules);
        expect(relError(got.heatmap, want.heatmap)).toBeLessThan(1e-4);
        expect(relError(got.state, want.state)).toBeLessThan(1e-4);
        if (!CONSERVATIVE_SPECS.has(spec)) return;
        const T = f.cell.options.T;
        const W = f.cell.options.width;
        const cum = cumulativeStepSums(want.heatmap, N, W, T);
        for (let n = 0; n < N; n++) {
          const yc = got.logits[n * 10 + f.target[n]];
          expect(yc).toBeGreaterThan(0);
          expect(Math.abs(rowSum(got.heatmap, N, n) - yc)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(yc)));
          // Each stabilised denominator loses ~1e-9·Σ R_j/z_j (facts §11.1): far below 1e-6 of y_c here.
          for (let t = 0; t < T; t++) expect(Math.abs(want.state[n * T + t] - cum[n][t])).toBeLessThan(1e-6 * yc);
        }
      });
    }
  });
}

/**
 * A stationary-dropout cell is its base architecture at inference: built from the -SD preset with the
 * same weights, its TF.js heatmaps (DTD, LRP-α1.5β0.5) equal the base cell's, which replicaSuite checks against the replica.
 */
export function sameAsBaseSuite(sdId: string, baseId: string, N: number, seed: number): void {
  it(`${sdId} explains exactly as ${baseId} with the same weights (DTD, LRP-α1.5β0.5)`, () => {
    const base = fixture(baseId, N, seed);
    const sd = cellFromPreset(sdId, { T: 12, width: 84 });
    expect(sd.options.dropout).toBe('stationary');
    try {
      for (const spec of ['deep-taylor', 'lrp-alpha-beta:a1.5b0.5']) {
        const a = tfPropagate(base, rulesOf(spec));
        const b = tfPropagate({ ...base, cell: sd }, rulesOf(spec));
        expect(Array.from(b.heatmap)).toEqual(Array.from(a.heatmap));
        expect(rowSum(a.heatmap, N, 0)).not.toBe(0);
      }
    } finally {
      base.dispose();
    }
  });
}
