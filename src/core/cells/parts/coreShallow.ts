/**
 * The Shallow core (thesis-code-facts.md §2.1), per step t:
 *
 *   h_t = relu([x_t, r_{t−1}] W_in)        W_in: (d + 256) × 256, layer "input"
 *   r_t = relu(drop(h_t) W_rec)            W_rec: 256 × 256, layer "recurrent" (dropout on h_t)
 *
 * r_0 = 0. The head reads h_T (no dropout). [x_t, r_{t−1}] W_in is computed as x_t W_x + r_{t−1} W_r,
 * W_x and W_r being the two row blocks of W_in; untraced, x_t W_x runs for all steps in one matmul.
 */
import * as tf from '../../tf';
import type { CoreStep } from '../types';
import { affine, rows } from '../ops/affine';
import { eachStep, mapSteps, type Steps } from '../ops/steps';
import { weight, type RunContext } from './context';
import type { CoreOutput } from './coreOutput';

/** @param x the pixels, per step [N, d] or as the t-major batch [T·N, d] */
export function coreShallow(ctx: RunContext, x: Steps): CoreOutput {
  const core = ctx.layout.core as Extract<typeof ctx.layout.core, { kind: 'shallow' }>;
  const T = ctx.layout.T;
  const Win = weight<tf.Tensor2D>(ctx, 'input/W');
  const Wrec = weight<tf.Tensor2D>(ctx, 'recurrent/W');
  const brec = weight(ctx, 'recurrent/b');
  const Wx = rows(Win, 0, core.input);
  const Wr = rows(Win, core.input, core.state);
  const P = eachStep(mapSteps(x, (xs) => affine(xs, Wx, weight(ctx, 'input/b'), ctx.bias, ctx.ops.matMul)), T);

  const steps: CoreStep[] = [];
  let rPrev = ctx.trace ? (tf.zeros([ctx.N, core.state]) as tf.Tensor2D) : null;
  let h = P[0];
  for (let t = 0; t < T; t++) {
    h = ctx.act.relu(t === 0 ? P[0] : tf.add(P[t], ctx.ops.matMul(rPrev!, Wr))) as tf.Tensor2D;
    if (t === T - 1 && !ctx.trace) break; // r_T feeds nothing but the trace
    const r = ctx.act.relu(affine(ctx.drop.step('h.rec', h, t), Wrec, brec, ctx.bias, ctx.ops.matMul)) as tf.Tensor2D;
    if (ctx.trace) steps.push({ kind: 'shallow', rPrev: rPrev!, h, r });
    rPrev = r;
  }
  return { hT: h, steps };
}
