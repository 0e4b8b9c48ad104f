/**
 * Where the fastest way to write the same op differs between TF.js backends. The core never chooses a
 * backend; it only reads which one is active (the worker, the CLI or a test chose it), and both forms
 * give the same values, so the replica and parity tests hold for either.
 *
 *  - wasm: BatchMatMul with transposeA/transposeB runs on a slow generic loop instead of XNNPACK, so
 *    gradients use an explicit Transpose and a plain matmul; tf.split / tf.unstack call the stock Slice
 *    code, which copies the whole input per piece, so steps are cut with tf.slice (our view kernel).
 *  - webgpu, webgl, cpu: a transposed operand is free (the shader reads it transposed), and every
 *    kernel is a dispatch, so fewer kernels win: transpose flags instead of Transpose kernels, and
 *    tf.split, whose gradient is one Concat instead of a padded copy and an Add per step; and the
 *    optimiser updates all weights in one pass over their concatenation (train/adam.ts).
 */
import * as tf from '../tf';

/** True where matMul(a, b, transposeA, transposeB) costs no more than a plain matMul (all but wasm). */
export function transposeFlagsAreFree(): boolean {
  return tf.getBackend() !== 'wasm';
}

/** True where tf.split is the better way to cut a tensor into pieces (all but wasm). */
export function splitIsFast(): boolean {
  return tf.getBackend() !== 'wasm';
}

/** True where one optimiser update over all weights concatenated beats one update per weight. */
export function groupedUpdatesPay(): boolean {
  return tf.getBackend() !== 'wasm';
}
