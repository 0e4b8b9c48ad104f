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
import { denseAlphaBetaFactors, denseRelevance } from '../rules/denseRelevance';
import type { AlphaBetaFactors } from '../rules/linearRelevance';
import type { DenseBlock } from '../rules/types';
import { takeSteps } from '../../cells/ops/takeSteps';
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
  const cores = steps.map((_, t) => deepCore(steps, t));
  const inBlocks = (t: number): DenseBlock[] => [
    { x: cores[t].u, ...w.inU, kind: 'relu' },
    { x: cores[t].rPrev, ...w.inR, kind: 'relu' },
  ];
  const recBlocks = (t: number): DenseBlock[] => [{ x: cores[t - 1].h, ...w.rec, kind: 'relu' }];
  // LRP-αβ: the factors α/(z⁺ + s), β/(z⁻ + s) of both layers depend on the forward only: computed for
  // all steps at once, each step takes its rows (a few ops per step instead of a dozen; same values).
  const inF = T > 1 ? stepFactors(denseAlphaBetaFactors(stack(T, 0, inBlocks), rules), T, 0) : null;
  const recF = T > 1 ? stepFactors(denseAlphaBetaFactors(stack(T, 1, recBlocks), rules), T, 1) : null;
  let Rh = RhT;
  state[T - 1] = tf.sum(Rh, 1);
  for (let t = T - 1; t >= 0; t--) {
    const [Ru, RrPrev] = denseRelevance(inBlocks(t), Rh, rules, undefined, inF?.[t]);
    inputs[t] = Ru;
    if (t === 0) break; // r_{−1} = 0: R(r_{−1}) is 0 and is dropped
    state[t - 1] = tf.sum(RrPrev, 1);
    Rh = denseRelevance(recBlocks(t), RrPrev, rules, undefined, recF?.[t])[0];
  }
  return { inputs, state };
}

/** The blocks of steps from…T−1 stacked along the batch axis (t-major rows). */
function stack(T: number, from: number, blocks: (t: number) => DenseBlock[]): DenseBlock[] {
  const per = Array.from({ length: T - from }, (_, k) => blocks(from + k));
  return per[0].map((b, i) => ({ ...b, x: tf.concat(per.map((p) => p[i].x), 0) }));
}

/** Each step's rows of the factors of steps from…T−1 (index = step; entries before `from` unused). */
function stepFactors(f: AlphaBetaFactors<tf.Tensor2D> | null, T: number, from: number): (AlphaBetaFactors<tf.Tensor2D> | undefined)[] | null {
  if (!f) return null;
  const n = T - from;
  const pos = takeSteps(f.pos, n);
  const neg = f.neg ? takeSteps(f.neg, n) : null;
  return Array.from({ length: T }, (_, t) => (t < from ? undefined : { pos: pos[t - from], neg: neg ? neg[t - from] : null }));
}
