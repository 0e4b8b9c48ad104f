/**
 * Float64 replica of poolRelevance (facts §1.3, §5.4): windows 2×2, stride 2, SAME (bottom/right padding
 * on odd sizes); window w with n_w valid entries outputs pool_w = (2/n_w)·Σ x and
 * R_i = x_i · (2/n_w) · R_w / (pool_w + s), a/0 := 0. Test-only.
 */
export function refPoolRelevance(
  x: Float64Array, R: Float64Array, N: number, H: number, W: number, C: number, s: number,
): Float64Array {
  const Ho = Math.ceil(H / 2);
  const Wo = Math.ceil(W / 2);
  const out = new Float64Array(N * H * W * C);
  const at = (n: number, y: number, xx: number, c: number): number => ((n * H + y) * W + xx) * C + c;
  for (let n = 0; n < N; n++) {
    for (let oy = 0; oy < Ho; oy++) {
      for (let ox = 0; ox < Wo; ox++) {
        for (let c = 0; c < C; c++) {
          const cells: number[] = [];
          for (let dy = 0; dy < 2; dy++) {
            for (let dx = 0; dx < 2; dx++) {
              const y = 2 * oy + dy;
              const xx = 2 * ox + dx;
              if (y < H && xx < W) cells.push(at(n, y, xx, c));
            }
          }
          let sum = 0;
          for (const k of cells) sum += x[k];
          const factor = 2 / cells.length;
          const den = factor * sum + s;
          const Rw = R[((n * Ho + oy) * Wo + ox) * C + c];
          for (const k of cells) out[k] = den === 0 ? 0 : (x[k] * factor * Rw) / den;
        }
      }
    }
  }
  return out;
}

/** The thesis pooling itself, 2 × (mean over the valid entries of each window), for checking TF.js. */
export function refPool(x: Float64Array, N: number, H: number, W: number, C: number): Float64Array {
  const Ho = Math.ceil(H / 2);
  const Wo = Math.ceil(W / 2);
  const out = new Float64Array(N * Ho * Wo * C);
  for (let n = 0; n < N; n++) {
    for (let oy = 0; oy < Ho; oy++) {
      for (let ox = 0; ox < Wo; ox++) {
        for (let c = 0; c < C; c++) {
          let sum = 0;
          let count = 0;
          for (let y = 2 * oy; y < Math.min(H, 2 * oy + 2); y++) {
            for (let xx = 2 * ox; xx < Math.min(W, 2 * ox + 2); xx++) {
              sum += x[((n * H + y) * W + xx) * C + c];
              count++;
            }
          }
          out[((n * Ho + oy) * Wo + ox) * C + c] = (2 * sum) / count;
        }
      }
    }
  }
  return out;
}
