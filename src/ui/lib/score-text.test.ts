import { describe, expect, it } from 'vitest';
import { methodKind } from './methods';
import { conservationView, cosineView } from './score-text';

const cell = (p: { cosine?: number | null; shares?: number[]; sum?: number; logit?: number }) => {
  const logit = p.logit ?? 18;
  const target = Math.max(0, logit);
  const sum = p.sum ?? target;
  return { cosine: p.cosine === undefined ? 0.731 : p.cosine, blockShares: p.shares ?? [0.01, 0.03, 0.96], conservation: { sum, logit, target, error: Math.abs(sum - target) } };
};

describe('cosineView', () => {
  it('shows a defined cosine with three decimals', () => {
    expect(cosineView(cell({}), methodKind('deep-taylor'))).toEqual({ value: 0.731, text: '0.731', reason: null, short: null });
  });

  it('is n/a when no class appears twice (no mask)', () => {
    const v = cosineView(cell({ cosine: null }), methodKind('sensitivity'));
    expect([v.value, v.text, v.short]).toEqual([null, 'n/a', 'no class appears twice']);
  });

  it('is n/a, not the thesis’s 0, for an empty LRP heatmap: the explained output is ≤ 0', () => {
    const v = cosineView(cell({ cosine: 0, shares: [0, 0, 0], logit: -0.117 }), methodKind('lrp-alpha-beta:a1.5b0.5'));
    expect(v.text).toBe('n/a');
    expect(v.reason).toBe("the explained class's output is -0.117 ≤ 0: LRP starts from relu(y) = 0, so the heatmap is empty");
    expect(v.short).toBe('output -0.117 ≤ 0, nothing to explain');
  });

  it('is n/a for any heatmap without positive relevance, whatever the output', () => {
    const v = cosineView(cell({ cosine: 0, shares: [0, 0, 0], logit: 3 }), methodKind('gradient-x-input'));
    expect([v.text, v.short]).toEqual(['n/a', 'no positive relevance']);
  });
});

describe('conservationView', () => {
  it('says what share of the output a conservative heatmap adds up to, the precise figures aside', () => {
    const v = conservationView(cell({ sum: 17.9999, logit: 18 }), methodKind('deep-taylor'));
    expect(v.text).toBe('total 100 % of output');
    expect(v.figure).toBe('ΣR 18 · relu(y) 18');
    expect(v.title).toMatch(/^A conservative method/);
    expect(conservationView(cell({ sum: 24.4, logit: 23.3 }), methodKind('gradient-x-input')).text).toBe('total 104.7 % of output');
  });

  it('gives a squared gradient’s total beside the output, not as a share', () => {
    const v = conservationView(cell({ sum: 22.5, logit: 18 }), methodKind('sensitivity'));
    expect(v.text).toBe('total 22.5 · output 18');
    expect(v.title).toMatch(/squared gradient/);
  });

  it('says there is nothing to spread when LRP explains an output ≤ 0', () => {
    const v = conservationView(cell({ sum: 0, logit: -0.0982 }), methodKind('deep-taylor'));
    expect(v.text).toBe('total 0 · output -0.0982');
    expect(v.figure).toBe('ΣR 0 · relu(y) 0');
    expect(v.title).toMatch(/nothing to spread/);
  });
});
