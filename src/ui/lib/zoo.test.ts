/** The zoo's page data: evaluation files, the comparison chart's rows, and how a bundled model's accuracy reads. */
import { describe, expect, it } from 'vitest';
import { parseBundleIndex, type BundleEntry } from './bundle-index';
import { accuracyText, fmtBar, trainingText } from './bundle-text';
import { CELL_COLORS, COMPARISON_GROUPS, comparisonChart, evalMatchesSpec, type EvalLoad } from './comparison';
import { parseZooEval, type ZooEval } from './zoo-eval';
import { THESIS_CELLS } from '../../core/cells/presets';

const stat = (mean: number, n = 300) => ({ mean, lo: mean - 0.01, hi: mean + 0.01, n });
const group = (mean: number) => ({ n: 300, cosine: stat(mean), majorityShare: stat(0.8), adjustedMajorityShare: stat(0.7), conservation: { maxError: 1e-5, maxRelativeError: 1e-6, meanError: 1e-7 } });
const METHODS: [string, Record<string, unknown>][] = [
  ['sensitivity', {}],
  ['guided-backprop', { sigmoid: 'none' }],
  ['gradient-x-input', {}],
  ['deep-taylor', { pixelRule: 'z-beta' }],
  ['lrp-alpha-beta', { alpha: 1.5, beta: 0.5, conservative: true }],
];
/** An evaluation file whose method k has mean cosine base + k / 100. */
const evalFile = (preset: string, dataset: string, base: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    format: 'rrx-zoo-eval',
    version: 1,
    id: `${preset}-${dataset}-maj`,
    preset,
    dataset,
    task: 'maj',
    T: 12,
    split: 'test',
    n: 300,
    accuracy: 0.97,
    correct: 291,
    model: { epochsDone: 6, iterations: 5760 },
    methods: METHODS.map(([id, params], k) => ({ id, label: id, params, all: group(base + k / 100), correct: group(base + k / 100 + 0.05) })),
    ...extra,
  });
const parsed = (text: string): ZooEval => {
  const r = parseZooEval(text);
  if (!r.ok) throw new Error(r.error);
  return r.eval;
};

describe('parseZooEval', () => {
  it('reads an rrx-zoo-eval v1 file', () => {
    const e = parsed(evalFile('deep', 'mnist', 0.6));
    expect([e.preset, e.dataset, e.n, e.accuracy, e.model, e.methods.map((m) => m.id)]).toEqual(['deep', 'mnist', 300, 0.97, { epochsDone: 6, iterations: 5760 }, METHODS.map(([id]) => id)]);
    expect(e.methods[4].all.cosine).toEqual({ mean: 0.64, lo: 0.63, hi: 0.65, n: 300 });
    expect(e.methods[4].correct.conservation.maxError).toBe(1e-5);
  });
  it('reads missing or non-numeric statistics as null', () => {
    const text = JSON.stringify({ ...JSON.parse(evalFile('deep', 'mnist', 0.6)), methods: [{ id: 'sensitivity', all: { n: 1, cosine: { mean: 0.5, lo: null, hi: 'x' } } }] });
    const m = parsed(text).methods[0];
    expect([m.label, m.all.cosine, m.all.majorityShare.mean, m.correct.n, m.all.conservation.maxError]).toEqual(['sensitivity', { mean: 0.5, lo: null, hi: null, n: null }, null, null, null]);
  });
  it('refuses what is not such a file, naming why', () => {
    const e = (text: string) => {
      const r = parseZooEval(text);
      return r.ok ? 'ok' : r.error;
    };
    expect([
      e('<!doctype html>'),
      e('{'),
      e(evalFile('deep', 'mnist', 0.6, { format: 'rrx-model' })),
      e(evalFile('deep', 'mnist', 0.6, { version: 2 })),
      e(evalFile('deep-v9', 'mnist', 0.6)),
      e(evalFile('deep', 'cifar', 0.6)),
      e(evalFile('deep', 'mnist', 0.6, { methods: {} })),
      e(evalFile('deep', 'mnist', 0.6, { methods: [{ label: 'x' }] })),
    ]).toEqual([
      'not found',
      'not JSON',
      'format is "rrx-model", expected "rrx-zoo-eval"',
      'version 2 is not supported (expected 1)',
      'unknown preset "deep-v9"',
      'unknown dataset "cifar"',
      'no "methods" list',
      'method 0 has no id',
    ]);
  });
});

