/** What every part of a forward pass needs: the layout, the weights, the activations, dropout. */
import type * as tf from '../../tf';
import type { Activations, BiasMode, Weights } from '../types';
import type { CellLayout } from '../cellLayout';
import type { Dropout } from '../ops/dropout';
import type { LinearOps } from '../ops/linearOps';

export interface RunContext {
  layout: CellLayout;
  w: Weights;
  /** Batch size. */
  N: number;
  act: Activations;
  bias: BiasMode;
  drop: Dropout;
  /** Build the per-step trace (forward) or only what the logits need (logits). */
  trace: boolean;
  /** The linear maps (../ops/linearOps.ts): trainable, or with input gradients only. */
  ops: LinearOps;
}

/** A weight by name, typed; a missing weight is a clear error. */
export function weight<R extends tf.Tensor>(ctx: RunContext, name: string): R {
  const v = ctx.w[name];
  if (!v) throw new Error(`weight "${name}" missing; expected: ${Object.keys(ctx.w).join(', ')}`);
  return v as unknown as R;
}
