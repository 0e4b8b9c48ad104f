/**
 * Rule sets as values: factories with the thesis's defaults, a table of named presets, and a lookup that
 * names the valid ids when given an unknown one. Facts §5.4 (rules and stabilisers), §5.6, §11.
 */
import type { PixelRule, RuleSet } from './types';
import { validateRuleSet } from './validateRuleSet';

/** The thesis code's stabilisers (facts §10.14): 1e-9 added to LRP denominators, 1e-10 in the LSTM split. */
export const THESIS_STABILIZER = 1e-9;
export const THESIS_LSTM_STABILIZER = 1e-10;

/** z^β with the thesis's pixel bounds l = −1, h = 1 (pixels scaled to [−1, 1], facts §1.1). */
export const THESIS_Z_BETA: PixelRule = Object.freeze({ kind: 'z-beta', low: -1, high: 1 });

/** Everything but the hidden rule; every field has the product's (thesis-compatible) default. */
export interface RuleOptions {
  /** Pixel-layer rule (default z^β, l = −1, h = 1: the thesis uses it for every LRP variant, §10.6). */
  pixel?: PixelRule;
  /** Conv⁺ literal channels (default 'conservative'; 'thesis-code' reproduces the code's defect, §5.6). */
  literal?: RuleSet['literal'];
  /** Default 1e-9 (thesis). 0 = exact division with 0/0 := 0 (§11.1). */
  stabilizer?: number;
  /** Default 1e-10 (thesis). */
  lstmStabilizer?: number;
}

/**
 * LRP-αβ for hidden layers (thesis eq. 3.34, α − β = 1, checked: an Error otherwise) with z^β pixels.
 * `conservative` (default true) treats units with z⁻_j = 0 as α = 1, β = 0 (§11.2); false is the thesis code.
 */
export function alphaBetaRules(alpha: number, beta: number, options: RuleOptions & { conservative?: boolean } = {}): RuleSet {
  return build({ kind: 'alpha-beta', alpha, beta, conservative: options.conservative ?? true }, options);
}

/** Deep Taylor decomposition (thesis §3.2.6, Table 3.1): z⁺ (= LRP-α1β0) for hidden layers, z^β for pixels. */
export function deepTaylorRules(options: RuleOptions = {}): RuleSet {
  return alphaBetaRules(1, 0, options);
}

/**
 * LRP-ε over every layer: R_i = Σ_j x_i W_ij R_j / (z_j + ε·sign(z_j)); ε = 0 is LRP-0. Pixels default to
 * 'as-hidden' (ε there too), so that LRP-0 equals gradient × input on a bias-free ReLU net.
 */
export function epsilonRules(epsilon: number, options: RuleOptions = {}): RuleSet {
  return build({ kind: 'epsilon', epsilon }, { pixel: { kind: 'as-hidden' }, ...options });
}

/**
 * The same rules with the thesis code's two non-conservative behaviours switched on: αβ units with
 * z⁻_j = 0 pass α·R_j (§11.2) and Conv⁺ literal channels get x_i W_ij R_j / z_j (§5.6). Stabilisers unchanged.
 */
export function thesisCodeVariant(rules: RuleSet): RuleSet {
  const hidden = rules.hidden.kind === 'alpha-beta' ? { ...rules.hidden, conservative: false } : rules.hidden;
  return validateRuleSet(Object.freeze({ ...rules, hidden, literal: 'thesis-code' }));
}

/** Named presets (frozen values). The thesis evaluates deep-taylor and alpha1.5-beta0.5 (its LRP default). */
export const RULESETS = Object.freeze({
  'deep-taylor': deepTaylorRules(),
  'alpha1-beta0': alphaBetaRules(1, 0),
  'alpha1.5-beta0.5': alphaBetaRules(1.5, 0.5),
  'alpha2-beta1': alphaBetaRules(2, 1),
  epsilon: epsilonRules(1e-3),
  'lrp-0': epsilonRules(0),
});

export type RuleSetId = keyof typeof RULESETS;

/** The preset of that id; an unknown id throws an Error listing the valid ones. */
export function ruleSet(id: string): RuleSet {
  if (!Object.prototype.hasOwnProperty.call(RULESETS, id)) {
    throw new Error(`unknown rule set "${id}" (valid: ${Object.keys(RULESETS).join(', ')})`);
  }
  return RULESETS[id as RuleSetId];
}

function build(hidden: RuleSet['hidden'], options: RuleOptions): RuleSet {
  return validateRuleSet(
    Object.freeze({
      hidden: Object.freeze(hidden),
      pixel: Object.freeze({ ...(options.pixel ?? THESIS_Z_BETA) }),
      literal: options.literal ?? 'conservative',
      stabilizer: options.stabilizer ?? THESIS_STABILIZER,
      lstmStabilizer: options.lstmStabilizer ?? THESIS_LSTM_STABILIZER,
    }),
  );
}
