/**
 * Split a t-major step batch all [T·N, …] into T tensors [N, …] (step t = rows t·N … t·N + N − 1).
 *
 * One tf.slice per step (contiguous rows; its gradient is TF.js's: the piece padded with zeros). On
 * tfjs-backend-wasm this relies on the view-based Slice kernel of src/core/kernels/wasm-kernels.ts: the
 * stock kernel copies the whole input out of the wasm heap for every piece, and tf.split / tf.unstack
 * call that stock code directly, so they stay slow there. On the other backends tf.split is used: the
 * same pieces, and its gradient is one Concat instead of T padded copies and T − 1 Adds, which
 * matters on WebGPU, where every kernel is a dispatch (kernels/backend-traits.ts).
 */
import * as tf from '../../tf';
import { splitIsFast } from '../../kernels/backend-traits';

/** T tensors [N, …] from all [T·N, …]. */
export function takeSteps<R extends tf.Tensor>(all: R, T: number): R[] {
  if (T === 1) return [all];
  if (splitIsFast()) return tf.split(all, T, 0) as R[];
  const [rows, ...rest] = all.shape;
  const n = rows / T;
  return Array.from({ length: T }, (_, t) => tf.slice(all, [t * n, ...rest.map(() => 0)], [n, ...rest]) as R);
}

/** The column blocks [0, w), [w, 2w), … of x [N, k·w] (k blocks; tf.split's job, with the fast slice). */
export function splitColumns<R extends tf.Tensor2D>(x: R, k: number): R[] {
  if (splitIsFast()) return tf.split(x, k, 1) as R[];
  const [n, cols] = x.shape;
  const w = cols / k;
  return Array.from({ length: k }, (_, i) => tf.slice(x, [0, i * w], [n, w]) as R);
}
