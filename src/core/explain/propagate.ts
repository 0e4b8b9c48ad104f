/**
 * LRP through time (LRP_for_LSTM style): the forward trace keeps every step's values; the backward
 * walks the head, then the recurrent core from t = T down to 1, then every step's encoder, and writes
 * each step's 28×c pixel relevance back into columns [t·c, (t+1)·c) of a 28×W heatmap
 * (thesis-code-facts.md §5.5–5.6). The rules come from a RuleSet (./rules/types.ts).
 *
 * Start relevance: relu(y_c) on each sequence's explained class c only (§5.5).
 */
import * as tf from '../tf';
import type { Trace } from '../cells/types';
import type { RuleSet } from './rules/types';
import type { CellWeights } from './propagate/types';
import type { CoreRelevance } from './propagate/core';
import type { EncoderRelevance } from './propagate/encoder';
import { headRelevance } from './propagate/head';
import { shallowRelevance } from './propagate/core-shallow';
import { deepRelevance } from './propagate/core-deep';
import { lstmRelevance } from './propagate/core-lstm';
import { denseEncoderRelevance } from './propagate/encoder-dense';
import { convEncoderRelevance } from './propagate/encoder-conv';

export interface Relevance {
  /** Pixel relevance [N, 28, W]. */
  heatmap: tf.Tensor3D;
  /** Per step t, Σ of the relevance flowing into steps 0…t through the state (see CoreRelevance.state), [N, T]. */
  state: tf.Tensor2D;
  /**
   * Conv⁺ only (null for the other cells): the part of `state` that step t+1's literal connections
   * hand to a1_t and a2_t (EncoderRelevance.literal), [N, T]; state − literal is what the recurrent
   * state (r_t, or c_t and h_t) carries.
   */
  literal: tf.Tensor2D | null;
}

/**
 * Start relevance on the logits: relu(y) ⊙ onehot(c).
 * @param logits [N, 10]; @param oneHot [N, 10]  @returns [N, 10]
 */
export function startRelevance(logits: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Tensor2D {
  return tf.mul(tf.relu(logits), oneHot);
}

/**
 * Relevance of every pixel for a batch, given the cell's trace.
 * @param trace   the forward trace of N sequences over T steps (eval mode)
 * @param w       the cell's weights, grouped (./propagate/cell-weights.ts)
 * @param Ry      start relevance [N, 10] (startRelevance)
 * @param rules   the method's rule set
 * @returns       heatmap [N, 28, T·c], state relevance [N, T] and, for Conv⁺, its literal part [N, T]
 *                (callers dispose; run inside tf.tidy)
 */
export function propagate(trace: Trace, w: CellWeights, Ry: tf.Tensor2D, rules: RuleSet): Relevance {
  const steps = trace.steps;
  const T = steps.length;
  const RhT = headRelevance(trace.head, w.head, Ry, rules);
  let core: CoreRelevance;
  switch (w.core.kind) {
    case 'shallow':
      core = shallowRelevance(steps, w.core, RhT, rules);
      break;
    case 'deep':
      core = deepRelevance(steps, w.core, RhT, rules);
      break;
    case 'lstm':
      core = lstmRelevance(steps, w.core, RhT, rules);
      break;
  }
  let enc: EncoderRelevance;
  switch (w.encoder.kind) {
    case 'none': // Shallow: the core's inputs are the pixels
      enc = { pixels: tf.stack(core.inputs) as tf.Tensor3D };
      break;
    case 'dense':
      enc = denseEncoderRelevance(steps, w.encoder, core.inputs, rules, trace.denseEncoder);
      break;
    case 'conv':
      enc = convEncoderRelevance(steps, w.encoder, core.inputs, rules);
      break;
  }
  const N = Ry.shape[0];
  const d = enc.pixels.shape[2];
  const c = d / 28;
  // [T, N, 28·c] → [T, N, 28, c] → [N, 28, T, c] → [N, 28, T·c]
  const heatmap = tf.reshape(tf.transpose(tf.reshape(enc.pixels, [T, N, 28, c]), [1, 2, 0, 3]), [N, 28, T * c]) as tf.Tensor3D;
  const stateSteps = enc.literal ? core.state.map((s, t) => tf.add(s, enc.literal![t])) : core.state;
  const state = tf.stack(stateSteps, 1) as tf.Tensor2D;
  const literal = enc.literal ? (tf.stack(enc.literal, 1) as tf.Tensor2D) : null;
  return { heatmap, state, literal };
}
