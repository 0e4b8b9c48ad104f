import type { RuleSet } from './types';

/** Largest |α − β − 1| accepted as "α − β = 1" (room for decimal literals like 1.2, 0.2). */
const ALPHA_BETA_TOLERANCE = 1e-9;

/**
 * Checks a RuleSet's preconditions and throws an Error naming the offending field:
 *  - LRP-αβ: finite α, β with α − β = 1 (thesis eq. 3.33–3.34) and β ≥ 0;
 *  - LRP-ε: ε ≥ 0, finite;
 *  - z^β: finite bounds with low ≤ 0 < high (thesis §3.2.6, case a_j ∈ [l_j, h_j]);
 *  - stabilizer, lstmStabilizer: finite, ≥ 0;
 *  - literal: 'conservative' or 'thesis-code'.
 * Returns the same RuleSet, so that presets can be written `validateRuleSet({...})`.
 */
export function validateRuleSet(rules: RuleSet): RuleSet {
  const h = rules.hidden;
  if (h.kind === 'alpha-beta') {
    if (!Number.isFinite(h.alpha) || !Number.isFinite(h.beta)) {
      throw new Error(`LRP-αβ: α and β must be finite numbers (got α=${h.alpha}, β=${h.beta})`);
    }
    if (Math.abs(h.alpha - h.beta - 1) > ALPHA_BETA_TOLERANCE) {
      throw new Error(`LRP-αβ needs α − β = 1 (got α=${h.alpha}, β=${h.beta}, α − β = ${h.alpha - h.beta})`);
    }
    if (h.beta < 0) throw new Error(`LRP-αβ needs β ≥ 0 (got β=${h.beta})`);
    if (typeof h.conservative !== 'boolean') throw new Error('LRP-αβ: `conservative` must be a boolean');
    if (h.perRow) {
      const { alpha, beta } = h.perRow;
      if (alpha.length !== beta.length || alpha.length === 0) throw new Error('LRP-αβ perRow: α and β need one entry per row');
      alpha.forEach((a, i) => {
        if (!(Math.abs(a - beta[i] - 1) <= ALPHA_BETA_TOLERANCE && beta[i] >= 0)) {
          throw new Error(`LRP-αβ perRow: row ${i} has α=${a}, β=${beta[i]} (needs α − β = 1, β ≥ 0)`);
        }
      });
    }
  } else if (h.kind === 'epsilon') {
    if (!Number.isFinite(h.epsilon) || h.epsilon < 0) {
      throw new Error(`LRP-ε needs a finite ε ≥ 0 (got ${h.epsilon})`);
    }
  } else {
    throw new Error(`unknown hidden rule kind "${(h as { kind: unknown }).kind}" (valid: alpha-beta, epsilon)`);
  }
  const p = rules.pixel;
  if (p.kind === 'z-beta') {
    if (!Number.isFinite(p.low) || !Number.isFinite(p.high) || !(p.low <= 0 && p.high > 0)) {
      throw new Error(`z^β needs finite bounds with low ≤ 0 < high (got low=${p.low}, high=${p.high})`);
    }
  } else if (p.kind !== 'w-square' && p.kind !== 'as-hidden') {
    throw new Error(`unknown pixel rule kind "${(p as { kind: unknown }).kind}" (valid: z-beta, w-square, as-hidden)`);
  }
  if (rules.literal !== 'conservative' && rules.literal !== 'thesis-code') {
    throw new Error(`literal must be 'conservative' or 'thesis-code' (got "${String(rules.literal)}")`);
  }
  for (const key of ['stabilizer', 'lstmStabilizer'] as const) {
    const v = rules[key];
    if (!Number.isFinite(v) || v < 0) throw new Error(`${key} must be a finite number ≥ 0 (got ${v})`);
  }
  return rules;
}
