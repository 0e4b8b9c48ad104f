/**
 * The thesis's pooling (thesis-code-facts.md §1.3): 2 × TF `avg_pool` (window 2×2, stride 2, SAME).
 *
 *   interior window: ½ · (sum of its 4 inputs)
 *   edge window (odd H or W): TF's SAME avg-pool divides by the number of *valid* entries v only,
 *   so the output is 2 · sum / v: the plain sum of 2 valid entries, twice a lone corner entry.
 *
 * Written out as: zero-pad to even size, sum each 2×2 window (avgPool 'valid' × 4, an XNNPACK
 * kernel on wasm), multiply by the constant map 2/v. TF.js's own `avgPool(…, 'same')` gives the
 * same forward values (checked in ops.test.ts), but its gradient divides by 4 at the edges too
 * (cpu AvgPoolGrad), and in this tfjs-core build the AvgPool gradient fails outright. So the
 * gradient is given here: ∂x = (dy ⊙ 2/v) spread to the window's entries (padding dropped).
 *
 * x [B, H, W, C] → [B, ceil(H/2), ceil(W/2), C].
 */
import * as tf from '../../tf';

/** The constant per-window factor 2 / v (v = valid entries) as an [Ho, Wo] row-major array. */
export function poolScale(H: number, W: number): Float32Array {
  const Ho = Math.ceil(H / 2);
  const Wo = Math.ceil(W / 2);
  const s = new Float32Array(Ho * Wo);
  for (let i = 0; i < Ho; i++) {
    const vr = Math.min(2, H - 2 * i);
    for (let j = 0; j < Wo; j++) s[i * Wo + j] = 2 / (vr * Math.min(2, W - 2 * j));
  }
  return s;
}

/** Per-window factor 4 · 2/v: window sum · 2/v = window mean · factor. A scalar 2 when H, W are even. */
function meanFactor(H: number, W: number): tf.Tensor {
  if (H % 2 === 0 && W % 2 === 0) return tf.scalar(2);
  return tf.mul(tf.tensor3d(poolScale(H, W), [Math.ceil(H / 2), Math.ceil(W / 2), 1]), 4);
}

const pool = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const x = args[0] as tf.Tensor4D;
  const [, H, W] = x.shape;
  const even = H % 2 === 0 && W % 2 === 0;
  const xe = even ? x : tf.pad(x, [[0, 0], [0, H % 2], [0, W % 2], [0, 0]]);
  return {
    value: tf.mul(tf.avgPool(xe, 2, 2, 'valid'), meanFactor(H, W)) as tf.Tensor4D,
    // Each input gets its window's dy · 2/v. Nearest-neighbour resizing Ho×Wo → H×W reads output
    // (i, j) from (⌊i·Ho/H⌋, ⌊j·Wo/W⌋) = (⌊i/2⌋, ⌊j/2⌋), for odd sizes too: spread and crop in one op.
    gradFunc: (dy: tf.Tensor4D) => tf.image.resizeNearestNeighbor(tf.mul(dy, tf.div(meanFactor(H, W), 4)) as tf.Tensor4D, [H, W]),
  };
});

/** Pooling of §1.3: x [B, H, W, C] → [B, ceil(H/2), ceil(W/2), C]. */
export function pool2x2(x: tf.Tensor4D): tf.Tensor4D {
  return pool(x) as tf.Tensor4D;
}
