import { describe, expect, it } from 'vitest';
import { PRESET_IDS, PRESETS } from '../../core/cells/presets';
import { graphOf, layerRules, methodCard, pixelStep } from './method-card';
import { METHOD_SPECS } from './methods';
import { texToHtml } from './tex';

const graph = (preset: (typeof PRESET_IDS)[number]) => graphOf({ arch: PRESETS[preset].arch, T: 12, width: 84 })!;
const rulesOf = (spec: string, preset: (typeof PRESET_IDS)[number]) => Object.fromEntries(layerRules(spec, graph(preset)).map((r) => [r.layer, r.rule]));

describe('method cards', () => {
  it.each(METHOD_SPECS)('%s: the formula and every layer of every cell typeset with KaTeX; one row per layer', (spec) => {
    const card = methodCard(spec);
    expect(texToHtml(card.formula, true)).toContain('katex-display');
    expect(card.intuition).toHaveLength(2);
    expect(card.source).toMatch(/§|Not in the thesis/);
    for (const preset of PRESET_IDS) {
      const g = graph(preset);
      const rows = layerRules(spec, g);
      expect(rows.map((r) => r.layer)).toEqual(g.layers.map((l) => l.id));
      for (const r of rows) {
        expect(() => texToHtml(r.tex), `${spec} ${preset} ${r.layer}: ${r.tex}`).not.toThrow();
        expect(r.rule).not.toMatch(/cannot be explained/);
      }
    }
  });

  it('fills α and β into LRP-αβ’s formula', () => {
    expect(methodCard('lrp-alpha-beta:a2b1').formula).toContain(String.raw`\alpha = 2,\ \beta = 1`);
    expect(methodCard('lrp-alpha-beta:a1.5b0.5').formula).toContain(String.raw`\alpha = 1.5,\ \beta = 0.5`);
  });

  it('deep Taylor on Deep: z^β on the pixel layer, z⁺ everywhere else, starting from relu(y_c) at the head', () => {
    expect(rulesOf('deep-taylor', 'deep')).toEqual({
      input_1: 'z^β rule (pixels in [-1, 1])',
      input_to_cell: 'z⁺ rule',
      recurrent: 'z⁺ rule',
      output_1: 'z⁺ rule',
      output_2: 'z⁺ rule; starts from relu(y_c) of the explained class',
    });
  });

  it('Shallow’s [pixels, state] layer runs the mixed rule; LRP-ε runs ε over it and over the pixels', () => {
    expect(rulesOf('lrp-alpha-beta:a1.5b0.5', 'shallow').input).toBe('mixed rule, one denominator: z^β on the pixels, the αβ rule (α = 1.5, β = 0.5) on the state');
    expect(rulesOf('lrp-epsilon', 'shallow').input).toBe('LRP-ε rule (ε = 0.001)');
    expect(rulesOf('lrp-epsilon', 'deep').input_1).toBe('LRP-ε rule (ε = 0.001)');
  });

  it('Conv⁺: conv1 mixes pixels with the literal channels (conservatively), conv2 runs the hidden rule over both, pools are proportional', () => {
    const r = rulesOf('deep-taylor', 'conv-plus-deep');
    expect(r.conv1).toBe('mixed rule, one denominator: z^β on the pixels, the z⁺ rule on the literal channels as x(αW⁺ − βW⁻)R/z');
    expect(r.conv2).toBe('z⁺ rule (over the channels and the literal channels)');
    expect(r.pool1).toMatch(/^pooling rule/);
    expect(rulesOf('deep-taylor', 'conv-deep').conv1).toBe('z^β rule (pixels in [-1, 1])');
  });

  it('R-LSTM: no relevance enters the gates, the cell state splits by p; guided backprop passes no gradient into the gates, sensitivity does', () => {
    const lrp = rulesOf('deep-taylor', 'r-lstm-sd');
    expect(lrp.gate_i).toMatch(/^none: the gate counts as a constant/);
    expect(lrp.cell).toMatch(/^split p = f ⊙ c\(t−1\) \/ \(c\(t\) \+ 1e-10\)/);
    expect(lrp.candidate).toBe('z⁺ rule');
    expect(rulesOf('guided-backprop', 'r-lstm').gate_f).toMatch(/^no gradient/);
    expect(rulesOf('guided-backprop', 'r-lstm').candidate).toMatch(/^guided ReLU/);
    expect(rulesOf('sensitivity', 'r-lstm').gate_f).toBe('gradient through σ′');
  });

  it('says where relevance leaks: the z⁻ = 0 units of αβ (conservative here), ε, the gates; gradient × input sums to y only without gates', () => {
    const ab = methodCard('lrp-alpha-beta:a1.5b0.5', graph('deep'));
    expect(ab.conserves).toBe(true);
    expect(ab.leaks.some((l) => l.includes('z⁻ = 0') && l.includes('nothing leaks'))).toBe(true);
    expect(methodCard('deep-taylor', graph('deep')).leaks.some((l) => l.includes('z⁻ = 0'))).toBe(false);
    expect(methodCard('lrp-epsilon', graph('deep')).leaks.some((l) => l.startsWith('ε = 0.001'))).toBe(true);
    expect(methodCard('lrp-epsilon').conserves).toBe(false);
    expect(methodCard('deep-taylor', graph('r-lstm')).leaks.some((l) => l.startsWith('R-LSTM'))).toBe(true);
    expect(methodCard('deep-taylor', graph('conv-plus-deep')).leaks.some((l) => l.startsWith('Conv⁺'))).toBe(true);
    expect(methodCard('gradient-x-input', graph('deep')).conservation).toMatch(/sums to y_c exactly/);
    expect(methodCard('gradient-x-input', graph('r-lstm')).conservation).toMatch(/^Not conservative in this cell/);
    expect(methodCard('sensitivity').conservation).toMatch(/‖∇y_c‖²/);
    expect(pixelStep('sensitivity')).toMatch(/squared/);
    expect(pixelStep('gradient-x-input')).toMatch(/times the pixel value/);
  });

  it('has no graph for an unknown architecture', () => {
    expect(graphOf({ arch: 'transformer', T: 12, width: 84 })).toBeNull();
  });
});
