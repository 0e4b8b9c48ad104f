/** What the backward walk through a recurrent core hands on. */
import type { Tensor1D, Tensor2D } from '../../tf';

export interface CoreRelevance {
  /**
   * Per step t = 0…T−1, the relevance of the core's input from the encoder: R(u_t) [N, F];
   * for Shallow (no encoder) the pixel relevance R(x_t) [N, 28·c].
   */
  inputs: Tensor2D[];
  /**
   * Per step t, Σ over units of the relevance that flows from the later steps and the head into steps
   * 0…t through the state step t hands on, [N] each: R(r_t) for Shallow / Deep (R(h_T) at t = T−1, as
   * the head reads h_T), R(c_t) = p_{t+1}·R(c_{t+1}) + R(h_t) for the R-LSTM (R(h_T) at t = T−1).
   */
  state: Tensor1D[];
}
