/**
 * A per-step quantity held one of two ways:
 *   { all }  one t-major batch [T·N, …] (step t = rows t·N … t·N + N − 1): the training path, where
 *            step-independent layers (encoders, input projections) run as one big op;
 *   { each } T tensors [N, …]: the traced path, where every step's values are kept anyway.
 * Both give the same numbers; splitting a batch into steps costs copies (slow on wasm), so the
 * traced path never splits anything bigger than the input.
 */
import type * as tf from '../../tf';
import { takeSteps } from './takeSteps';

/** 'all' = the t-major batch of every step; a number = one step. */
export type StepIndex = number | 'all';

export type Steps<R extends tf.Tensor = tf.Tensor2D> = { all: R } | { each: R[] };

/** Apply a step-independent map to every step (one call on the batch, or one call per step). */
export function mapSteps<R extends tf.Tensor, S extends tf.Tensor>(s: Steps<R>, f: (x: R, t: StepIndex) => S): Steps<S> {
  return 'all' in s ? { all: f(s.all, 'all') } : { each: s.each.map((x, t) => f(x, t)) };
}

/** The T per-step tensors (splits a batch). */
export function eachStep<R extends tf.Tensor>(s: Steps<R>, T: number): R[] {
  return 'all' in s ? takeSteps(s.all, T) : s.each;
}
