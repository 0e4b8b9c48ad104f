/**
 * Backward walk through the R-LSTM core (R-LSTM, R-LSTM-SD, ConvR-LSTM(-SD), Conv⁺R-LSTM(-SD);
 * thesis-code-facts.md §2.6, §5.6):
 *   g_t = relu([u_t, h_{t−1}]·W_g),  c_t = i_t⊙g_t + f_t⊙c_{t−1},  h_t = o_t⊙c_t.
 * The gates are constants: all of R(h_t) goes to c_t. The cell split of §5.6 (lstmSplit) sends
 * p_t·R(c_t) to c_{t−1} and (1 − p_t)·R(c_t) to g_t, p_t = f_t⊙c_{t−1}/(c_t + s). The candidate layer's
 * hidden rule over [u_t, h_{t−1}] gives R(u_t) and R(h_{t−1}), which is added to c_{t−1}'s share:
 * R(c_{t−1}) = p_t·R(c_t) + R(h_{t−1}). No relevance enters the gate weights. At t = 0, c_{−1} = 0.
 */
import * as tf from '../../tf';
import type { StepTrace } from '../../cells/types';
import type { RuleSet } from '../rules/types';
import { denseRelevance } from '../rules/denseRelevance';
import { lstmSplit } from '../rules/lstmSplit';
import type { CoreWeights } from './types';
import type { CoreRelevance } from './core';

/**
 * @param steps the trace, T steps: core {u [N, F], hPrev, cPrev, f, g, c, h: [N, R]}
 * @param w     gU [F, R], gH [R, R]
 * @param RhT   R(h_T) [N, R]
 * @returns     inputs[t] = R(u_t) [N, F], state[t] = Σ R(c_t) [N]
 */
export function lstmRelevance(steps: StepTrace[], w: Extract<CoreWeights, { kind: 'lstm' }>, RhT: tf.Tensor2D, rules: RuleSet): CoreRelevance {
  const T = steps.length;
  const inputs: tf.Tensor2D[] = new Array(T);
  const state: tf.Tensor1D[] = new Array(T);
  let Rc = RhT; // all of R(h_T) goes to c_T
  state[T - 1] = tf.sum(Rc, 1);
  for (let t = T - 1; t >= 0; t--) {
    const core = steps[t].core;
    if (core.kind !== 'lstm') throw new Error(`step ${t}: expected an lstm core trace, got "${core.kind}"`);
    const { toPrev, toCandidate } = lstmSplit(core.f, core.cPrev, core.c, Rc, rules.lstmStabilizer);
    const [Ru, RhPrev] = denseRelevance(
      [
        { x: core.u, ...w.gU, kind: 'relu' },
        { x: core.hPrev, ...w.gH, kind: 'relu' },
      ],
      toCandidate,
      rules,
    );
    inputs[t] = Ru;
    if (t === 0) break; // c_{−1} = h_{−1} = 0: nothing goes further back
    Rc = tf.add(toPrev, RhPrev);
    state[t - 1] = tf.sum(Rc, 1);
  }
  return { inputs, state };
}
