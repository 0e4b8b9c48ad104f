/**
 * Conservation figures of an explanation (facts §5.5, §5.7, §8): the relevance starts as relu(y_c), the
 * true-class logit if positive, and a conservative method's pixel relevances sum back to it.
 */

/** |Σ R − relu(y_c)|: the thesis tests require ≤ 1e-2 per sample (absolute, §8). */
export function conservationError(sumR: number, logit: number): number {
  return Math.abs(sumR - Math.max(0, logit));
}

/** |Σ R − relu(y_c)| / max(1, |y_c|): the same error relative to the logit's size (absolute below |y_c| = 1). */
export function relativeConservationError(sumR: number, logit: number): number {
  return conservationError(sumR, logit) / Math.max(1, Math.abs(logit));
}
