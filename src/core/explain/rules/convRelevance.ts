import * as tf from '../../tf';
import { linearRelevance, type LinearMap } from './linearRelevance';
import type { ConvBlock, RuleSet, RuleStats } from './types';

const convMap: LinearMap<tf.Tensor4D> = {
  forward: (x, W) => tf.conv2d(x, W, 1, 'same'),
  // The input gradient of conv2d(·, W, 1, 'same'): B(g)_i = Σ_j W_ij g_j over the windows that contain i.
  // For odd kernels (SAME pads symmetrically) it is exactly a SAME conv of g with the kernel rotated by
  // 180° and its channels swapped; tfjs-backend-wasm runs that on XNNPACK, 5–10× faster here than its
  // Conv2DBackpropInput. Even kernels keep conv2dTranspose.
  // A prepared rotated kernel (WT = rotateKernel(W), ../propagate/cell-weights.ts) saves the reverse
  // and the transpose at every call.
  backward: (g, W, x, WT) =>
    W.shape[0] % 2 === 1 && W.shape[1] % 2 === 1
      ? tf.conv2d(g, WT ?? rotateKernel(W), 1, 'same')
      : tf.conv2dTranspose(g, W, x.shape, 1, 'same'),
};

/** The kernel of conv2d's input gradient for odd kernels: W [kh, kw, C_in, C_out] rotated by 180°, channels swapped → [kh, kw, C_out, C_in]. */
export function rotateKernel(W: tf.Tensor4D): tf.Tensor4D {
  return tf.transpose(tf.reverse(W, [0, 1]), [0, 1, 3, 2]);
}

/**
 * Relevance of each input block of a conv layer z = Σ_blocks conv2d(x_b, W_b) (SAME zero padding,
 * stride 1, NHWC, biases ignored), given the relevance R of its outputs. The rules and their dispatch
 * are those of denseRelevance, with x·W replaced by conv2d and R/z·Wᵀ by the input gradient of conv2d
 * (conv2dTranspose). Facts §1.4, §5.4 (conv versions), §5.6 (Conv⁺), §11.
 *  - z^β: the bound images l, h have the shape of x and are convolved with the same zero padding, so
 *    padding contributes nothing: z^β_j = Σ_{i ∈ window(j), i real} x_i W_ij − l W⁺_ij − h W⁻_ij.
 *  - Conv⁺ literal channels (blocks with literal: true, kind 'relu') in a mixed pixel + relu layer:
 *    rules.literal 'conservative' → x_i(αW⁺_ij − βW⁻_ij)R_j/z_j like any relu block;
 *    'thesis-code' → x_i W_ij R_j/z_j, the original code's rule, which loses Σ_j z⁻_j(lit)·R_j/z_j when
 *    literal weights are negative (α=1, β=0). Elsewhere `literal` changes nothing.
 *
 * @param blocks each { x: [N, H, W, C_b], W: [kh, kw, C_b, C_out], kind, literal? }
 * @param R      [N, H, W, C_out] relevance of the layer's (pre-pooling) outputs
 * @param rules  the method's rules (validated)
 * @param stats  optional counters of αβ units with z⁻_j = 0 (forces a sync when given)
 * @returns      one [N, H, W, C_b] tensor per block, in block order (new tensors)
 */
export function convRelevance(
  blocks: ConvBlock[],
  R: tf.Tensor4D,
  rules: RuleSet,
  stats?: RuleStats,
): tf.Tensor4D[] {
  if (blocks.length === 0) throw new Error('convRelevance: no input blocks');
  if (R.rank !== 4) throw new Error(`convRelevance: R must be [N, H, W, C_out] (got shape [${R.shape}])`);
  const [N, H, Wd, C] = R.shape;
  blocks.forEach((b, k) => {
    const [n, h, w, c] = b.x.shape;
    if (b.x.rank !== 4 || b.W.rank !== 4 || n !== N || h !== H || w !== Wd || b.W.shape[2] !== c || b.W.shape[3] !== C) {
      throw new Error(
        `convRelevance: block ${k} has x [${b.x.shape}] and W [${b.W.shape}]; expected x [${N}, ${H}, ${Wd}, C] and W [kh, kw, C, ${C}] for R [${R.shape}]`,
      );
    }
  });
  return linearRelevance(convMap, blocks, R, rules, stats);
}
