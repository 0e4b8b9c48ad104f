/**
 * One optimisation step: forward with dropout, 11-way cross-entropy (loss.ts), gradients of the
 * trainable weights only, one Adam update. Nothing is read back to the CPU here.
 */
import * as tf from '../tf';
import type { Cell, ForwardOptions, Weights } from '../cells/types';
import { countCorrect, crossEntropy11 } from './loss';

/**
 * The variables the optimiser updates: the cell's trainable parameters in manifest order. The frozen
 * zero biases of BiasMode 'zero' (§1.2) are left out, so they never move.
 */
export function trainableVariables(cell: Cell, weights: Weights): tf.Variable[] {
  return cell.params
    .filter((p) => p.trainable)
    .map((p) => {
      const v = weights[p.name];
      if (!v) throw new Error(`weights have no "${p.name}" (the cell's parameter list names it)`);
      return v;
    });
}

/**
 * The logits [N, 10] of a forward pass. Uses the cell's trace-free `logits` when it has one
 * (cells/createCell.ts BuiltCell: no per-step trace is built, which is faster), else `forward`.
 */
export function cellLogits(cell: Cell, w: Weights, x: tf.Tensor3D, opts: ForwardOptions): tf.Tensor2D {
  const fast = (cell as Partial<{ logits: (w: Weights, x: tf.Tensor3D, o?: ForwardOptions) => tf.Tensor2D }>).logits;
  if (typeof fast === 'function') return fast.call(cell, w, x, opts);
  return tf.tidy(() => cell.forward(w, x, opts).logits);
}

export interface StepContext {
  cell: Cell;
  weights: Weights;
  optimizer: tf.Optimizer;
  /** trainableVariables(cell, weights), computed once. */
  varList: tf.Variable[];
}

/** The scalars of one step; the caller disposes both (or adds them to running sums). */
export interface StepOutput {
  /** Mean loss of the batch (before the update). */
  loss: tf.Scalar;
  /** int32 count of correct predictions in the batch (training forward, dropout on). */
  correct: tf.Scalar;
}

/**
 * Runs one training step on a batch.
 * @param x scaled pixels [N, 28, width]
 * @param labels int32 [N]
 * @param seed seed of this step's dropout masks
 */
export function trainStep(ctx: StepContext, x: tf.Tensor3D, labels: tf.Tensor1D, seed: number): StepOutput {
  let correct: tf.Scalar | null = null;
  const loss = ctx.optimizer.minimize(
    () => {
      const logits = cellLogits(ctx.cell, ctx.weights, x, { training: true, seed });
      correct = tf.keep(countCorrect(logits, labels));
      return crossEntropy11(logits, labels);
    },
    true,
    ctx.varList,
  );
  if (!loss || !correct) throw new Error('optimizer.minimize returned no loss');
  return { loss, correct };
}
