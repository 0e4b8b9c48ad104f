/**
 * Float64 replica of lstmSplit (facts §5.6, §11.6): p = f·c_{t−1} / (c_t + s) (0 when the denominator
 * is 0), toPrev = p·R, toCandidate = (1 − p)·R, element by element. Test-only.
 */
export function refLstmSplit(
  f: Float64Array, cPrev: Float64Array, c: Float64Array, Rc: Float64Array, s: number,
): { toPrev: Float64Array; toCandidate: Float64Array } {
  const toPrev = new Float64Array(Rc.length);
  const toCandidate = new Float64Array(Rc.length);
  for (let k = 0; k < Rc.length; k++) {
    const den = c[k] + s;
    const p = den === 0 ? 0 : (f[k] * cPrev[k]) / den;
    toPrev[k] = p * Rc[k];
    toCandidate[k] = (1 - p) * Rc[k];
  }
  return { toPrev, toCandidate };
}
