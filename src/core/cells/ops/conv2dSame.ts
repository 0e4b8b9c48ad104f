/**
 * 2-D convolution, stride 1, zero SAME padding, NHWC (thesis-code-facts.md §1.4), with gradients
 * that every TF.js backend computes with fast forward-conv kernels.
 *
 *   y[b, i, j, o] = Σ_{di, dj, ci} x[b, i + di − p_h, j + dj − p_w, ci] · W[di, dj, ci, o],  p = (k − 1)/2
 *
 * The forward is `tf.conv2d`. The gradients are written as forward convolutions, because
 * tfjs-backend-wasm has no Conv2DBackpropFilter kernel (a conv cell could not train on wasm) and
 * its Conv2DBackpropInput is far slower than its (XNNPACK) Conv2D:
 *   ∂x = conv_same(dy, W̃),  W̃[di, dj, o, ci] = W[k−1−di, k−1−dj, ci, o]   (the kernel flipped, channels swapped)
 *   ∂W[di, dj, ci, o] = Σ_{b,i,j} x_pad[b, i+di, j+dj, ci] · dy[b, i, j, o]
 *        = a 'valid' conv of x_pad viewed as [Cin, H+2p, W+2p, B] with dy viewed as the kernel [H, W, B, Cout]
 *
 * x [B, H, W, Cin], W [k, k, Cin, Cout] with k odd → [B, H, W, Cout].
 */
import * as tf from '../../tf';

/** ∂W of the SAME conv: x [B, H, W, Cin], dy [B, H, W, Cout] → [kh, kw, Cin, Cout]. */
export function convFilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, kh: number, kw: number): tf.Tensor4D {
  const ph = (kh - 1) / 2;
  const pw = (kw - 1) / 2;
  const xp = tf.pad(x, [[0, 0], [ph, ph], [pw, pw], [0, 0]]);
  const xc = tf.transpose(xp, [3, 1, 2, 0]) as tf.Tensor4D; // [Cin, H+2p, W+2p, B]
  const k = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D; // [H, W, B, Cout]
  const g = tf.conv2d(xc, k, 1, 'valid'); // [Cin, kh, kw, Cout]
  return tf.transpose(g, [1, 2, 0, 3]) as tf.Tensor4D;
}

/** The kernel of ∂x: W [k, k, Cin, Cout] flipped and channels swapped → [k, k, Cout, Cin]. */
export function convInputKernel(w: tf.Tensor4D): tf.Tensor4D {
  return tf.transpose(tf.reverse(w, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
}

/** ∂x of the SAME conv: dy [B, H, W, Cout], W [k, k, Cin, Cout] → [B, H, W, Cin]. */
export function convInputGrad(dy: tf.Tensor4D, w: tf.Tensor4D): tf.Tensor4D {
  return tf.conv2d(dy, convInputKernel(w), 1, 'same');
}

const convWithGrad = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x4, w4, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
  save([x4, w4]);
  return {
    value: tf.conv2d(x4, w4, 1, 'same'),
    gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
      const [xs, ws] = saved as [tf.Tensor4D, tf.Tensor4D];
      return [convInputGrad(dy, ws), convFilterGrad(xs, dy, ws.shape[0], ws.shape[1])];
    },
  };
});

/** SAME conv, stride 1: x [B, H, W, Cin], w [k, k, Cin, Cout] (k odd) → [B, H, W, Cout]. */
export function conv2dSame(x: tf.Tensor4D, w: tf.Tensor4D): tf.Tensor4D {
  if (w.shape[0] % 2 !== 1 || w.shape[1] % 2 !== 1) throw new Error(`conv2dSame needs odd kernel sizes, got ${w.shape}`);
  return convWithGrad(x, w) as tf.Tensor4D;
}
