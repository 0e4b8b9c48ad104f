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
import type { InputKind, RuleSet, RuleStats } from './types';
import { validateRuleSet } from './validateRuleSet';

/** A linear layer map: z = forward(x, W) = Σ_i x_i W_ij; backward(g, W, x)_i = Σ_j W_ij g_j, shaped like x. */
export interface LinearMap<T extends tf.Tensor> {
  forward(x: T, W: T): T;
  backward(g: T, W: T, x: T): T;
}

/** One input block (see DenseBlock / ConvBlock in types.ts). */
export interface Block<T extends tf.Tensor> {
  x: T;
  W: T;
  kind: InputKind;
  literal?: boolean;
  /** W⁺ and W⁻ when the caller has them already (see DenseBlock.split in types.ts). */
  split?: { pos: T; neg: T };
}

type Split<T extends tf.Tensor> = { pos: T; neg: T };

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
): T[] {
  validateRuleSet(rules);
  for (const b of blocks) {
    if (b.literal && b.kind !== 'relu') throw new Error("a literal block must have kind 'relu'");
  }
  const hasPixel = blocks.some((b) => b.kind === 'pixel');
  const hasRelu = blocks.some((b) => b.kind === 'relu');
  const { hidden, pixel } = rules;
  if (hasPixel && hasRelu && pixel.kind === 'w-square' && hidden.kind !== 'epsilon') {
    throw new Error(
      "the w² pixel rule cannot share a layer with 'relu' blocks (no such mixed rule); use pixel z-beta or as-hidden",
    );
  }
  // The pixel rule owns a layer with pixel blocks, unless it is 'as-hidden' or LRP-ε meets relu blocks
  // (then ε runs over the concatenation). With relu blocks, z^β becomes the thesis mixed rule.
  const usePixelRule = hasPixel && pixel.kind !== 'as-hidden' && !(hidden.kind === 'epsilon' && hasRelu);
  return tf.tidy(() => {
    if (usePixelRule && pixel.kind === 'z-beta') {
      return zBetaRule(map, blocks, splitWeights(blocks), R, rules, pixel.low, pixel.high);
    }
    if (usePixelRule && pixel.kind === 'w-square') return wSquareRule(map, blocks, R, rules.stabilizer);
    if (hidden.kind === 'epsilon') return epsilonRule(map, blocks, R, hidden.epsilon);
    return alphaBetaRule(map, blocks, splitWeights(blocks), R, hidden.alpha, hidden.beta, hidden.conservative, rules.stabilizer, stats);
  });
}

/**
 * LRP-αβ over the concatenation (thesis eq. 3.34; facts §5.4, `rel_z_plus_prop`):
 *   z⁺_j = Σ_i (x_i W_ij)⁺,  z⁻_j = Σ_i (x_i W_ij)⁻ ≤ 0,
 *   R_i = Σ_j [ α_j (x_i W_ij)⁺ R_j / (z⁺_j + s) − β_j (x_i W_ij)⁻ R_j / (z⁻_j + s) ],
 * with the thesis's unsigned stabiliser s added to both denominators and a/0 := 0. For 'relu'
 * blocks (x ≥ 0) the products' signs are the weights' signs, (x_i W_ij)⁺ = x_i W⁺_ij, which is the
 * thesis formula; 'pixel' blocks (signed x, only under pixel 'as-hidden') use x⁺W⁺ + x⁻W⁻ and
 * x⁺W⁻ + x⁻W⁺. (α_j, β_j) = (α, β), or (1, 0) on units with z⁻_j = 0 when `conservative` (§11.2).
 */
