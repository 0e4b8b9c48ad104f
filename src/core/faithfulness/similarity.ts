/**
 * How similar two heatmaps are, for the randomisation sanity check (Adebayo et al. 2018, §3):
 * Spearman's rank correlation of the pixel values, and the structural similarity index (SSIM, Wang,
 * Bovik, Sheikh, Simoncelli 2004) of the maps normalised by their own largest |value|.
 */

/** Ranks 1…n of the values, ties sharing their mean rank. */
export function ranks(v: ArrayLike<number>): Float64Array {
  const n = v.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => v[a] - v[b]);
  const r = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && v[idx[j + 1]] === v[idx[i]]) j++;
    const mean = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[idx[k]] = mean;
    i = j + 1;
  }
  return r;
}

/** Pearson correlation; 0 when either side is constant. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (b.length !== n) throw new Error(`lengths differ: ${n} and ${b.length}`);
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/** Spearman's rank correlation (Pearson on the tie-averaged ranks). */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return pearson(ranks(a), ranks(b));
}

/**
 * Mean SSIM of two H × W maps over all `win` × `win` windows (uniform weights, as scikit-image's
 * default `structural_similarity` with win_size 7), each map first divided by its own max |value|
 * (so both lie in [−1, 1], data range L = 2, C1 = (0.01 L)², C2 = (0.03 L)²). 1 for identical maps.
 */
export function ssim(a: ArrayLike<number>, b: ArrayLike<number>, height: number, width: number, win = 7): number {
  if (a.length !== height * width || b.length !== height * width) throw new Error(`maps must be ${height} × ${width}`);
  const norm = (v: ArrayLike<number>) => {
    let m = 0;
    for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]));
    return Float64Array.from(v as ArrayLike<number>, (x) => (m > 0 ? x / m : 0));
  };
  const x = norm(a);
  const y = norm(b);
  const L = 2;
  const c1 = (0.01 * L) ** 2;
  const c2 = (0.03 * L) ** 2;
  const np = win * win;
  const cov = np / (np - 1); // sample covariance, as scikit-image
  let total = 0;
  let count = 0;
  for (let r = 0; r + win <= height; r++) {
    for (let c = 0; c + win <= width; c++) {
      let sx = 0;
      let sy = 0;
      let sxx = 0;
      let syy = 0;
      let sxy = 0;
      for (let i = r; i < r + win; i++) {
        for (let j = c; j < c + win; j++) {
          const u = x[i * width + j];
          const v = y[i * width + j];
          sx += u;
          sy += v;
          sxx += u * u;
          syy += v * v;
          sxy += u * v;
        }
      }
      const mx = sx / np;
      const my = sy / np;
      const vx = (sxx / np - mx * mx) * cov;
      const vy = (syy / np - my * my) * cov;
      const vxy = (sxy / np - mx * my) * cov;
      total += ((2 * mx * my + c1) * (2 * vxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
      count++;
    }
  }
  return total / count;
}