describe('evalMatchesSpec', () => {
  it('matches an evaluated method to the grid spec by id and, for a preset, by its parameters', () => {
    const lrp = (params: Record<string, unknown>) => ({ id: 'lrp-alpha-beta', params });
    expect([
      evalMatchesSpec({ id: 'sensitivity', params: {} }, 'sensitivity'),
      evalMatchesSpec({ id: 'sensitivity', params: {} }, 'deep-taylor'),
      evalMatchesSpec(lrp({ alpha: 1.5, beta: 0.5 }), 'lrp-alpha-beta:a1.5b0.5'),
      evalMatchesSpec(lrp({ alpha: 2, beta: 1 }), 'lrp-alpha-beta:a1.5b0.5'),
      evalMatchesSpec(lrp({ alpha: 2, beta: 1 }), 'lrp-alpha-beta:a2b1'),
      evalMatchesSpec(lrp({}), 'lrp-alpha-beta:a1.5b0.5'), // the catalog's defaults are α1.5β0.5
      evalMatchesSpec(lrp({ alpha: 1.5, beta: 0.5 }), 'lrp-alpha-beta:nope'),
    ]).toEqual([true, false, true, false, true, true, false]);
  });
});

describe('comparisonChart', () => {
  const index = parseBundleIndex(
    JSON.stringify([
      // out of the thesis's order on purpose
      { id: 'rsd-m', preset: 'r-lstm-sd', dataset: 'mnist', task: 'maj', T: 12, path: 'rsd-m', eval: 'eval.json' },
      { id: 'deep-m', preset: 'deep', dataset: 'mnist', task: 'maj', T: 12, path: 'deep-m', eval: 'eval.json', testAccuracy: 0.9812 },
      { id: 'shallow-m', preset: 'shallow', dataset: 'mnist', task: 'maj', T: 12, path: 'shallow-m', eval: 'eval.json' },
      { id: 'rl-m', preset: 'r-lstm', dataset: 'mnist', task: 'maj', T: 12, path: 'rl-m', status: 'in-training' },
      { id: 'cd-m', preset: 'conv-deep', dataset: 'mnist', task: 'maj', T: 12, path: 'cd-m', eval: 'eval.json' },
      { id: 'dv2-m', preset: 'deep-v2', dataset: 'mnist', task: 'maj', T: 12, path: 'dv2-m', eval: 'eval.json' },
      { id: 'dsd-m', preset: 'deep-sd', dataset: 'mnist', task: 'maj', T: 12, path: 'dsd-m', eval: 'eval.json' },
      { id: 'deep-f', preset: 'deep', dataset: 'fashion', task: 'maj', T: 12, path: 'deep-f', eval: 'eval.json' },
    ]),
    'http://x/models/index.json',
  );
  const entries: BundleEntry[] = index.status === 'ready' ? index.entries : [];
  const evals: Record<string, EvalLoad> = {
    'rsd-m': { status: 'ready', eval: parsed(evalFile('r-lstm-sd', 'mnist', 0.9)) },
    'deep-m': { status: 'ready', eval: parsed(evalFile('deep', 'mnist', 0.6)) },
    'shallow-m': { status: 'loading' },
    'cd-m': { status: 'error', error: 'HTTP 404' },
    'dv2-m': { status: 'ready', eval: parsed(evalFile('conv-deep', 'mnist', 0.7)) },
    'deep-f': { status: 'ready', eval: parsed(evalFile('deep', 'fashion', 0.5)) },
  };

  it('has one bar per evaluated cell in every method group, cells in the thesis’s order', () => {
    const c = comparisonChart(entries, evals, 'mnist');
    expect(c.groups.map((g) => g.short)).toEqual(['SA', 'GB', 'Simple Taylor', 'DTD', 'LRP-α1.5β0.5']);
    expect(c.cells.map((x) => [x.preset, x.name, x.entry.id, x.color])).toEqual([
      ['deep', 'Deep', 'deep-m', CELL_COLORS.deep],
      ['r-lstm-sd', 'R-LSTM-SD', 'rsd-m', CELL_COLORS['r-lstm-sd']],
    ]);
    expect(c.bars.map((b) => [b.group, b.spec, b.preset, b.entryId, b.cosine.mean])).toEqual(
      COMPARISON_GROUPS.flatMap((g, k) => [
        [k, g.spec, 'deep', 'deep-m', expect.closeTo(0.6 + k / 100, 12)],
        [k, g.spec, 'r-lstm-sd', 'rsd-m', expect.closeTo(0.9 + k / 100, 12)],
      ]),
    );
    expect(c.bars[0].cosine).toEqual({ mean: 0.6, lo: 0.59, hi: 0.61, n: 300 });
    expect([c.cells[0].accuracy, c.cells[0].n, c.cells[0].entry.testAccuracy, c.loading]).toEqual([0.97, 300, 0.9812, 2]); // shallow (loading) and deep-sd (not asked for yet)
  });

  it('says why each other thesis cell has no bar', () => {
    const c = comparisonChart(entries, evals, 'mnist');
    expect(c.gaps.map((g) => [g.preset, g.reason])).toEqual([
      ['shallow', 'loading its evaluation…'],
      ['deep-v2', 'its evaluation is for conv-deep on mnist'],
      ['conv-deep', 'its evaluation could not be read (HTTP 404)'],
      ['conv-plus-deep', 'no bundled model'],
      ['r-lstm', 'in training, not evaluated yet'],
      ['deep-sd', 'loading its evaluation…'], // not asked for yet: counts as loading
      ['conv-r-lstm-sd', 'no bundled model'],
      ['conv-plus-r-lstm-sd', 'no bundled model'],
    ]);
    expect(c.cells.length + c.gaps.length).toBe(THESIS_CELLS.length);
  });

  it('keeps the datasets apart, and leaves out a method the file lacks', () => {
    const f = comparisonChart(entries, evals, 'fashion');
    expect([f.cells.map((x) => x.entry.id), f.bars.length, f.bars[3].cosine.mean]).toEqual([['deep-f'], 5, 0.53]);
    const noLrp = parsed(evalFile('deep', 'fashion', 0.5));
    noLrp.methods = noLrp.methods.filter((m) => m.id !== 'lrp-alpha-beta');
    const g = comparisonChart(entries, { 'deep-f': { status: 'ready', eval: noLrp } }, 'fashion');
    expect(g.bars.map((b) => b.spec)).toEqual(['sensitivity', 'guided-backprop', 'gradient-x-input', 'deep-taylor']);
  });

  it('gives the ten thesis cells ten different colours', () => {
    expect(new Set(THESIS_CELLS.map((p) => CELL_COLORS[p])).size).toBe(10);
  });
});