function alphaBetaRule<T extends tf.Tensor>(
  map: LinearMap<T>,
  blocks: Block<T>[],
  Ws: Split<T>[],
  R: T,
  alpha: number,
  beta: number,
  conservative: boolean,
  s: number,
  stats?: RuleStats,
): T[] {
  const xs = blocks.map((b) =>
    b.kind === 'relu' ? null : { pos: tf.relu(b.x) as T, neg: tf.minimum(b.x, 0) as T },
  );
  const needNeg = beta !== 0 || stats !== undefined;
  const zPos = sum(blocks.map((b, k) => {
    const x = xs[k];
    return x === null
      ? map.forward(b.x, Ws[k].pos)
      : map.forward(x.pos, Ws[k].pos).add(map.forward(x.neg, Ws[k].neg)) as T;
  }));
  const zNeg = needNeg
    ? sum(blocks.map((b, k) => {
        const x = xs[k];
        return x === null
          ? map.forward(b.x, Ws[k].neg)
          : map.forward(x.pos, Ws[k].neg).add(map.forward(x.neg, Ws[k].pos)) as T;
      }))
    : null;
  if (stats !== undefined && zNeg !== null) {
    const active = tf.notEqual(R, 0);
    stats.units += tf.sum(tf.cast(active, 'int32')).dataSync()[0];
    stats.zeroNegative += tf.sum(tf.cast(tf.logicalAnd(active, tf.equal(zNeg, 0)), 'int32')).dataSync()[0];
  }
  let aR: T = R.mul(alpha);
  let bR: T | null = beta !== 0 ? R.mul(beta) : null;
  if (conservative && bR !== null && zNeg !== null) {
    const fallback = tf.equal(zNeg, 0);
    aR = tf.where(fallback, R, aR) as T;
    bR = tf.where(fallback, tf.zerosLike(R), bR) as T;
  }
  const gPos = divideOrZero(aR, zPos.add(s));
  const gNeg = bR !== null && zNeg !== null ? divideOrZero(bR, zNeg.add(s)) : null;
  return blocks.map((b, k) => {
    const x = xs[k];
    const W = Ws[k];
    if (x === null) {
      const back = map.backward(gPos, W.pos, b.x);
      return (gNeg === null ? back : back.sub(map.backward(gNeg, W.neg, b.x))).mul(b.x) as T;
    }
    let r = x.pos.mul(map.backward(gPos, W.pos, b.x)).add(x.neg.mul(map.backward(gPos, W.neg, b.x)));
    if (gNeg !== null) {
      r = r.sub(x.pos.mul(map.backward(gNeg, W.neg, b.x))).sub(x.neg.mul(map.backward(gNeg, W.pos, b.x)));
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
  return blocks.map((b) => map.backward(g, b.W, b.x).mul(b.x) as T);
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
  const alpha = rules.hidden.kind === 'alpha-beta' ? rules.hidden.alpha : 1;
  const beta = rules.hidden.kind === 'alpha-beta' ? rules.hidden.beta : 0;
  const z = sum(blocks.map((b, k) => {
    const W = Ws[k];
    if (b.kind === 'pixel') return map.forward(b.x.sub(low), W.pos).add(map.forward(b.x.sub(high), W.neg)) as T;
    const zp = map.forward(b.x, W.pos).mul(alpha);
    return (beta === 0 ? zp : zp.sub(map.forward(b.x, W.neg).mul(beta))) as T;
  }));
  const g = divideOrZero(R, z.add(rules.stabilizer));
  return blocks.map((b, k) => {
    const W = Ws[k];
    if (b.kind === 'pixel') {
      return b.x.sub(low).mul(map.backward(g, W.pos, b.x)).add(b.x.sub(high).mul(map.backward(g, W.neg, b.x))) as T;
    }
    if (b.literal && rules.literal === 'thesis-code') return map.backward(g, b.W, b.x).mul(b.x) as T;
    const back = map.backward(g, W.pos, b.x).mul(alpha);
    return (beta === 0 ? back : back.sub(map.backward(g, W.neg, b.x).mul(beta))).mul(b.x) as T;
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

function sum<T extends tf.Tensor>(ts: T[]): T {
  return ts.length === 1 ? ts[0] : (tf.addN(ts) as T);
}
