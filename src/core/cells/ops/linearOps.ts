/**
 * The linear maps of a forward pass (matmuls and SAME convolutions), in two flavours:
 *
 *  - TRAINABLE_OPS: gradients for the inputs and the weights (training; ./matMul.ts, ./conv2dSame.ts);
 *  - inputGradientOps(): gradients for the inputs only, the weights being constants (the gradient
 *    methods of an explanation differentiate the logits with respect to the pixels). The weight
 *    gradients are skipped altogether — a customGrad computes every gradient it returns, and these
 *    are a good part of a backward pass — and the backward form of each weight (Wᵀ, the rotated
 *    kernel) is made once per forward pass instead of once per step.
 *
 * The forward values are the same in both (tf.matMul, tf.conv2d).
 */
import * as tf from '../../tf';
import { matMul } from './matMul';
import { conv2dSame, convInputKernel } from './conv2dSame';

export interface LinearOps {
  /** a [n, k] · W [k, m] → [n, m]. */
  matMul(a: tf.Tensor2D, W: tf.Tensor2D): tf.Tensor2D;
  /** SAME conv, stride 1: x [B, H, W, Cin], W [k, k, Cin, Cout] (k odd) → [B, H, W, Cout]. */
  conv2dSame(x: tf.Tensor4D, W: tf.Tensor4D): tf.Tensor4D;
}

export const TRAINABLE_OPS: LinearOps = { matMul, conv2dSame };

/**
 * Ops whose gradients flow to their inputs only. Use one per forward pass: the memo of backward forms
 * is filled during that pass's backward (inside TF.js's backward scope, which frees them at its end).
 */
export function inputGradientOps(): LinearOps {
  // Keyed by the forward's weight tensor (the same object at every step); made from the copy TF.js
  // saved for the backward (the forward's own tensor may be freed by then).
  const memo = new Map<number, tf.Tensor>();
  const backwardForm = <T extends tf.Tensor>(W: T, saved: T, make: (W: T) => T): T => {
    let v = memo.get(W.id) as T | undefined;
    if (!v) {
      v = make(saved);
      memo.set(W.id, v);
    }
    return v;
  };
  return {
    // W is not an input of the op (no gradient for it) but is saved for the backward: the forward
    // scope frees whatever the tape does not keep.
    matMul: (a, W) =>
      tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
        (args[1] as tf.GradSaveFunc)([W]);
        return {
          value: tf.matMul(args[0] as tf.Tensor2D, W),
          gradFunc: (dy: tf.Tensor, [w]: tf.Tensor[]) => tf.matMul(dy as tf.Tensor2D, backwardForm(W, w as tf.Tensor2D, (v) => tf.transpose(v))),
        };
      })(a) as tf.Tensor2D,
    conv2dSame: (x, W) => {
      if (W.shape[0] % 2 !== 1 || W.shape[1] % 2 !== 1) throw new Error(`conv2dSame needs odd kernel sizes, got ${W.shape}`);
      return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
        (args[1] as tf.GradSaveFunc)([W]);
        return {
          value: tf.conv2d(args[0] as tf.Tensor4D, W, 1, 'same'),
          gradFunc: (dy: tf.Tensor, [w]: tf.Tensor[]) => tf.conv2d(dy as tf.Tensor4D, backwardForm(W, w as tf.Tensor4D, convInputKernel), 1, 'same'),
        };
      })(x) as tf.Tensor4D;
    },
  };
}
