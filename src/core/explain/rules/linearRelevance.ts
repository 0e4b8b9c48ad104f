/**
 * The rule semantics shared by dense and conv layers, written once over a linear map
 * z = F(x, W) and its adjoint B(g, W)_i = Σ_j W_ij g_j (a matmul and its transpose, or a conv and
 * its input gradient). Nothing here materialises the products x_i W_ij: every rule is two to four
 * forward maps and as many adjoint maps (facts §5.4, §11; thesis §3.2.4, §3.2.6).
 *
 * Dispatch on the kinds of the layer's blocks and on the rules (docs/rules.md has the table):
 *  - hidden LRP-ε and (some block is 'relu' or pixel.kind is 'as-hidden') → LRP-ε over the concatenation;
 *  - all 'relu'                                  → LRP-αβ over the concatenation;
 *  - all 'pixel'                                 → z^β, w², or the hidden rule ('as-hidden');
 *  - 'pixel' + 'relu' with z^β                   → the thesis mixed rule (one shared denominator);
 *  - 'pixel' + 'relu' with 'as-hidden'           → the hidden rule over the concatenation;
 *  - 'pixel' + 'relu' with w²                    → an Error (no such rule in the thesis).
 */
import * as tf from '../../tf';
import { divideOrZero } from './divideOrZero';
import { ruleChoice } from './ruleChoice';
import type { InputKind, RuleSet, RuleStats } from './types';
import { validateRuleSet } from './validateRuleSet';

/**
 * A linear layer map: z = forward(x, W) = Σ_i x_i W_ij; backward(g, W, x, WT)_i = Σ_j W_ij g_j, shaped
 * like x. WT, when given, is W prepared for the backward (a matrix's transpose, a conv kernel rotated).
 */
export interface LinearMap<T extends tf.Tensor> {
  forward(x: T, W: T): T;
  backward(g: T, W: T, x: T, WT?: T): T;
  /**
   * Optional: Σ_i c_i W_ij for an input that is c everywhere, when it does not depend on where unit j
   * sits (a matmul: c·colsum(W); not a padded conv). z^β then needs one forward map instead of two.
   */
  constantInput?(c: number, W: T): T;
}

/** One input block (see DenseBlock / ConvBlock in types.ts). */
export interface Block<T extends tf.Tensor> {
  x: T;
  W: T;
  kind: InputKind;
  literal?: boolean;
  /** W⁺ and W⁻ (and their backward forms) when the caller has them already (see DenseBlock.split in types.ts). */
  split?: Split<T>;
  /** W's backward form (see DenseBlock.WT). */
  WT?: T;
  /** forward(x, W) when the caller has it already (see DenseBlock.xW). */
  xW?: T;
}

type Split<T extends tf.Tensor> = { pos: T; neg: T; posT?: T; negT?: T };

/**
 * Relevance of every block of one linear layer, given the relevance R of its outputs (shaped like z).
 * Runs in one tf.tidy; returns one new tensor per block, shaped like that block's x.
 */
export function linearRelevance<T extends tf.Tensor>(
  map: LinearMap<T>,
  blocks: Block<T>[],
  R: T,
  rules: RuleSet,
  stats?: RuleStats,
  factors?: AlphaBetaFactors<T>,
): T[] {
  validateRuleSet(rules);
  for (const b of blocks) {
    if (b.literal && b.kind !== 'relu') throw new Error("a literal block must have kind 'relu'");
  }
  // The dispatch is plain data in ./ruleChoice.ts (the page reads it to say which rule runs where).
  const choice = ruleChoice(
    blocks.map((b) => b.kind),
    rules,
  );
  if (choice.rule === 'error') throw new Error(choice.error);
  const { hidden, pixel } = rules;
  return tf.tidy(() => {
    if ((choice.rule === 'z-beta' || choice.rule === 'mixed') && pixel.kind === 'z-beta') {
      return zBetaRule(map, blocks, splitWeights(blocks), R, rules, pixel.low, pixel.high);
    }
    if (choice.rule === 'w-square') return wSquareRule(map, blocks, R, rules.stabilizer);
    if (hidden.kind === 'epsilon') return epsilonRule(map, blocks, R, hidden.epsilon);
    return alphaBetaRule(map, blocks, splitWeights(blocks), R, hidden, rules.stabilizer, stats, factors);
  });
}

/**
 * The per-unit factors of the LRP-αβ rule on a layer of 'relu' blocks, P_j = α_j / (z⁺_j + s) and
 * Q_j = β_j / (z⁻_j + s) (see alphaBetaRule). They depend on the forward values only, so a recurrent
 * walk computes them for all its steps at once (rows t·N…) and hands each step its rows (`factors` of
 * linearRelevance): per step only R⊙P, R⊙Q and the backward maps remain. Null when the rules do not
 * run LRP-αβ on such a layer.
 */
