import * as tf from '../../tf';
import { divideOrZero } from './divideOrZero';

/**
 * Relevance through the thesis pooling, pool(x) = 2 × avgPool(x, 2×2, stride 2, SAME) (facts §1.3, §5.4
 * `PoolingLayer.rel_prop`): each window w (its n_w ∈ {1, 2, 4} valid entries at odd right/bottom edges)
 * outputs pool_w = (2/n_w)·S_w with S_w = Σ_{k∈w} x_k, and
 *   R_i = x_i · (2/n_w) · R_w / (pool_w + s)  =  x_i R_w / (S_w + s·n_w/2),
 * the thesis's gradient-trick formula, i.e. the proportional split R_i = x_i/S_w · R_w whatever the ×2 or
 * the edge divisor; with s = 0 it is exact and a/0 := 0 (§11.1). Windows do not overlap, so S_w is
 * a reshape-sum of the zero-padded x and R_w is upsampled by repetition (no pooling gradient kernel,
 * whose edge divisor need not match the forward's).
 *
 * @param x [N, H, W, C] the pooling layer's input (ReLU activations ≥ 0)
 * @param R [N, ceil(H/2), ceil(W/2), C] relevance of the pooled outputs
 * @param s stabiliser added to pool_w (thesis 1e-9), ≥ 0
 * @returns [N, H, W, C] relevance of x (a new tensor)
 */
export function poolRelevance(x: tf.Tensor4D, R: tf.Tensor4D, s: number): tf.Tensor4D {
  const [N, H, W, C] = x.shape;
  const Ho = Math.ceil(H / 2);
  const Wo = Math.ceil(W / 2);
  if (R.rank !== 4 || R.shape[0] !== N || R.shape[1] !== Ho || R.shape[2] !== Wo || R.shape[3] !== C) {
    throw new Error(`poolRelevance: R must be [${N}, ${Ho}, ${Wo}, ${C}] for x [${x.shape}] (got [${R.shape}])`);
  }
  if (!Number.isFinite(s) || s < 0) throw new Error(`poolRelevance: stabilizer must be finite and ≥ 0 (got ${s})`);
  return tf.tidy(() => {
    const padded = tf.pad(x, [[0, 0], [0, 2 * Ho - H], [0, 2 * Wo - W], [0, 0]]);
    const S = padded.reshape([N * Ho, 2, Wo, 2, C]).sum([1, 3]).reshape([N, Ho, Wo, C]);
    const factor = tf.tensor4d(poolFactors(H, W), [1, Ho, Wo, 1]); // 2 / n_w
    const g = divideOrZero(R.mul(factor), S.mul(factor).add(s));
    // Repeat each window's value over its (valid) inputs with a nearest-neighbour resize to [H, W]:
    // its source index floor(i·Ho/H) equals the window floor(i/2) for Ho = ceil(H/2) (odd H = 2m + 1:
    // i·(m+1)/(2m+1) = i/2 + i/(2(2m+1)) never reaches the next integer), so no crop is needed.
    // tfjs-backend-wasm's Tile of a 5-D view and the crop's Slice were several times slower.
    const up = tf.image.resizeNearestNeighbor(g as tf.Tensor4D, [H, W]);
    return x.mul(up) as tf.Tensor4D;
  });
}

/** 2 / n_w for every window of a 2×2/2 SAME pooling of an H × W map, row-major [ceil(H/2)·ceil(W/2)]. */
function poolFactors(H: number, W: number): Float32Array {
  const Ho = Math.ceil(H / 2);
  const Wo = Math.ceil(W / 2);
  const out = new Float32Array(Ho * Wo);
  for (let i = 0; i < Ho; i++) {
    for (let j = 0; j < Wo; j++) {
      out[i * Wo + j] = 2 / (Math.min(2, H - 2 * i) * Math.min(2, W - 2 * j));
    }
  }
  return out;
}
