/**
 * The Deep core (thesis-code-facts.md §2.2; DeepV2 §2.3, ConvDeep §2.4, Conv⁺Deep §2.5, Deep-SD §2.8),
 * per step t, with u_t from the encoder:
 *
 *   xr_t = [drop(u_t), r_{t−1}]                 (r_0 = 0)
 *   h_t  = relu(drop(xr_t) W_ic)                W_ic: (F + 256) × 128, layer "input_to_cell"
 *   r_t  = relu(drop(h_t) W_rec)                W_rec: 128 × 256, layer "recurrent"
 *
 * drop(xr_t) is two sites, "xr.u" and "xr.r" (independent masks on the two halves: the same
 * distribution as one mask on the concatenation). drop(xr_t) W_ic = drop(drop(u_t)) W_u + drop(r_{t−1}) W_r
 * with the row blocks W_u, W_r of W_ic; untraced, the u half runs for all steps in one matmul.
 * The head reads h_T.
 */
import * as tf from '../../tf';
import type { CoreStep } from '../types';
import { affine, rows } from '../ops/affine';
import { eachStep, mapSteps, type Steps } from '../ops/steps';
import { weight, type RunContext } from './context';
import type { CoreOutput } from './coreOutput';

/** @param u the encoder output, per step [N, F] or as the t-major batch [T·N, F] */
export function coreDeep(ctx: RunContext, u: Steps): CoreOutput {
  const core = ctx.layout.core as Extract<typeof ctx.layout.core, { kind: 'deep' }>;
  const T = ctx.layout.T;
  const Wic = weight<tf.Tensor2D>(ctx, 'input_to_cell/W');
  const Wrec = weight<tf.Tensor2D>(ctx, 'recurrent/W');
  const brec = weight(ctx, 'recurrent/b');
  const Wu = rows(Wic, 0, core.input);
  const Wr = rows(Wic, core.input, core.state);
  const A = eachStep(
    mapSteps(u, (us, t) => {
      const dropped = ctx.drop.at('xr.u', ctx.drop.at('u', us, t, T), t, T);
      return affine(dropped, Wu, weight(ctx, 'input_to_cell/b'), ctx.bias, ctx.ops.matMul);
    }),
    T,
  );
  const uEach = 'each' in u ? u.each : [];

  const steps: CoreStep[] = [];
  let rPrev = ctx.trace ? (tf.zeros([ctx.N, core.state]) as tf.Tensor2D) : null;
  let h = A[0];
  for (let t = 0; t < T; t++) {
    h = ctx.act.relu(t === 0 ? A[0] : tf.add(A[t], ctx.ops.matMul(ctx.drop.step('xr.r', rPrev!, t), Wr))) as tf.Tensor2D;
    if (t === T - 1 && !ctx.trace) break; // r_T feeds nothing but the trace
    const r = ctx.act.relu(affine(ctx.drop.step('h.rec', h, t), Wrec, brec, ctx.bias, ctx.ops.matMul)) as tf.Tensor2D;
    if (ctx.trace) steps.push({ kind: 'deep', u: uEach[t], rPrev: rPrev!, h, r });
    rPrev = r;
  }
  return { hT: h, steps };
}
