import { describe, expect, it } from 'vitest';
import type { PerturbationCurves } from '../../protocol/messages';
import { RANDOM_COLOUR, curveChartData, methodColour, patchCount, patchSizes, rankByAopc } from './perturbation-chart';

const result = (over: Partial<PerturbationCurves> = {}): PerturbationCurves => ({
  slot: 'i:deep',
  version: 3,
  width: 84,
  T: 12,
  target: 7,
  predicted: 7,
  fill: 'background',
  patch: 4,
  steps: 3,
  patches: 147,
  methods: [
    { method: 'sensitivity', label: 'Sensitivity analysis', curve: [5, 4.5, 4, 3.9], aopc: (0 + 0.5 + 1 + 1.1) / 4, empty: false },
    { method: 'deep-taylor', label: 'Deep Taylor decomposition', curve: [5, 2, 0.5, -1], aopc: (0 + 3 + 4.5 + 6) / 4, empty: false },
  ],
  random: {
    curves: [
      [5, 5, 4.6, 4.4],
      [5, 4.8, 4.8, 3.6],
    ],
    mean: [5, 4.9, 4.7, 4],
    aopc: (0 + 0.1 + 0.3 + 1) / 4,
  },
  backend: 'wasm',
  ms: 10,
  ...over,
});

describe('curveChartData', () => {
  it('gives one line per method and the random reference last, dashed, each with its AOPC and its lead over random', () => {
    const d = curveChartData(result(), null);
    expect(d.series.map((s) => [s.id, s.dashed])).toEqual([
      ['sensitivity', false],
      ['deep-taylor', false],
      ['random', true],
    ]);
    expect(d.series[2].label).toBe('Random order (mean of 2)');
    expect(d.series[2].colour).toBe(RANDOM_COLOUR);
    expect(d.series[1].label).toBe('Deep Taylor'); // the grid's short row label
    expect(d.series[1].overRandom).toBeCloseTo(13.5 / 4 - 1.4 / 4, 12);
    expect(d.series[0].overRandom).toBeCloseTo(2.6 / 4 - 1.4 / 4, 12);
    expect([d.steps, d.start]).toEqual([3, 5]);
  });

  it('puts the opened cell’s method last among the methods (drawn on top) and marks it', () => {
    const d = curveChartData(result(), 'sensitivity');
    expect(d.series.map((s) => [s.id, s.highlight])).toEqual([
      ['deep-taylor', false],
      ['sensitivity', true],
      ['random', false],
    ]);
  });

  it('spans every curve and the random orders’ band in y; a flat chart still gets a range', () => {
    const d = curveChartData(result(), null);
    expect(d.y).toEqual([-1, 5]);
    expect(d.band).toEqual({ lo: [5, 4.8, 4.6, 3.6], hi: [5, 5, 4.8, 4.4] });
    const flat = curveChartData(
      result({ methods: [{ method: 'sensitivity', label: 'S', curve: [2, 2], aopc: 0, empty: true }], random: { curves: [[2, 2]], mean: [2, 2], aopc: 0 }, steps: 1 }),
      null,
    );
    expect(flat.band).toBeNull();
    expect(flat.y[0]).toBeLessThan(2);
    expect(flat.y[1]).toBeGreaterThan(2);
    expect(flat.series[0].empty).toBe(true);
    expect(flat.series[1].label).toBe('Random order');
  });

  it('ranks by AOPC, the steepest fall first', () => {
    expect(rankByAopc(curveChartData(result(), null).series).map((s) => s.id)).toEqual(['deep-taylor', 'sensitivity', 'random']);
  });
});

describe('patch sizes and colours', () => {
  it('offers the patch sides that divide 28 and the width', () => {
    expect(patchSizes(84)).toEqual([2, 4, 7, 14]);
    expect(patchSizes(28)).toEqual([2, 4, 7, 14]);
    expect(patchSizes(84, 1, 28)).toEqual([1, 2, 4, 7, 14, 28]);
    expect([patchCount(84, 4), patchCount(84, 7), patchCount(28, 14)]).toEqual([147, 48, 4]);
  });

  it('gives each method row its own colour', () => {
    const specs = ['sensitivity', 'guided-backprop', 'gradient-x-input', 'deep-taylor', 'lrp-alpha-beta:a1.5b0.5'];
    expect(new Set(specs.map(methodColour)).size).toBe(5);
    expect(specs.map(methodColour)).not.toContain(RANDOM_COLOUR);
  });
});
