/**
 * Backward walk through the Shallow core (thesis-code-facts.md §2.1, §5.6):
 *   h_t = relu([x_t, r_{t−1}]·W_in),  r_t = relu(h_t·W_rec),  the head reads h_T.
 * From R(h_T): the mixed [pixels, state] rule (one shared denominator, §5.4) on the input layer gives
 * R(x_t) and R(r_{t−1}); the recurrent layer maps R(r_{t−1}) to R(h_{t−1}); and so on down to t = 0,
 * where r_{−1} = 0 takes no relevance (the zero block stays in the rule, so that every step applies the
 * same mixed rule).
 */
import * as tf from '../../tf';
import type { StepTrace } from '../../cells/types';
import type { RuleSet } from '../rules/types';
import { denseRelevance } from '../rules/denseRelevance';
import type { CoreWeights } from './types';
import type { CoreRelevance } from './core';

/**
 * @param steps the trace, T steps: x [N, d], core {rPrev [N, 256], h [N, 256], r [N, 256]}
 * @param w     inX [d, 256], inR [256, 256], rec [256, 256]
 * @param RhT   R(h_T) [N, 256]
 * @returns     inputs[t] = R(x_t) [N, d] (pixels), state[t] [N]
 */
export function shallowRelevance(steps: StepTrace[], w: Extract<CoreWeights, { kind: 'shallow' }>, RhT: tf.Tensor2D, rules: RuleSet): CoreRelevance {
  const T = steps.length;
  const inputs: tf.Tensor2D[] = new Array(T);
  const state: tf.Tensor1D[] = new Array(T);
  let Rh = RhT;
  state[T - 1] = tf.sum(Rh, 1);
  for (let t = T - 1; t >= 0; t--) {
    const core = steps[t].core;
    if (core.kind !== 'shallow') throw new Error(`step ${t}: expected a shallow core trace, got "${core.kind}"`);
    const [Rx, RrPrev] = denseRelevance(
      [
        { x: steps[t].x, ...w.inX, kind: 'pixel' },
        { x: core.rPrev, ...w.inR, kind: 'relu' },
      ],
      Rh,
      rules,
    );
    inputs[t] = Rx;
    if (t === 0) break; // r_{−1} = 0: R(r_{−1}) is 0 and is dropped
    state[t - 1] = tf.sum(RrPrev, 1);
    const prev = steps[t - 1].core as Extract<StepTrace['core'], { kind: 'shallow' }>;
    Rh = denseRelevance([{ x: prev.h, ...w.rec, kind: 'relu' }], RrPrev, rules)[0];
  }
  return { inputs, state };
}
