/**
 * Backward walk through the conv encoder (ConvDeep, ConvR-LSTM(-SD); Conv⁺Deep, Conv⁺R-LSTM(-SD)),
 * thesis-code-facts.md §2.4–2.5, §5.6:
 *   R(u_t) → dense (hidden rule, input f_t) → R(p2) → pool2 (proportional) → R(a2) → conv2 (hidden rule,
 *   input p1) → R(p1) → pool1 → R(a1) → conv1 (pixel rule, input x_t) → pixels.
 * Conv⁺: conv2's hidden rule runs over [p1_t, a2_{t−1}] and conv1's mixed rule over [x_t, a1_{t−1}]
 * (literal channels: rules.literal). R(a2_{t−1}) is added to pool2's output at step t−1 before conv2,
 * R(a1_{t−1}) after pool1's rule and before conv1's rule at t−1 (§11.7), so Conv⁺ walks t = T−1…0 one
 * step at a time; the plain conv stack has no link across steps and runs all steps as one batch.
 */
import * as tf from '../../tf';
import type { StepTrace } from '../../cells/types';
import type { RuleSet } from '../rules/types';
import { convRelevance } from '../rules/convRelevance';
import { denseRelevance } from '../rules/denseRelevance';
import { poolRelevance } from '../rules/poolRelevance';
import type { EncoderWeights } from './types';
import type { EncoderRelevance } from './encoder';

type ConvWeights = Extract<EncoderWeights, { kind: 'conv' }>;
type ConvStep = Extract<StepTrace['enc'], { kind: 'conv' }>;

function convStep(steps: StepTrace[], t: number): ConvStep {
  const e = steps[t].enc;
  if (e.kind !== 'conv') throw new Error(`step ${t}: expected a conv encoder trace, got "${e.kind}"`);
  return e;
}

/**
 * @param steps  the trace, T steps: enc {x4 [N, 28, c, 1], a1 [N, 28, c, 24], p1 [N, 14, c2, 24],
 *               a2 [N, 14, c2, 32], p2 [N, 7, c4, 32], f [N, |f|], u [N, 128], plus?}
 * @param w      conv1 [5, 5, 1, 24], conv2 [3, 3, 24, 32], dense [|f|, 128], plus? {conv1 [5, 5, 24, 24], conv2 [3, 3, 32, 32]}
 * @param inputs R(u_t) per step, [N, 128] each
 * @returns      pixels [T, N, 28·c]; Conv⁺: literal[t] [N]
 */
export function convEncoderRelevance(steps: StepTrace[], w: ConvWeights, inputs: tf.Tensor2D[], rules: RuleSet): EncoderRelevance {
  const encs = steps.map((_, t) => convStep(steps, t));
  return w.plus ? plusRelevance(encs, w, w.plus, inputs, rules) : plainRelevance(encs, w, inputs, rules);
}

/** Plain conv stack: all T steps as one batch of T·N images. */
function plainRelevance(encs: ConvStep[], w: ConvWeights, inputs: tf.Tensor2D[], rules: RuleSet): EncoderRelevance {
  const T = encs.length;
  const [N, H, c] = encs[0].x4.shape;
  const cat = <K extends 'x4' | 'a1' | 'p1' | 'a2' | 'p2'>(k: K) => tf.concat(encs.map((e) => e[k] as tf.Tensor4D), 0);
  const f = tf.concat(encs.map((e) => e.f), 0); // [T·N, |f|]
  const p2 = cat('p2');
  const Rf = denseRelevance([{ x: f, ...w.dense, kind: 'relu' }], tf.concat(inputs, 0), rules)[0];
  const Ra2 = poolRelevance(cat('a2'), tf.reshape(Rf, p2.shape), rules.stabilizer);
  const Rp1 = convRelevance([{ x: cat('p1'), ...w.conv2, kind: 'relu' }], Ra2, rules)[0];
  const Ra1 = poolRelevance(cat('a1'), Rp1, rules.stabilizer);
  const Rx = convRelevance([{ x: cat('x4'), ...w.conv1, kind: 'pixel' }], Ra1, rules)[0];
  return { pixels: tf.reshape(Rx, [T, N, H * c]) };
}

/** Conv⁺: one step at a time, carrying R(a1_{t−1}) and R(a2_{t−1}) from step t to step t−1. */
function plusRelevance(
  encs: ConvStep[],
  w: ConvWeights,
  plus: NonNullable<ConvWeights['plus']>,
  inputs: tf.Tensor2D[],
  rules: RuleSet,
): EncoderRelevance {
  const T = encs.length;
  const [N, H, c] = encs[0].x4.shape;
  const pixels: tf.Tensor2D[] = new Array(T);
  const literal: tf.Tensor1D[] = new Array(T);
  let carryA1: tf.Tensor4D | null = null; // R(a1_t) handed back by step t+1's conv1 literal channels
  let carryA2: tf.Tensor4D | null = null; // R(a2_t) handed back by step t+1's conv2
  literal[T - 1] = tf.zeros([N]);
  for (let t = T - 1; t >= 0; t--) {
    const e = encs[t];
    if (!e.plus) throw new Error(`step ${t}: Conv⁺ weights but the trace has no fed-back activations`);
    const Rf = denseRelevance([{ x: e.f, ...w.dense, kind: 'relu' }], inputs[t], rules)[0];
    let Ra2 = poolRelevance(e.a2, tf.reshape(Rf, e.p2.shape), rules.stabilizer);
    if (carryA2) Ra2 = tf.add(Ra2, carryA2);
    const [Rp1, RA2prev] = convRelevance(
      [
        { x: e.p1, ...w.conv2, kind: 'relu' },
        { x: e.plus.a2Prev, ...plus.conv2, kind: 'relu' },
      ],
      Ra2,
      rules,
    );
    let Ra1 = poolRelevance(e.a1, Rp1, rules.stabilizer);
    if (carryA1) Ra1 = tf.add(Ra1, carryA1); // §11.7: after pool1's rule, before conv1's rule
    const [Rx, RA1prev] = convRelevance(
      [
        { x: e.x4, ...w.conv1, kind: 'pixel' },
        { x: e.plus.a1Prev, ...plus.conv1, kind: 'relu', literal: true },
      ],
      Ra1,
      rules,
    );
    pixels[t] = tf.reshape(Rx, [N, H * c]);
    if (t === 0) break; // a1_{−1} = a2_{−1} = 0 take no relevance
    carryA1 = RA1prev;
    carryA2 = RA2prev;
    literal[t - 1] = tf.add(tf.sum(RA1prev, [1, 2, 3]), tf.sum(RA2prev, [1, 2, 3]));
  }
  return { pixels: tf.stack(pixels) as tf.Tensor3D, literal };
}
