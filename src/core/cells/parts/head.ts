/**
 * Output heads on the last step's vector h_T (thesis-code-facts.md §2):
 *
 *   linear (Shallow, R-LSTM family):   y = h_T W_out                         W_out: · × 10, layer "output"
 *   deep   (Deep family):              o = relu(drop(h_T) W_o1), y = o W_o2  128 × 32 "output_1", 32 × 10 "output_2"
 *
 * The Deep head's dropout on h_T is standard in every variant (Deep-SD included, §2.8).
 */
import type * as tf from '../../tf';
import type { HeadTrace } from '../types';
import { affine } from '../ops/affine';
import { weight, type RunContext } from './context';

export function head(ctx: RunContext, hT: tf.Tensor2D): HeadTrace {
  const T = ctx.layout.T;
  if (ctx.layout.head.kind === 'linear') {
    const y = affine(hT, weight(ctx, 'output/W'), weight(ctx, 'output/b'), ctx.bias, ctx.ops.matMul);
    return { kind: 'linear', hT, y };
  }
  const hIn = ctx.drop.step('h.out', hT, T - 1, 'standard');
  const o = ctx.act.relu(affine(hIn, weight(ctx, 'output_1/W'), weight(ctx, 'output_1/b'), ctx.bias, ctx.ops.matMul)) as tf.Tensor2D;
  const y = affine(o, weight(ctx, 'output_2/W'), weight(ctx, 'output_2/b'), ctx.bias, ctx.ops.matMul);
  return { kind: 'deep', hT, o, y };
}