export function alphaBetaFactors<T extends tf.Tensor>(map: LinearMap<T>, blocks: Block<T>[], rules: RuleSet): AlphaBetaFactors<T> | null {
  const h = rules.hidden;
  if (h.kind !== 'alpha-beta' || blocks.some((b) => b.kind !== 'relu')) return null;
  const [pos, neg] = tf.tidy((): T[] => {
    const Ws = splitWeights(blocks);
    const f = factorsOf(alphaBetaSums(map, blocks, Ws, blocks.map(() => null), h.beta !== 0), h, rules.stabilizer);
    return f.neg === null ? [f.pos] : [f.pos, f.neg];
  });
  return { pos, neg: neg ?? null };
}

/** P = α/(z⁺ + s) and Q = β/(z⁻ + s) (null: β = 0) of an αβ layer, see alphaBetaFactors. */
export interface AlphaBetaFactors<T extends tf.Tensor> {
  pos: T;
  neg: T | null;
}

type SignSplit<T extends tf.Tensor> = { pos: T; neg: T } | null;

/**
 * z⁺_j = Σ_i (x_i W_ij)⁺ and, when `needNeg`, z⁻_j = Σ_i (x_i W_ij)⁻ ≤ 0 over the blocks. For 'relu'
 * blocks (x ≥ 0, xs[k] null) the products' signs are the weights' signs: x·W⁺ and x·W⁻; pixel blocks
 * (xs[k] = x⁺, x⁻) use x⁺W⁺ + x⁻W⁻ and x⁺W⁻ + x⁻W⁺.
 */
function alphaBetaSums<T extends tf.Tensor>(map: LinearMap<T>, blocks: Block<T>[], Ws: Split<T>[], xs: SignSplit<T>[], needNeg: boolean) {
  const part = (k: number, same: 'pos' | 'neg', other: 'pos' | 'neg'): T => {
    const x = xs[k];
    return x === null ? map.forward(blocks[k].x, Ws[k][same]) : (map.forward(x.pos, Ws[k][same]).add(map.forward(x.neg, Ws[k][other])) as T);
  };
  return {
    zPos: sum(blocks.map((_, k) => part(k, 'pos', 'neg'))),
    zNeg: needNeg ? sum(blocks.map((_, k) => part(k, 'neg', 'pos'))) : null,
  };
}

/**
 * P_j = α_j/(z⁺_j + s), Q_j = β_j/(z⁻_j + s) with a/0 := 0 (Q null when β = 0), (α_j, β_j) = (α, β) per
 * row (`perRow`, stacked methods) or for all, and (1, 0) on units with z⁻_j = 0 when `conservative`
 * (§11.2). z⁺ ≥ 0, so z⁺ + s > 0 when s > 0: a plain division there.
 */
function factorsOf<T extends tf.Tensor>(
  { zPos, zNeg }: { zPos: T; zNeg: T | null },
  rule: Extract<RuleSet['hidden'], { kind: 'alpha-beta' }>,
  s: number,
): AlphaBetaFactors<T> {
  const ones = tf.onesLike(zPos) as T;
  let a: T = rule.perRow ? scaleRows(ones, rule.perRow.alpha) : rule.alpha === 1 ? ones : (ones.mul(rule.alpha) as T);
  let b: T | null = rule.beta === 0 || zNeg === null ? null : rule.perRow ? scaleRows(ones, rule.perRow.beta) : (ones.mul(rule.beta) as T);
  if (rule.conservative && b !== null) {
    const fallback = tf.equal(zNeg!, 0);
    a = tf.where(fallback, ones, a) as T;
    b = tf.where(fallback, tf.zerosLike(b), b) as T;
  }
  return {
    pos: s > 0 ? (tf.div(a, zPos.add(s)) as T) : divideOrZero(a, zPos),
    neg: b === null ? null : divideOrZero(b, zNeg!.add(s)),
  };
}

/**
 * LRP-αβ over the concatenation (thesis eq. 3.34; facts §5.4, `rel_z_plus_prop`):
 *   R_i = Σ_j [ α_j (x_i W_ij)⁺ R_j / (z⁺_j + s) − β_j (x_i W_ij)⁻ R_j / (z⁻_j + s) ] = backward(R⊙P, R⊙Q),
 * with the sums of alphaBetaSums, the thesis's unsigned stabiliser s added to both denominators and
 * a/0 := 0; for 'relu' blocks (x_i W_ij)⁺ = x_i W⁺_ij, which is the thesis formula. (α_j, β_j) = (α, β),
 * or (1, 0) on units with z⁻_j = 0 when `conservative` (§11.2). `factors`: P and Q given (alphaBetaFactors).
 */
