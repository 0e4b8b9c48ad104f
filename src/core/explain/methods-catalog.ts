/**
 * The explanation methods as plain data: ids, display names, parameters with defaults and ranges,
 * presets and a one-paragraph description each. No TF.js here (the UI imports this module); the
 * builder that validates parameters is in ./registry.ts, the executors in ./methods/.
 *
 * Facts: thesis-code-facts.md §5 (methods as implemented), §10–§11 (discrepancies, pitfalls);
 * thesis §3.2 (shared/seed).
 */

/** Public method ids, in the order the CLI and the UI list them. */
export const METHOD_IDS = [
  'sensitivity',
  'gradient-x-input',
  'guided-backprop',
  'deep-taylor',
  'lrp-alpha-beta',
  'lrp-epsilon',
] as const;
export type MethodId = (typeof METHOD_IDS)[number];

/** Gradient methods differentiate the explained logit; LRP methods walk the trace with relevance rules. */
export type MethodFamily = 'gradient' | 'lrp';

interface ParamBase {
  name: string;
  /** One sentence for tooltips and `--help`. */
  description: string;
}
export interface NumberParam extends ParamBase {
  type: 'number';
  default: number;
  min: number;
  max: number;
}
export interface BooleanParam extends ParamBase {
  type: 'boolean';
  default: boolean;
}
export interface ChoiceParam extends ParamBase {
  type: 'choice';
  default: string;
  choices: readonly string[];
}
export type ParamDescriptor = NumberParam | BooleanParam | ChoiceParam;
export type ParamValue = number | boolean | string;
export type ParamValues = Record<string, ParamValue>;

/** A named parameter setting of a method (e.g. LRP-α2β1). */
export interface MethodPreset {
  /** Short id used after a colon in method specs: `lrp-alpha-beta:a2b1`. */
  id: string;
  name: string;
  params: ParamValues;
}

export interface MethodDescriptor {
  id: MethodId;
  /** Display name, e.g. "Guided backprop". */
  name: string;
  family: MethodFamily;
  /** One of the methods of the thesis's evaluation (§5, config.METHODS) or its text (§3.2). */
  thesis: boolean;
  /** Σ_pixels R = relu(y_c) holds (up to stabilisers) with the default parameters. */
  conserves: boolean;
  params: readonly ParamDescriptor[];
  presets: readonly MethodPreset[];
  description: string;
}

// Parameters shared by the LRP methods. -------------------------------------------------------------

const STABILIZER: NumberParam = {
  name: 'stabilizer',
  type: 'number',
  default: 1e-9,
  min: 0,
  max: 1,
  description: 'Added to every rule and pooling denominator (thesis 1e-9); 0 allowed, with 0/0 := 0.',
};
const LSTM_STABILIZER: NumberParam = {
  name: 'lstmStabilizer',
  type: 'number',
  default: 1e-10,
  min: 0,
  max: 1,
  description: 'Stabiliser of the R-LSTM cell split p = f⊙c_{t−1}/(c_t + s) (thesis 1e-10).',
};
const LITERAL: ChoiceParam = {
  name: 'literal',
  type: 'choice',
  default: 'conservative',
  choices: ['conservative', 'thesis-code'],
  description:
    "Conv⁺ literal channels in conv1's mixed rule: 'conservative' x(αW⁺ − βW⁻)R/z, or the original code's non-conservative xWR/z.",
};
const pixelRule = (choices: readonly string[], dflt = 'z-beta'): ChoiceParam => ({
  name: 'pixelRule',
  type: 'choice',
  default: dflt,
  choices,
  description:
    "Rule of the pixel layer: 'z-beta' (bounded inputs in [−1, 1], the thesis setting), 'w-square' (thesis text, not in its code)" +
    (choices.includes('as-hidden') ? ", or 'as-hidden' (the hidden rule on pixels too; in Shallow's [pixels, state] layer LRP-ε always covers both)." : '.'),
});

