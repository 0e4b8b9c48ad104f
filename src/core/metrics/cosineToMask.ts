/**
 * Cosine similarity between block shares v and the data mask m (facts §7.3, the thesis metric):
 *   cos(m, v) = (m·v) / (‖m‖ ‖v‖),  and 0 when ‖m‖‖v‖ = 0 (empty heatmap or empty mask).
 * @param v [K] relevance shares (e.g. blockShares), @param m [K] mask (1 on the data blocks)
 */
export function cosineToMask(v: ArrayLike<number>, m: ArrayLike<number>): number {
  if (v.length !== m.length) throw new Error(`cosineToMask: v has ${v.length} entries, m has ${m.length}`);
  let dot = 0;
  let vv = 0;
  let mm = 0;
  for (let k = 0; k < v.length; k++) {
    dot += m[k] * v[k];
    vv += v[k] * v[k];
    mm += m[k] * m[k];
  }
  const norms = Math.sqrt(vv) * Math.sqrt(mm);
  return norms === 0 ? 0 : dot / norms;
}