function alphaBetaRule<T extends tf.Tensor>(
  map: LinearMap<T>,
  blocks: Block<T>[],
  Ws: Split<T>[],
  R: T,
  rule: Extract<RuleSet['hidden'], { kind: 'alpha-beta' }>,
  s: number,
  stats?: RuleStats,
  factors?: AlphaBetaFactors<T>,
): T[] {
  const xs: SignSplit<T>[] = blocks.map((b) => (b.kind === 'relu' ? null : { pos: tf.relu(b.x) as T, neg: tf.minimum(b.x, 0) as T }));
  let f = factors && stats === undefined ? factors : null;
  if (!f) {
    const sums = alphaBetaSums(map, blocks, Ws, xs, rule.beta !== 0 || stats !== undefined);
    if (stats !== undefined && sums.zNeg !== null) {
      const active = tf.notEqual(R, 0);
      stats.units += tf.sum(tf.cast(active, 'int32')).dataSync()[0];
      stats.zeroNegative += tf.sum(tf.cast(tf.logicalAnd(active, tf.equal(sums.zNeg, 0)), 'int32')).dataSync()[0];
    }
    f = factorsOf(sums, rule, s);
  }
  return alphaBetaBackward(map, blocks, Ws, R.mul(f.pos) as T, f.neg && (R.mul(f.neg) as T), xs);
}

/**
 * The backward half of LRP-αβ: R_i = x_i Σ_j (W⁺_ij gPos_j − W⁻_ij gNeg_j) for relu blocks, and the
 * sign-split form for pixel blocks (see alphaBetaRule). gNeg null: β = 0.
 */
function alphaBetaBackward<T extends tf.Tensor>(
  map: LinearMap<T>,
  blocks: Block<T>[],
  Ws: Split<T>[],
  gPos: T,
  gNeg: T | null,
  xs: SignSplit<T>[],
): T[] {
  return blocks.map((b, k) => {
    const x = xs[k];
    const W = Ws[k];
    if (x === null) {
      const back = map.backward(gPos, W.pos, b.x, W.posT);
      return (gNeg === null ? back : back.sub(map.backward(gNeg, W.neg, b.x, W.negT))).mul(b.x) as T;
    }
    let r = x.pos.mul(map.backward(gPos, W.pos, b.x, W.posT)).add(x.neg.mul(map.backward(gPos, W.neg, b.x, W.negT)));
    if (gNeg !== null) {
      r = r.sub(x.pos.mul(map.backward(gNeg, W.neg, b.x, W.negT))).sub(x.neg.mul(map.backward(gNeg, W.pos, b.x, W.posT)));
    }
    return r as T;
  });
}

/**
 * LRP-ε over the concatenation: z_j = Σ_i x_i W_ij, R_i = Σ_j x_i W_ij R_j / (z_j + ε·sign(z_j)),
 * sign(0) = 0 and a/0 := 0, so ε = 0 is LRP-0 (gradient × input on bias-free ReLU nets). The rules'
 * `stabilizer` is not added: ε is this rule's stabiliser.
 */
function epsilonRule<T extends tf.Tensor>(map: LinearMap<T>, blocks: Block<T>[], R: T, epsilon: number): T[] {
  const z = sum(blocks.map((b) => map.forward(b.x, b.W)));
  const g = divideOrZero(R, epsilon === 0 ? z : z.add(tf.sign(z).mul(epsilon)));
  return blocks.map((b) => map.backward(g, b.W, b.x, b.WT).mul(b.x) as T);
}

/**
 * z^β for the pixel blocks (thesis eq. 3.70; facts §5.4 `rel_z_beta_prop`, §11.3), alone or in the
 * thesis mixed rule with 'relu' blocks (facts §5.4 `rel_z_plus_beta_prop`, §5.6 Conv⁺):
 *   q_ij = x_i W_ij − l W⁺_ij − h W⁻_ij  (pixels),   q_ij = x_i (α W⁺_ij − β W⁻_ij)  (relu),
 *   z_j = Σ_i q_ij + s,   R_i = Σ_j q_ij R_j / z_j.
 * Σ_i x_i W_ij − l W⁺_ij − h W⁻_ij is computed as F(x − l, W⁺) + F(x − h, W⁻), so a conv's zero
 * padding contributes nothing to the bound terms. Literal blocks with rules.literal 'thesis-code'
 * count in z_j like any relu block but receive x_i W_ij R_j / z_j (not conservative, §5.6).
 * Without relu blocks α and β never enter (z^β alone).
 */