export const METHOD_CATALOG: readonly MethodDescriptor[] = [
  {
    id: 'sensitivity',
    name: 'Sensitivity analysis',
    family: 'gradient',
    thesis: true,
    conserves: false,
    params: [],
    presets: [],
    description:
      'The squared gradient of the explained logit with respect to every pixel, R_p = (∂y_c/∂x_p)² (thesis eq. 3.26). ' +
      'It shows where a small change of the input would change the logit most, not what the network used; ' +
      'its sum is ‖∇y_c‖², not y_c.',
  },
  {
    id: 'gradient-x-input',
    name: 'Gradient × input (simple Taylor)',
    family: 'gradient',
    thesis: true,
    conserves: false,
    params: [],
    presets: [],
    description:
      'Simple Taylor decomposition at the root point 0: R_p = x_p · ∂y_c/∂x_p (thesis eq. 3.40). On bias-free ReLU cells ' +
      'without gates it sums to y_c; background pixels (−1) get relevance too. Not in the thesis\'s final evaluation.',
  },
  {
    id: 'guided-backprop',
    name: 'Guided backprop',
    family: 'gradient',
    thesis: true,
    conserves: false,
    params: [
      {
        name: 'sigmoid',
        type: 'choice',
        default: 'none',
        choices: ['none', 'plain'],
        description: "Gradient through the R-LSTM gates: 'none' treats them as constants (the thesis setting), 'plain' is σ'.",
      },
    ],
    presets: [],
    description:
      'The gradient of the explained logit where every ReLU passes the incoming gradient back only if its output is ' +
      'positive and the (summed) incoming gradient is positive (thesis eq. 3.29), squared (eq. 3.30). In the ' +
      'R-LSTM family the gates pass no gradient by default, as in the thesis\'s final results.',
  },
  {
    id: 'deep-taylor',
    name: 'Deep Taylor decomposition',
    family: 'lrp',
    thesis: true,
    conserves: true,
    params: [pixelRule(['z-beta', 'w-square']), LITERAL, STABILIZER, LSTM_STABILIZER],
    presets: [],
    description:
      'Relevance relu(y_c) is redistributed layer by layer and back through time with the z⁺ rule on ReLU inputs and ' +
      'the z^β rule (bounds −1, 1) on pixels (thesis §3.2.6, Table 3.1). Pooling distributes proportionally, the ' +
      'R-LSTM cell splits between the previous cell state and the candidate. Conservative: Σ_p R_p = relu(y_c).',
  },
  {
    id: 'lrp-alpha-beta',
    name: 'LRP-αβ',
    family: 'lrp',
    thesis: true,
    conserves: true,
    params: [
      { name: 'alpha', type: 'number', default: 1.5, min: 1, max: 100, description: 'Weight of the excitatory part; α − β = 1.' },
      { name: 'beta', type: 'number', default: 0.5, min: 0, max: 99, description: 'Weight of the inhibitory part; α − β = 1.' },
      {
        name: 'conservative',
        type: 'boolean',
        default: true,
        description:
          'A unit with no negative contribution (z⁻ = 0) passes R on as α = 1, β = 0; false reproduces the thesis, which passes α·R there.',
      },
      pixelRule(['z-beta', 'w-square']),
      LITERAL,
      STABILIZER,
      LSTM_STABILIZER,
    ],
    presets: [
      { id: 'a1b0', name: 'LRP-α1β0', params: { alpha: 1, beta: 0 } },
      { id: 'a1.5b0.5', name: 'LRP-α1.5β0.5', params: { alpha: 1.5, beta: 0.5 } },
      { id: 'a2b1', name: 'LRP-α2β1', params: { alpha: 2, beta: 1 } },
    ],
    description:
      'Layer-wise relevance propagation with the αβ rule on ReLU inputs (thesis eq. 3.34, α − β = 1): excitatory ' +
      'contributions receive α·R, inhibitory ones −β·R. The pixel layer uses z^β whatever α and β (as the thesis code); ' +
      'Shallow\'s [pixels, state] layer shares one denominator. α1.5β0.5 is the thesis\'s choice.',
  },
  {
    id: 'lrp-epsilon',
    name: 'LRP-ε',
    family: 'lrp',
    thesis: false,
    conserves: false,
    params: [
      { name: 'epsilon', type: 'number', default: 1e-3, min: 0, max: 100, description: 'Added to |z_j| in every denominator; absorbs weak relevance.' },
      pixelRule(['as-hidden', 'z-beta', 'w-square'], 'as-hidden'),
      LITERAL,
      STABILIZER,
      LSTM_STABILIZER,
    ],
    presets: [],
    description:
      'LRP-ε, beyond the thesis: R_i = Σ_j x_i W_ij R_j / (z_j + ε·sign(z_j)) on every layer, the pixel layer included ' +
      "by default ('as-hidden'; 'z-beta' gives pixels the thesis's rule). With ε = 0 it equals gradient × input on " +
      'bias-free ReLU cells; ε > 0 absorbs relevance by design, so it does not conserve.',
  },
];

/** Look up the descriptor of a method id (undefined when unknown). */
export function findMethod(id: string): MethodDescriptor | undefined {
  return METHOD_CATALOG.find((m) => m.id === id);
}