describe('bundled model text', () => {
  const entry = (p: Partial<BundleEntry>): BundleEntry => ({ id: 'x', preset: 'deep', dataset: 'mnist', task: 'maj', T: 12, url: 'http://x/', ...p });
  it('puts the test accuracy beside the thesis’s and says whether it meets the bar', () => {
    expect(accuracyText(entry({ testAccuracy: 0.9812, thesisAccuracy: 0.9816, bar: 0.98 }))).toEqual({ text: '98.12 % · thesis 98.16 %', bar: 'meets the 98 % bar', meets: true });
    expect(accuracyText(entry({ testAccuracy: 0.9733, thesisAccuracy: 0.9792, bar: 0.974 }))).toEqual({ text: '97.33 % · thesis 97.92 %', bar: 'below the 97.4 % bar', meets: false });
    expect(accuracyText(entry({ thesisAccuracy: 0.8981, bar: 0.85 }), 0.8174)).toEqual({ text: '81.74 % · thesis 89.81 %', bar: 'below the 85 % bar', meets: false });
    expect(accuracyText(entry({ thesisAccuracy: 0.8981 }))).toEqual({ text: 'thesis 89.81 %', bar: null, meets: undefined });
    expect(accuracyText(entry({}))).toEqual({ text: null, bar: null, meets: undefined });
    expect([fmtBar(0.98), fmtBar(0.974), fmtBar(0.85)]).toEqual(['98 %', '97.4 %', '85 %']);
  });
  it('marks a model still in training with its epochs', () => {
    expect([
      trainingText(entry({ status: 'in-training', epochsDone: 12, epochs: 30 })),
      trainingText(entry({ status: 'in-training', epochsDone: 1 })),
      trainingText(entry({ status: 'in-training' })),
      trainingText(entry({ status: 'trained', epochsDone: 30, epochs: 30 })),
      trainingText(entry({})),
    ]).toEqual(['in training · 12 of 30 epochs', 'in training · 1 epoch', 'in training', null, null]);
  });
});
