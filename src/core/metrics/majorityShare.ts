/**
 * Percentage of relevance in the data region (facts §7.2): Σ_k m_k v_k.
 * @param v [K] block shares, @param m [K] mask
 */
export function majorityShare(v: ArrayLike<number>, m: ArrayLike<number>): number {
  return adjustedMajorityShare(v, m, Infinity);
}

/**
 * Adjusted percentage (facts §7.2, `s16-update.ipynb`): Σ_k min(m_k v_k, τ), each term capped at τ = 0.8,
 * so a model that puts everything on one of the two majority blocks does not score 1.
 * @param v [K] block shares, @param m [K] mask, @param tau cap (default 0.8)
 */
export function adjustedMajorityShare(v: ArrayLike<number>, m: ArrayLike<number>, tau = 0.8): number {
  if (v.length !== m.length) throw new Error(`majority share: v has ${v.length} entries, m has ${m.length}`);
  let s = 0;
  for (let k = 0; k < v.length; k++) s += Math.min(m[k] * v[k], tau);
  return s;
}
