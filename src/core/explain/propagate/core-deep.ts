/**
 * Backward walk through the Deep core (Deep, Deep-SD, DeepV2, ConvDeep, Conv⁺Deep; thesis-code-facts.md
 * §2.2–2.5, §5.6):
 *   h_t = relu([u_t, r_{t−1}]·W_ic),  r_t = relu(h_t·W_rec),  the head reads h_T.
 * From R(h_T): input_to_cell's hidden rule over the concatenation [u_t, r_{t−1}] gives R(u_t) and
 * R(r_{t−1}); the recurrent layer (input h_{t−1}) maps R(r_{t−1}) to R(h_{t−1}); down to t = 0.
 */
import * as tf from '../../tf';
import type { StepTrace } from '../../cells/types';
import type { RuleSet } from '../rules/types';
import { denseRelevance } from '../rules/denseRelevance';
import type { CoreWeights } from './types';
import type { CoreRelevance } from './core';

type DeepStep = Extract<StepTrace['core'], { kind: 'deep' }>;

function deepCore(steps: StepTrace[], t: number): DeepStep {
  const core = steps[t].core;
  if (core.kind !== 'deep') throw new Error(`step ${t}: expected a deep core trace, got "${core.kind}"`);
  return core;
}

/**
 * @param steps the trace, T steps: core {u [N, F], rPrev [N, 256], h [N, 128], r [N, 256]}
 * @param w     inU [F, 128], inR [256, 128], rec [128, 256]
 * @param RhT   R(h_T) [N, 128]
 * @returns     inputs[t] = R(u_t) [N, F], state[t] [N]
 */
export function deepRelevance(steps: StepTrace[], w: Extract<CoreWeights, { kind: 'deep' }>, RhT: tf.Tensor2D, rules: RuleSet): CoreRelevance {
  const T = steps.length;
  const inputs: tf.Tensor2D[] = new Array(T);
  const state: tf.Tensor1D[] = new Array(T);
  let Rh = RhT;
  state[T - 1] = tf.sum(Rh, 1);
  for (let t = T - 1; t >= 0; t--) {
    const core = deepCore(steps, t);
    const [Ru, RrPrev] = denseRelevance(
      [
        { x: core.u, ...w.inU, kind: 'relu' },
        { x: core.rPrev, ...w.inR, kind: 'relu' },
      ],
      Rh,
      rules,
    );
    inputs[t] = Ru;
    if (t === 0) break; // r_{−1} = 0: R(r_{−1}) is 0 and is dropped
    state[t - 1] = tf.sum(RrPrev, 1);
    Rh = denseRelevance([{ x: deepCore(steps, t - 1).h, ...w.rec, kind: 'relu' }], RrPrev, rules)[0];
  }
  return { inputs, state };
}
