/**
 * The optimiser of the thesis code: Adam with TF1's defaults (thesis-code-facts.md §4.1), learning
 * rate 2e-4. ε is passed explicitly: `tf.train.adam` otherwise falls back to the backend's epsilon
 * (1e-7 on most backends), not TF1's 1e-8.
 *
 * TF.js's update (per step t, gradient g):  m ← β1 m + (1−β1) g;  v ← β2 v + (1−β2) g²;
 *   w ← w − lr · (m / (1−β1^t)) / (√(v / (1−β2^t)) + ε).
 * TF1 folds the bias corrections into the step size (ε then sits beside the uncorrected √v); the two
 * differ only through where ε enters, which is negligible unless √v ≈ ε.
 */
import * as tf from '../tf';

export const ADAM_DEFAULTS = { lr: 2e-4, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } as const;

export interface AdamSettings {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** Adam with the thesis's settings; any field may be overridden. The caller disposes it. */
export function createAdam(settings: Partial<AdamSettings> = {}): tf.AdamOptimizer {
  const s = { ...ADAM_DEFAULTS, ...settings };
  return tf.train.adam(s.lr, s.beta1, s.beta2, s.epsilon);
}

/** The settings an Adam optimizer runs with (read back from the optimizer itself). */
export function adamSettings(opt: tf.AdamOptimizer): AdamSettings {
  const c = opt.getConfig();
  return { lr: Number(c.learningRate), beta1: Number(c.beta1), beta2: Number(c.beta2), epsilon: Number(c.epsilon) };
}
