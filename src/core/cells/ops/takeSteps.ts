/**
 * Split a t-major step batch all [T·N, …] into T tensors [N, …] (step t = rows t·N … t·N + N − 1).
 *
 * tf.split / tf.unstack / tf.slice on tfjs-backend-wasm copy the *whole* input out of the wasm heap
 * for every piece (Slice reads it with readSync), so T pieces cost T full copies: slow for the
 * step batches of an explanation batch. A gather copies only its piece. Its TF.js gradient needs
 * UnsortedSegmentSum, which wasm lacks, so the gradient is given here: the piece's gradient padded
 * with zeros to the full batch (what Slice's gradient does).
 */
import * as tf from '../../tf';

function take(all: tf.Tensor, T: number, t: number): tf.Tensor {
  const [rows, ...rest] = all.shape;
  const n = rows / T;
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x = args[0] as tf.Tensor;
    const flat = tf.reshape(x, [T, n * rest.reduce((a, b) => a * b, 1)]);
    return {
      value: tf.reshape(tf.gather(flat, [t]), [n, ...rest]),
      gradFunc: (dy: tf.Tensor) => {
        const pad: [number, number][] = [[t * n, (T - 1 - t) * n], ...rest.map((): [number, number] => [0, 0])];
        return tf.pad(dy, pad);
      },
    };
  });
  return f(all);
}

/** T tensors [N, …] from all [T·N, …]. */
export function takeSteps<R extends tf.Tensor>(all: R, T: number): R[] {
  if (T === 1) return [all];
  return Array.from({ length: T }, (_, t) => take(all, T, t) as R);
}
