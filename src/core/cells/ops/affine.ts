/**
 * Affine maps under the bias convention of thesis-code-facts.md §1.2.
 *
 *   'zero':     z = a·W              (the thesis code's effective behaviour: the bias is frozen at 0)
 *   'softplus': z = a·W − softplus(b) (the thesis text's trainable non-positive bias)
 */
import * as tf from '../../tf';
import type { BiasMode } from '../types';
import { matMul } from './matMul';

/** Add the effective neuron bias to z [..., J]; b [J]. */
export function withBias<T extends tf.Tensor>(z: T, b: tf.Tensor, bias: BiasMode): T {
  return bias === 'zero' ? z : (tf.sub(z, tf.softplus(b)) as T);
}

/** a [N, I] · W [I, J] with the effective neuron bias b [J] → [N, J]; `mm` is the matmul (./linearOps.ts). */
export function affine(a: tf.Tensor2D, W: tf.Tensor2D, b: tf.Tensor, bias: BiasMode, mm: (a: tf.Tensor2D, W: tf.Tensor2D) => tf.Tensor2D = matMul): tf.Tensor2D {
  return withBias(mm(a, W), b, bias);
}

/** Rows [start, start + count) of a matrix (a block of a concatenated input's weight). */
export function rows(W: tf.Tensor2D, start: number, count: number): tf.Tensor2D {
  return tf.slice(W, [start, 0], [count, W.shape[1]]);
}
