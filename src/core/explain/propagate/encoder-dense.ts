/**
 * Backward walk through a dense encoder (Deep, Deep-SD: u = relu(x·W_1); DeepV2: u1 = relu(x·W_1),
 * u = relu(u1·W_2); R-LSTM(-SD): u = relu(x·W_1)); thesis-code-facts.md §5.6. The hidden rule maps
 * R(u2) to R(u1), the pixel rule (z^β by default) maps R(u1) to the pixels. No step depends on another,
 * so all T steps go through as one batch of T·N rows (one matmul per layer instead of T).
 */
import * as tf from '../../tf';
import type { StepTrace, Trace } from '../../cells/types';
import type { RuleSet } from '../rules/types';
import { denseRelevance } from '../rules/denseRelevance';
import type { EncoderWeights } from './types';
import type { EncoderRelevance } from './encoder';

/**
 * @param steps  the trace, T steps: x [N, d], enc {acts: [u1 [N, F1]] or [u1, u2 [N, F2]]}
 * @param w      layers: [W_1 [d, F1]] or [W_1, W_2 [F1, F2]]
 * @param inputs R(u_t) per step, [N, F] each (F = the last layer's width)
 * @param batched the trace's batched encoder values when the forward kept them (Trace.denseEncoder)
 * @returns      pixels [T, N, d]
 */
export function denseEncoderRelevance(
  steps: StepTrace[],
  w: Extract<EncoderWeights, { kind: 'dense' }>,
  inputs: tf.Tensor2D[],
  rules: RuleSet,
  batched?: Trace['denseEncoder'],
): EncoderRelevance {
  const T = steps.length;
  const [N, d] = steps[0].x.shape;
  const acts = steps.map((s, t) => {
    if (s.enc.kind !== 'dense') throw new Error(`step ${t}: expected a dense encoder trace, got "${s.enc.kind}"`);
    return s.enc.acts;
  });
  const L = w.layers.length;
  let R = tf.concat(inputs, 0); // [T·N, F]
  for (let k = L - 1; k >= 1; k--) {
    const a = batched?.acts[k - 1] ?? tf.concat(acts.map((s) => s[k - 1]), 0); // [T·N, F_k]
    R = denseRelevance([{ x: a, ...w.layers[k], kind: 'relu' }], R, rules)[0];
  }
  const X = batched?.x ?? tf.concat(steps.map((s) => s.x), 0); // [T·N, d]
  const Rx = denseRelevance([{ x: X, ...w.layers[0], kind: 'pixel', xW: batched?.xW1 }], R, rules)[0];
  return { pixels: tf.reshape(Rx, [T, N, d]) };
}
