import * as tf from '../../tf';
import { divideOrZero } from './divideOrZero';

/**
 * The R-LSTM cell split (facts §5.6, §11.6): c_t = i_t⊙g_t + f_t⊙c_{t−1}, and the relevance R(c_t) is shared
 * in proportion to the forget-path summand:
 *   p = (f ⊙ c_{t−1}) / (c_t + s),  toPrev = p ⊙ R(c_t),  toCandidate = (1 − p) ⊙ R(c_t),
 * with a/0 := 0 (so with s = 0, c_t = 0 sends everything to the candidate path). toCandidate is computed
 * as R(c_t) − toPrev, so toPrev + toCandidate = R(c_t) up to one rounding: the split conserves.
 * The gates are constants for LRP; no relevance enters them.
 *
 * @param f     [N, R] forget gate f_t
 * @param cPrev [N, R] c_{t−1} (zeros at t = 1)
 * @param c     [N, R] c_t
 * @param Rc    [N, R] relevance of c_t
 * @param s     the thesis's 1e-10 (RuleSet.lstmStabilizer), ≥ 0
 * @returns { toPrev: relevance for c_{t−1}, toCandidate: relevance for i⊙g, hence g_t } (new tensors)
 */
export function lstmSplit(
  f: tf.Tensor2D,
  cPrev: tf.Tensor2D,
  c: tf.Tensor2D,
  Rc: tf.Tensor2D,
  s: number,
): { toPrev: tf.Tensor2D; toCandidate: tf.Tensor2D } {
  for (const [name, t] of [['f', f], ['cPrev', cPrev], ['c', c]] as const) {
    if (!sameShape(t.shape, Rc.shape)) {
      throw new Error(`lstmSplit: ${name} [${t.shape}] must have the shape of Rc [${Rc.shape}]`);
    }
  }
  if (!Number.isFinite(s) || s < 0) throw new Error(`lstmSplit: stabilizer must be finite and ≥ 0 (got ${s})`);
  return tf.tidy(() => {
    const p = divideOrZero(f.mul(cPrev) as tf.Tensor2D, c.add(s));
    const toPrev = p.mul(Rc) as tf.Tensor2D;
    return { toPrev, toCandidate: Rc.sub(toPrev) as tf.Tensor2D };
  });
}

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
