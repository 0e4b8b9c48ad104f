/** What the backward walk through an encoder hands on. */
import type { Tensor1D, Tensor3D } from '../../tf';

export interface EncoderRelevance {
  /** Pixel relevance per step, [T, N, 28·c] (each step's 28×c slice row-major, thesis-code-facts.md §1.1). */
  pixels: Tensor3D;
  /**
   * Conv⁺ only: per step t, Σ of the relevance the literal connections of step t+1 hand to a1_t and a2_t,
   * [N] each (zeros at t = T−1). Added to the core's state relevance, so that for a conservative rule
   * state[t] = Σ_{s ≤ t} perStep[s] holds for every cell.
   */
  literal?: Tensor1D[];
}
