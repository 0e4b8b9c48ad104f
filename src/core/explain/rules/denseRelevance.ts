import * as tf from '../../tf';
import { alphaBetaFactors, linearRelevance, type AlphaBetaFactors, type LinearMap } from './linearRelevance';
import type { DenseBlock, RuleSet, RuleStats } from './types';

const denseMap: LinearMap<tf.Tensor2D> = {
  forward: (x, W) => tf.matMul(x, W),
  // g·Wᵀ. tfjs-backend-wasm runs matMul(…, transposeB = true) on a slow generic loop instead of
  // XNNPACK: about 3× slower for one row and 10× at batch 200 here. A prepared Wᵀ (WT, see
  // ../propagate/cell-weights.ts) makes it a plain matMul; without one, from a few rows on an explicit
  // transpose plus a plain matMul is faster, for a handful of rows the transpose costs more than it saves.
  backward: (g, W, _x, WT) =>
    WT ? tf.matMul(g, WT) : g.shape[0] >= 16 ? tf.matMul(g, tf.transpose(W)) : tf.matMul(g, W, false, true),
  // c·Σ_i W_ij as a row [1, J] (broadcast over the batch).
  constantInput: (c, W) => tf.mul(tf.sum(W, 0, true), c),
};

/**
 * Relevance of each input block of a dense layer z = Σ_blocks x_b · W_b (biases ignored), given the
 * relevance R of its outputs. Facts §5.4, §11.1–11.3; thesis eq. 3.34 (αβ), 3.70 (z^β), Table 3.1 (w²).
 *
 *  - all blocks 'relu' → rules.hidden over the concatenation:
 *      LRP-αβ  R_i = x_i Σ_j [α_j W⁺_ij R_j/(z⁺_j + s) − β_j W⁻_ij R_j/(z⁻_j + s)],
 *              z⁺_j = Σ_i x_i W⁺_ij, z⁻_j = Σ_i x_i W⁻_ij ≤ 0, s = rules.stabilizer (added, thesis 1e-9),
 *              (α_j, β_j) = (1, 0) where z⁻_j = 0 if `conservative` (§11.2);
 *      LRP-ε   R_i = x_i Σ_j W_ij R_j/(z_j + ε·sign(z_j)), z_j = Σ_i x_i W_ij;
 *  - all blocks 'pixel' → rules.pixel:
 *      z^β     R_i = Σ_j (x_i W_ij − l W⁺_ij − h W⁻_ij) R_j / (Σ_i' (…) + s)   (eq. 3.70, not 3.71: §11.3),
 *      w²      R_i = Σ_j W_ij² R_j / (Σ_i' W_i'j² + s),
 *      'as-hidden' → rules.hidden (αβ on signed x splits the products x_i W_ij by sign);
 *  - 'pixel' + 'relu' (Shallow's [x_t, r_{t−1}]) → with z^β the thesis mixed rule, one shared denominator
 *      z_j = α z⁺_j(relu) − β z⁻_j(relu) + z^β_j(pixels) + s; relu inputs get x_i(αW⁺_ij − βW⁻_ij)R_j/z_j,
 *      pixels (x_iW_ij − lW⁺_ij − hW⁻_ij)R_j/z_j (conservative for any α, β); with LRP-ε hidden: ε over the
 *      concatenation; with 'as-hidden': the hidden rule over the concatenation; with w²: an Error.
 * Every division is a/0 := 0, so s = 0 (or ε = 0) is exact division (§11.1).
 *
 * @param blocks each { x: [N, I_b], W: [I_b, J], kind }
 * @param R      [N, J] relevance of the layer's outputs
 * @param rules  the method's rules (validated; α − β = 1 is required)
 * @param stats  optional counters of αβ units with z⁻_j = 0 (forces a sync when given)
 * @returns      one [N, I_b] tensor per block, in block order (new tensors; the caller disposes them)
 */
export function denseRelevance(
  blocks: DenseBlock[],
  R: tf.Tensor2D,
  rules: RuleSet,
  stats?: RuleStats,
  factors?: AlphaBetaFactors<tf.Tensor2D>,
): tf.Tensor2D[] {
  if (blocks.length === 0) throw new Error('denseRelevance: no input blocks');
  if (R.rank !== 2) throw new Error(`denseRelevance: R must be [N, J] (got shape [${R.shape}])`);
  const [N, J] = R.shape;
  blocks.forEach((b, k) => {
    if (b.x.rank !== 2 || b.W.rank !== 2 || b.x.shape[0] !== N || b.x.shape[1] !== b.W.shape[0] || b.W.shape[1] !== J) {
      throw new Error(
        `denseRelevance: block ${k} has x [${b.x.shape}] and W [${b.W.shape}]; expected x [${N}, I] and W [I, ${J}] for R [${N}, ${J}]`,
      );
    }
  });
  return linearRelevance(denseMap, blocks, R, rules, stats, factors);
}

/** The αβ factors of a dense layer of 'relu' blocks (see alphaBetaFactors), for a walk that batches its steps. */
export function denseAlphaBetaFactors(blocks: DenseBlock[], rules: RuleSet): AlphaBetaFactors<tf.Tensor2D> | null {
  return alphaBetaFactors(denseMap, blocks, rules);
}