function zBetaRule<T extends tf.Tensor>(
  map: LinearMap<T>,
  blocks: Block<T>[],
  Ws: Split<T>[],
  R: T,
  rules: RuleSet,
  low: number,
  high: number,
): T[] {
  const h = rules.hidden.kind === 'alpha-beta' ? rules.hidden : null;
  const beta = h ? h.beta : 0;
  // α·v and β·v for the relu blocks (per row when methods are stacked, see HiddenRule.perRow).
  const byAlpha = (v: T): T => (h?.perRow ? scaleRows(v, h.perRow.alpha) : h ? (v.mul(h.alpha) as T) : v);
  const byBeta = (v: T): T => (h?.perRow ? scaleRows(v, h.perRow.beta) : (v.mul(beta) as T));
  const z = sum(blocks.map((b, k) => {
    const W = Ws[k];
    if (b.kind === 'pixel') {
      // Σ_i (x_i − l)W⁺_ij + (x_i − h)W⁻_ij = (x·W)_j − l·Σ_i W⁺_ij − h·Σ_i W⁻_ij where the map allows it.
      if (map.constantInput) {
        return (b.xW ?? map.forward(b.x, b.W)).sub(map.constantInput(low, W.pos)).sub(map.constantInput(high, W.neg)) as T;
      }
      return map.forward(b.x.sub(low), W.pos).add(map.forward(b.x.sub(high), W.neg)) as T;
    }
    const zp = byAlpha(map.forward(b.x, W.pos));
    return (beta === 0 ? zp : zp.sub(byBeta(map.forward(b.x, W.neg)))) as T;
  }));
  const g = divideOrZero(R, z.add(rules.stabilizer));
  return blocks.map((b, k) => {
    const W = Ws[k];
    if (b.kind === 'pixel') {
      return b.x.sub(low).mul(map.backward(g, W.pos, b.x, W.posT)).add(b.x.sub(high).mul(map.backward(g, W.neg, b.x, W.negT))) as T;
    }
    if (b.literal && rules.literal === 'thesis-code') return map.backward(g, b.W, b.x, b.WT).mul(b.x) as T;
    const back = byAlpha(map.backward(g, W.pos, b.x, W.posT));
    return (beta === 0 ? back : back.sub(byBeta(map.backward(g, W.neg, b.x, W.negT)))).mul(b.x) as T;
  });
}

/**
 * w² rule for unbounded inputs (thesis §3.2.6, Table 3.1; not in the thesis code, facts §5.4):
 *   R_i = Σ_j W_ij² R_j / (Σ_i' W_i'j² + s), the sum over the inputs unit j sees (a conv's padding excluded).
 * Independent of x. The denominator is F(1, W²) on a batch of one (broadcast over the batch).
 */
function wSquareRule<T extends tf.Tensor>(map: LinearMap<T>, blocks: Block<T>[], R: T, s: number): T[] {
  const sq = blocks.map((b) => tf.square(b.W) as T);
  const z = sum(blocks.map((b, k) => map.forward(tf.ones([1, ...b.x.shape.slice(1)]) as T, sq[k])));
  const g = divideOrZero(R, z.add(s));
  return blocks.map((b, k) => map.backward(g, sq[k], b.x));
}

/**
 * W⁺ = max(0, W), W⁻ = min(0, W) per block (the caller's `split` when given). W⁻ is computed as
 * W − W⁺ (exact): tfjs-backend-wasm runs minimum(W, 0) with a broadcast scalar on a slow generic loop.
 */
function splitWeights<T extends tf.Tensor>(blocks: Block<T>[]): Split<T>[] {
  return blocks.map((b) => {
    if (b.split) return b.split;
    const pos = tf.relu(b.W) as T;
    return { pos, neg: tf.sub(b.W, pos) as T };
  });
}

/**
 * v ⊙ c[row], c repeated along the rows of v [rows, …] (rows a multiple of c's length: the T steps of a
 * step batch repeat the stacked rows, see HiddenRule.perRow).
 */
function scaleRows<T extends tf.Tensor>(v: T, c: readonly number[]): T {
  const rows = v.shape[0];
  if (rows % c.length !== 0) throw new Error(`per-row coefficients: ${rows} rows are not a multiple of ${c.length}`);
  const col = new Float32Array(rows);
  for (let i = 0; i < rows; i++) col[i] = c[i % c.length];
  return tf.mul(v, tf.tensor(col, [rows, ...v.shape.slice(1).map(() => 1)])) as T;
}

function sum<T extends tf.Tensor>(ts: T[]): T {
  return ts.length === 1 ? ts[0] : (tf.addN(ts) as T);
}
