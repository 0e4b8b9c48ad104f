/**
 * The gradient methods (thesis §3.2.2–3.2.5, thesis-code-facts.md §5.1–5.3) over a batch:
 *   sensitivity        R = (∂y_c/∂x)²
 *   gradient × input   R = x · ∂y_c/∂x
 *   guided backprop    R = (guided ∂y_c/∂x)², with the guided activations of ./guided-activations.ts
 * y_c is the raw logit of each sequence's explained class c_n. Each logit depends on its own sequence
 * only, so one gradient of Σ_n y_{n,c_n} gives every sequence's gradient at once.
 */
import * as tf from '../../tf';
import type { Activations, Cell, Weights } from '../../cells/types';
import type { BuiltCell } from '../../cells/createCell';
import type { MethodPlan } from '../registry';
import { guidedActivations } from './guided-activations';

/** The logits [N, 10] of a batch through the cell's trace-free forward when it has one (createCell's cells). */
export function cellLogits(cell: Cell, weights: Weights, x: tf.Tensor3D, act?: Activations): tf.Tensor2D {
  // Gradients are taken with respect to x only: the weights are constants (no weight gradients).
  const opts = act ? { act, weightGradients: false } : { weightGradients: false };
  const fast = (cell as Partial<BuiltCell>).logits;
  return fast ? fast(weights, x, opts) : cell.forward(weights, x, opts).logits;
}

/**
 * The logits and ∂y_{n,c_n}/∂x for every sequence n, from one forward and one backward pass
 * (the gradient of the logits against the one-hot classes: Σ_k onehot_nk ∂y_nk/∂x).
 * @param x       pixels [N, 28, W]
 * @param oneHot  the explained class of each sequence, one-hot [N, 10]
 * @param act     activation override (guided backprop), or undefined for the plain gradient; it changes
 *                gradients only, so the logits are the cell's whatever `act`
 * @returns       logits [N, 10], grad [N, 28, W]
 */
export function logitGradient(
  cell: Cell,
  weights: Weights,
  x: tf.Tensor3D,
  oneHot: tf.Tensor2D,
  act?: Activations,
): { logits: tf.Tensor2D; grad: tf.Tensor3D } {
  const { value, grad } = tf.valueAndGrad((xx: tf.Tensor) => cellLogits(cell, weights, xx as tf.Tensor3D, act))(x, oneHot);
  return { logits: value as tf.Tensor2D, grad: grad as tf.Tensor3D };
}

/** Which gradient a plan needs: methods with the same key share one gradient in an explainMany call. */
export function gradientKey(plan: Extract<MethodPlan, { kind: 'gradient' }>): string {
  return plan.guided ? `guided-${plan.guided.sigmoid}` : 'plain';
}

/** The logits and the gradient a plan needs (plain, or guided with its sigmoid setting): [N, 10], [N, 28, W]. */
export function planGradient(
  cell: Cell,
  weights: Weights,
  plan: Extract<MethodPlan, { kind: 'gradient' }>,
  x: tf.Tensor3D,
  oneHot: tf.Tensor2D,
): { logits: tf.Tensor2D; grad: tf.Tensor3D } {
  return logitGradient(cell, weights, x, oneHot, plan.guided ? guidedActivations(plan.guided.sigmoid) : undefined);
}

/**
 * A gradient method's relevance from its gradient: g² (sensitivity, guided backprop) or x·g (gradient × input).
 * @param x pixels [N, 28, W]; @param g the plan's gradient [N, 28, W]  @returns [N, 28, W]
 */
export function gradientRelevance(plan: Extract<MethodPlan, { kind: 'gradient' }>, x: tf.Tensor3D, g: tf.Tensor3D): tf.Tensor3D {
  return plan.output === 'square' ? tf.square(g) : tf.mul(x, g);
}

/**
 * Heatmaps of one gradient method for a batch.
 * @param plan   a gradient plan from the registry
 * @param x      pixels [N, 28, W]
 * @param oneHot explained classes, one-hot [N, 10]
 * @returns      relevance [N, 28, W]
 */
export function gradientHeatmap(
  cell: Cell,
  weights: Weights,
  plan: Extract<MethodPlan, { kind: 'gradient' }>,
  x: tf.Tensor3D,
  oneHot: tf.Tensor2D,
): tf.Tensor3D {
  return tf.tidy(() => gradientRelevance(plan, x, planGradient(cell, weights, plan, x, oneHot).grad));
}
