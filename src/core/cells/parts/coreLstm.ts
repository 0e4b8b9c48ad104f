/**
 * The R-LSTM core (thesis-code-facts.md §2.6; R-LSTM-SD §2.7, ConvR-LSTM-SD §2.9, Conv⁺R-LSTM-SD §2.10),
 * per step t, with u_t from the encoder and R units:
 *
 *   xr_t = [drop(u_t), h̃_{t−1}]                          (h̃ = the dropped h; h_0 = c_0 = 0)
 *   i_t = σ(xr_t W_i + b_i),  f_t = σ(xr_t W_f + b_f),  o_t = σ(xr_t W_o + b_o)   (ordinary biases)
 *   g_t = relu(xr_t W_g)                                   (candidate: ReLU, neuron bias convention)
 *   c_t = i_t ⊙ g_t + f_t ⊙ c_{t−1}
 *   h_t = o_t ⊙ c_t,   h̃_t = drop(h_t)                    (no tanh anywhere)
 *
 * The head reads h̃_T. The four pre-activations come from one matmul: xr_t [W_i W_f W_o W_g]
 * = u_t W_u (all steps at once) + h̃_{t−1} W_h.
 */
import * as tf from '../../tf';
import type { CoreStep } from '../types';
import { rows } from '../ops/affine';
import { eachStep, mapSteps, type Steps } from '../ops/steps';
import { splitColumns } from '../ops/takeSteps';
import { weight, type RunContext } from './context';
import type { CoreOutput } from './coreOutput';

const GATES = ['gate_i', 'gate_f', 'gate_o', 'candidate'] as const;

/** @param u the encoder output, per step [N, F] or as the t-major batch [T·N, F] */
export function coreLstm(ctx: RunContext, u: Steps): CoreOutput {
  const core = ctx.layout.core as Extract<typeof ctx.layout.core, { kind: 'lstm' }>;
  const { T } = ctx.layout;
  const R = core.units;
  const W = tf.concat(GATES.map((g) => weight<tf.Tensor2D>(ctx, `${g}/W`)), 1); // [F + R, 4R]
  const bg = weight<tf.Tensor1D>(ctx, 'candidate/b');
  const candidateBias = ctx.bias === 'zero' ? tf.zeros([R]) : tf.neg(tf.softplus(bg));
  const b = tf.concat([weight(ctx, 'gate_i/b'), weight(ctx, 'gate_f/b'), weight(ctx, 'gate_o/b'), candidateBias], 0);
  const Wh = rows(W, core.input, R);
  const Wu = rows(W, 0, core.input);
  const Z = eachStep(mapSteps(u, (us, t) => tf.add(ctx.ops.matMul(ctx.drop.at('u', us, t, T), Wu), b) as tf.Tensor2D), T);
  const uEach = 'each' in u ? u.each : [];

  const steps: CoreStep[] = [];
  const zeros = ctx.trace ? tf.zeros([ctx.N, R]) : null;
  let hPrev = zeros as tf.Tensor2D; // h_{t−1} as traced (eval value)
  let hPrevIn = zeros as tf.Tensor2D; // h̃_{t−1}, what the step reads
  let cPrev = zeros as tf.Tensor2D;
  for (let t = 0; t < T; t++) {
    const z = t === 0 ? Z[0] : tf.add(Z[t], ctx.ops.matMul(hPrevIn, Wh));
    const [zi, zf, zo, zg] = splitColumns(z as tf.Tensor2D, 4);
    const i = ctx.act.sigmoid(zi) as tf.Tensor2D;
    const f = ctx.act.sigmoid(zf) as tf.Tensor2D;
    const o = ctx.act.sigmoid(zo) as tf.Tensor2D;
    const g = ctx.act.relu(zg) as tf.Tensor2D;
    const ig = tf.mul(i, g);
    const c = (t === 0 ? ig : tf.add(ig, tf.mul(f, cPrev))) as tf.Tensor2D;
    const h = tf.mul(o, c) as tf.Tensor2D;
    if (ctx.trace) steps.push({ kind: 'lstm', u: uEach[t], hPrev, cPrev, i, f, o, g, c, h });
    hPrev = h;
    hPrevIn = ctx.drop.step('h', h, t);
    cPrev = c;
  }
  return { hT: hPrevIn, steps };
}
