/**
 * Relevance through time (pure, over numbers): how the relevance of an LRP explanation flows backwards
 * from the output through the steps of a recurrent cell, step by step (thesis §3.3, facts §5.5–5.6).
 *
 * The backward walk starts from relu(y_c) at the head, hands R(h_T) to the last step, and at every
 * step t splits what reached it into
 *   - kept:   the relevance of step t's own input pixels (Σ of the heatmap over the step's 28 × c columns),
 *   - passed: what step t hands back to steps 1…t−1 through the recurrent state (r_{t−1}; c_{t−1}, h_{t−1}
 *             for the R-LSTM) and, in the Conv⁺ cells, through the literal connections (a1_{t−1}, a2_{t−1}),
 *   - lost:   the rest, absorbed at step t (stabilisers, non-conservative rules such as LRP-ε; negative
 *             when the rule creates relevance).
 * What step t passes back is exactly what reaches step t − 1, so the figures chain: the engine's
 * state relevance (SequenceExplanation.state) gives "reaches step t" directly.
 */

/** One step of the flow (1-based `step`); every figure in units of relevance (the explained logit's). */
export interface StepFlow {
  step: number;
  /** Relevance that reaches step t from the later steps (at t = T: what the head hands to the cell), state[t]. */
  arrives: number;
  /** Kept on step t's input: Σ of the step's pixel relevance, perStep[t]. */
  kept: number;
  /** Passed back to step t − 1 through the recurrent state: state[t−1] − literal[t−1]; 0 at t = 1. */
  passedState: number;
  /** Passed back through the Conv⁺ literal connections: literal[t−1]; 0 at t = 1 and for the other cells. */
  passedLiteral: number;
  /** arrives − kept − passedState − passedLiteral: absorbed at step t (negative: created). */
  lost: number;
}

export interface RelevanceFlow {
  /** relu(y_c): the relevance the walk starts from. */
  output: number;
  /** What the head keeps or loses before the cell: output − arrives at step T. */
  headLost: number;
  /** Steps 1…T, in order. */
  steps: StepFlow[];
  /** True when the cell has literal connections (Conv⁺): `literal` was given. */
  literal: boolean;
}

/**
 * The flow of one explanation.
 * @param perStep Σ pixel relevance per step [T] (SequenceExplanation.perStep)
 * @param state   relevance reaching steps 1…t+1 through what step t+1 hands on, [T] (SequenceExplanation.state)
 * @param literal the Conv⁺ literal part of `state` [T], or null (SequenceExplanation.literal)
 * @param output  relu(y_c) (Conservation.target)
 */
export function relevanceFlow(perStep: readonly number[], state: readonly number[], literal: readonly number[] | null, output: number): RelevanceFlow {
  const T = perStep.length;
  if (T < 1) throw new Error('relevanceFlow: no steps');
  if (state.length !== T) throw new Error(`relevanceFlow: state has ${state.length} steps, perStep ${T}`);
  if (literal && literal.length !== T) throw new Error(`relevanceFlow: literal has ${literal.length} steps, perStep ${T}`);
  const all = [...perStep, ...state, ...(literal ?? []), output];
  if (!all.every(Number.isFinite)) throw new Error('relevanceFlow: every figure must be finite');
  const steps = perStep.map((kept, t): StepFlow => {
    const back = t > 0 ? state[t - 1] : 0;
    const passedLiteral = t > 0 && literal ? literal[t - 1] : 0;
    const passedState = back - passedLiteral;
    return { step: t + 1, arrives: state[t], kept, passedState, passedLiteral, lost: state[t] - kept - back };
  });
  return { output, headLost: output - state[T - 1], steps, literal: literal !== null };
}
