/** The method registry: ids, defaults, presets, and the preconditions checked when a method is built. */
import { describe, expect, it } from 'vitest';
import { buildMethod, buildMethodList, buildMethodSpec, METHOD_IDS } from './registry';
import { METHOD_CATALOG } from './methods-catalog';

describe('buildMethod', () => {
  it('an unknown id errors with the list of valid ids', () => {
    expect(() => buildMethod('lrp-gamma')).toThrow(
      'unknown method "lrp-gamma"; valid ids: sensitivity, gradient-x-input, guided-backprop, deep-taylor, lrp-alpha-beta, lrp-epsilon',
    );
  });
  it('lrp-alpha-beta with α − β ≠ 1 errors clearly', () => {
    expect(() => buildMethod('lrp-alpha-beta', { alpha: 2, beta: 0.5 })).toThrow('lrp-alpha-beta needs α − β = 1, got α = 2, β = 0.5 (α − β = 1.5)');
  });
  it('lrp-alpha-beta defaults to the thesis α1.5β0.5, conservative, z^β pixels', () => {
    const m = buildMethod('lrp-alpha-beta');
    expect(m.label).toBe('LRP-α1.5β0.5');
    expect(m.plan).toEqual({
      kind: 'lrp',
      rules: {
        hidden: { kind: 'alpha-beta', alpha: 1.5, beta: 0.5, conservative: true },
        pixel: { kind: 'z-beta', low: -1, high: 1 },
        literal: 'conservative',
        stabilizer: 1e-9,
        lstmStabilizer: 1e-10,
      },
    });
  });
  it('one of α, β given derives the other from α − β = 1; decimal pairs like 1.2/0.2 pass', () => {
    expect(buildMethod('lrp-alpha-beta', { alpha: 3 }).params.beta).toBe(2);
    expect(buildMethod('lrp-alpha-beta', { beta: 1 }).params.alpha).toBe(2);
    expect(buildMethod('lrp-alpha-beta', { alpha: 1.2, beta: 0.2 }).label).toBe('LRP-α1.2β0.2');
  });
  it('the thesis flags: conservative false, literal thesis-code', () => {
    const m = buildMethod('lrp-alpha-beta', { conservative: false, literal: 'thesis-code' });
    expect(m.plan.kind === 'lrp' && m.plan.rules.hidden).toEqual({ kind: 'alpha-beta', alpha: 1.5, beta: 0.5, conservative: false });
    expect(m.plan.kind === 'lrp' && m.plan.rules.literal).toBe('thesis-code');
  });
  it('rejects unknown parameters, wrong types, out-of-range values and bad choices', () => {
    expect(() => buildMethod('deep-taylor', { alpha: 2 })).toThrow('method "deep-taylor" has no parameter "alpha"; its parameters: pixelRule, literal, stabilizer, lstmStabilizer');
    expect(() => buildMethod('sensitivity', { x: 1 })).toThrow('it takes no parameters');
    expect(() => buildMethod('lrp-epsilon', { epsilon: '0.1' })).toThrow('lrp-epsilon: parameter "epsilon" must be a finite number, got 0.1');
    expect(() => buildMethod('lrp-epsilon', { epsilon: -1 })).toThrow('must lie in [0, 100], got -1');
    expect(() => buildMethod('lrp-alpha-beta', { conservative: 'yes' })).toThrow('must be true or false');
    expect(() => buildMethod('deep-taylor', { pixelRule: 'as-hidden' })).toThrow('must be one of z-beta, w-square, got as-hidden');
    expect(() => buildMethod('guided-backprop', { sigmoid: 'tanh' })).toThrow('must be one of none, plain');
  });
  it('deep-taylor is z⁺ on hidden layers and z^β (or w²) on pixels', () => {
    const m = buildMethod('deep-taylor', { pixelRule: 'w-square' });
    expect(m.plan.kind === 'lrp' && m.plan.rules.pixel).toEqual({ kind: 'w-square' });
    expect(m.label).toBe('Deep Taylor decomposition (w²)');
  });
  it('gradient methods: plans', () => {
    expect(buildMethod('sensitivity').plan).toEqual({ kind: 'gradient', output: 'square', guided: null });
    expect(buildMethod('gradient-x-input').plan).toEqual({ kind: 'gradient', output: 'times-input', guided: null });
    expect(buildMethod('guided-backprop').plan).toEqual({ kind: 'gradient', output: 'square', guided: { sigmoid: 'none' } });
  });
});

describe('specs and lists', () => {
  it('lrp-alpha-beta:a1b0 builds exactly the rule set of deep-taylor', () => {
    const a = buildMethodSpec('lrp-alpha-beta:a1b0');
    expect(a.label).toBe('LRP-α1β0');
    expect(a.plan).toEqual(buildMethod('deep-taylor').plan);
  });
  it('presets α2β1 and α1.5β0.5; an unknown preset lists the valid ones', () => {
    expect(buildMethodSpec('lrp-alpha-beta:a2b1').params).toMatchObject({ alpha: 2, beta: 1 });
    expect(buildMethodSpec('lrp-alpha-beta:a1.5b0.5').params).toMatchObject({ alpha: 1.5, beta: 0.5 });
    expect(() => buildMethodSpec('lrp-alpha-beta:a3b1')).toThrow('valid: lrp-alpha-beta:a1b0, lrp-alpha-beta:a1.5b0.5, lrp-alpha-beta:a2b1');
    expect(() => buildMethodSpec('sensitivity:x')).toThrow('it has no presets');
  });
  it("'all' is every method, 'thesis' the four of the thesis's evaluation", () => {
    expect(buildMethodList('all').map((m) => m.id)).toEqual([...METHOD_IDS]);
    expect(buildMethodList('thesis').map((m) => m.label)).toEqual(['Sensitivity analysis', 'Guided backprop', 'Deep Taylor decomposition', 'LRP-α1.5β0.5']);
    expect(buildMethodList('deep-taylor, lrp-alpha-beta:a2b1,deep-taylor').map((m) => m.label)).toEqual(['Deep Taylor decomposition', 'LRP-α2β1']);
    expect(() => buildMethodList(' , ')).toThrow('empty method list');
  });
});

describe('the catalog', () => {
  it('describes every id once, with defaults inside their ranges and presets that build', () => {
    expect(METHOD_CATALOG.map((m) => m.id)).toEqual([...METHOD_IDS]);
    for (const m of METHOD_CATALOG) {
      expect(m.description.length).toBeGreaterThan(80);
      for (const p of m.params) {
        if (p.type === 'number') expect(p.default >= p.min && p.default <= p.max).toBe(true);
        if (p.type === 'choice') expect(p.choices).toContain(p.default);
      }
      for (const pr of m.presets) expect(buildMethodSpec(`${m.id}:${pr.id}`).label).toBe(pr.name);
      expect(buildMethod(m.id).id).toBe(m.id);
    }
  });
});
