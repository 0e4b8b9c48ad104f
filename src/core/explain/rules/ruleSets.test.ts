import { describe, expect, it } from 'vitest';
import { alphaBetaRules, deepTaylorRules, epsilonRules, RULESETS, ruleSet, thesisCodeVariant } from './ruleSets';
import { validateRuleSet } from './validateRuleSet';

describe('rule sets', () => {
  it('deep Taylor is z⁺ (α1β0, conservative) on hidden layers and z^β(−1, 1) on pixels, with the thesis stabilisers', () => {
    expect(RULESETS['deep-taylor']).toEqual({
      hidden: { kind: 'alpha-beta', alpha: 1, beta: 0, conservative: true },
      pixel: { kind: 'z-beta', low: -1, high: 1 },
      literal: 'conservative',
      stabilizer: 1e-9,
      lstmStabilizer: 1e-10,
    });
  });

  it('the αβ presets are α1β0, α1.5β0.5 (thesis default) and α2β1, all with z^β pixels', () => {
    const ab = (id: string) => {
      const r = ruleSet(id);
      return r.hidden.kind === 'alpha-beta' ? [r.hidden.alpha, r.hidden.beta, r.pixel.kind] : null;
    };
    expect(ab('alpha1-beta0')).toEqual([1, 0, 'z-beta']);
    expect(ab('alpha1.5-beta0.5')).toEqual([1.5, 0.5, 'z-beta']);
    expect(ab('alpha2-beta1')).toEqual([2, 1, 'z-beta']);
  });

  it('LRP-0 and LRP-ε apply ε to the pixels too', () => {
    expect(RULESETS['lrp-0'].hidden).toEqual({ kind: 'epsilon', epsilon: 0 });
    expect(RULESETS['lrp-0'].pixel).toEqual({ kind: 'as-hidden' });
    expect(epsilonRules(0.25).hidden).toEqual({ kind: 'epsilon', epsilon: 0.25 });
  });

  it('an unknown id throws with the list of valid ids', () => {
    expect(() => ruleSet('alpha3-beta1')).toThrow(
      'unknown rule set "alpha3-beta1" (valid: deep-taylor, alpha1-beta0, alpha1.5-beta0.5, alpha2-beta1, epsilon, lrp-0)',
    );
  });

  it('α − β ≠ 1 is rejected with a clear error; decimal pairs like α1.2β0.2 pass', () => {
    expect(() => alphaBetaRules(2, 0.5)).toThrow('LRP-αβ needs α − β = 1 (got α=2, β=0.5, α − β = 1.5)');
    expect(() => alphaBetaRules(0.5, -0.5)).toThrow('LRP-αβ needs β ≥ 0 (got β=-0.5)');
    const r = alphaBetaRules(1.2, 0.2);
    expect(r.hidden).toEqual({ kind: 'alpha-beta', alpha: 1.2, beta: 0.2, conservative: true });
  });

  it('other preconditions: stabilisers ≥ 0, z^β bounds low ≤ 0 < high, ε ≥ 0', () => {
    expect(() => deepTaylorRules({ stabilizer: -1 })).toThrow('stabilizer must be a finite number ≥ 0 (got -1)');
    expect(() => deepTaylorRules({ pixel: { kind: 'z-beta', low: 0.5, high: 1 } })).toThrow(/low ≤ 0 < high/);
    expect(() => epsilonRules(-0.1)).toThrow('LRP-ε needs a finite ε ≥ 0 (got -0.1)');
    expect(validateRuleSet(deepTaylorRules({ stabilizer: 0 })).stabilizer).toBe(0);
  });

  it('thesisCodeVariant switches on both non-conservative behaviours and keeps the rest', () => {
    const t = thesisCodeVariant(RULESETS['alpha1.5-beta0.5']);
    expect(t.hidden).toEqual({ kind: 'alpha-beta', alpha: 1.5, beta: 0.5, conservative: false });
    expect(t.literal).toBe('thesis-code');
    expect(t.stabilizer).toBe(1e-9);
    expect(RULESETS['alpha1.5-beta0.5'].literal).toBe('conservative');
  });

  it('presets are frozen values', () => {
    expect(Object.isFrozen(RULESETS['deep-taylor'])).toBe(true);
    expect(Object.isFrozen(RULESETS['deep-taylor'].hidden)).toBe(true);
  });

  it('per-row α, β of stacked methods are checked row by row', () => {
    const base = RULESETS['alpha1.5-beta0.5'];
    const withRows = (alpha: number[], beta: number[]) => ({ ...base, hidden: { ...base.hidden, perRow: { alpha, beta } } }) as typeof base;
    expect(() => validateRuleSet(withRows([1, 1.5], [0, 0.5]))).not.toThrow();
    expect(() => validateRuleSet(withRows([1, 1.5], [0]))).toThrow(/one entry per row/);
    expect(() => validateRuleSet(withRows([1, 2], [0, 0.5]))).toThrow(/row 1 has α=2, β=0.5/);
  });
});
