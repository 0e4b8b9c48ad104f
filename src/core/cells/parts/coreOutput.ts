import type * as tf from '../../tf';
import type { CoreStep } from '../types';

/** What a recurrent core hands on: the vector the head reads, and the per-step trace. */
export interface CoreOutput {
  /** The last step's output as the head consumes it [N, ·] (after the core's own dropout, R-LSTM). */
  hT: tf.Tensor2D;
  /** Per-step core trace (only when tracing). */
  steps: CoreStep[];
}
