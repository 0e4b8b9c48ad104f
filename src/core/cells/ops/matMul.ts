/**
 * a [n, k] · b [k, m] → [n, m], with its gradients written with explicit transposes:
 *
 *   ∂a = dy · bᵀ,   ∂b = aᵀ · dy
 *
 * TF.js's own MatMul gradient asks for matMul(…, transposeA/transposeB = true); tfjs-backend-wasm
 * runs those on a slow generic loop instead of XNNPACK (5–8× slower here), and the backward pass of
 * a training step is mostly such matmuls. A transpose kernel plus a plain matmul is much faster on
 * wasm. Elsewhere (webgpu, webgl, cpu) the transposed operand is free and a Transpose kernel is one
 * more dispatch, so the flags are used there (kernels/backend-traits.ts).
 */
import * as tf from '../../tf';
import { transposeFlagsAreFree } from '../../kernels/backend-traits';

const mm = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [a, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: tf.matMul(a, b) as tf.Tensor2D,
    gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
      const [sa, sb] = saved as [tf.Tensor2D, tf.Tensor2D];
      if (transposeFlagsAreFree()) return [tf.matMul(dy, sb, false, true), tf.matMul(sa, dy, true, false)];
      return [tf.matMul(dy, tf.transpose(sb)), tf.matMul(tf.transpose(sa), dy)];
    },
  };
});

/** a [n, k] · b [k, m] → [n, m] (fast gradients on every backend). */
export function matMul(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return mm(a, b) as tf.Tensor2D;
}
