/**
 * Parameter specs (names, shapes, init), the thesis's parameter counts (thesis-code-facts.md §3),
 * and initWeights.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { useBackend } from '../../../test/tf-backend';
import { cellFromPreset } from './cellFromPreset';
import { createCell } from './createCell';
import { countParams } from './countParams';
import { initWeights } from './initWeights';

beforeAll(() => useBackend('cpu'));
afterAll(() => tf.disposeVariables());

const maj = (id: string, extra = {}) => cellFromPreset(id, { T: 12, width: 84, ...extra });
const seq = (id: string, T: number) => cellFromPreset(id, { T, width: 28 });
const shapes = (id: string, T = 12, width = 84) =>
  Object.fromEntries(cellFromPreset(id, { T, width }).params.map((p) => [p.name, p.shape]));

describe('parameter names and shapes, in manifest order', () => {
  it('shallow (d = 196)', () => {
    expect(maj('shallow').params.map((p) => p.name)).toEqual(['input/W', 'input/b', 'recurrent/W', 'recurrent/b', 'output/W', 'output/b']);
    expect(shapes('shallow')).toEqual({
      'input/W': [452, 256], 'input/b': [256], 'recurrent/W': [256, 256], 'recurrent/b': [256], 'output/W': [256, 10], 'output/b': [10],
    });
  });

  it('deep and deep-v2', () => {
    expect(maj('deep').params.map((p) => p.name)).toEqual([
      'input_1/W', 'input_1/b', 'input_to_cell/W', 'input_to_cell/b', 'recurrent/W', 'recurrent/b', 'output_1/W', 'output_1/b', 'output_2/W', 'output_2/b',
    ]);
    expect(shapes('deep')).toMatchObject({ 'input_1/W': [196, 256], 'input_to_cell/W': [512, 128], 'recurrent/W': [128, 256], 'output_1/W': [128, 32], 'output_2/W': [32, 10] });
    expect(shapes('deep-v2')).toMatchObject({ 'input_1/W': [196, 128], 'input_2/W': [128, 256], 'input_to_cell/W': [512, 128] });
  });

  it('conv stacks: conv1 [5,5,1|25,24], conv2 [3,3,24|56,32], flatten 7·⌈c/4⌉·32', () => {
    expect(shapes('conv-deep')).toMatchObject({ 'conv1/W': [5, 5, 1, 24], 'conv1/b': [24], 'conv2/W': [3, 3, 24, 32], 'input_1/W': [448, 128], 'input_to_cell/W': [384, 128] });
    expect(shapes('conv-plus-deep')).toMatchObject({ 'conv1/W': [5, 5, 25, 24], 'conv2/W': [3, 3, 56, 32], 'input_1/W': [448, 128] });
    expect(shapes('conv-deep', 1, 28)['input_1/W']).toEqual([1568, 128]);
    expect(shapes('conv-deep', 7, 28)['input_1/W']).toEqual([224, 128]);
    expect(shapes('conv-deep', 28, 28)['input_1/W']).toEqual([224, 128]); // c = 1 → 1 → 1 column
  });

  it('R-LSTM family: four [(F+R)×R] matrices, gate biases [R], R = 72 / 96 or lstmUnits', () => {
    expect(maj('r-lstm').params.map((p) => p.name)).toEqual([
      'input_1/W', 'input_1/b', 'gate_i/W', 'gate_i/b', 'gate_f/W', 'gate_f/b', 'gate_o/W', 'gate_o/b', 'candidate/W', 'candidate/b', 'output/W', 'output/b',
    ]);
    expect(shapes('r-lstm')).toMatchObject({ 'input_1/W': [196, 256], 'gate_i/W': [328, 72], 'gate_f/b': [72], 'candidate/W': [328, 72], 'output/W': [72, 10] });
    expect(shapes('conv-r-lstm-sd')).toMatchObject({ 'input_1/W': [448, 128], 'gate_o/W': [224, 96], 'output/W': [96, 10] });
    expect(maj('r-lstm', { lstmUnits: 75 }).params.find((p) => p.name === 'gate_i/W')!.shape).toEqual([331, 75]);
  });

  it('init specs: fan_in includes the recurrent rows; conv fan_in = k·k·Cin; bias conventions', () => {
    const spec = (id: string, name: string, bias: 'zero' | 'softplus' = 'zero') => maj(id, { bias }).params.find((p) => p.name === name)!;
    expect(spec('shallow', 'input/W').init).toEqual({ kind: 'truncated-normal', fanIn: 452 });
    expect(spec('conv-plus-deep', 'conv1/W').init).toEqual({ kind: 'truncated-normal', fanIn: 625 });
    expect(spec('conv-plus-deep', 'conv2/W').init).toEqual({ kind: 'truncated-normal', fanIn: 504 });
    expect(spec('deep', 'output_2/b')).toMatchObject({ init: { kind: 'zeros' }, trainable: false, thesisCount: 10 });
    expect(spec('deep', 'output_2/b', 'softplus')).toMatchObject({ init: { kind: 'softplus-bias', value: 0.01 }, trainable: true });
    expect(spec('r-lstm', 'gate_f/b')).toMatchObject({ init: { kind: 'zeros' }, trainable: true, thesisCount: 1 });
    expect(spec('r-lstm', 'candidate/b')).toMatchObject({ trainable: false, thesisCount: 72 });
  });
});

describe('parameter counts (thesis-code-facts.md §3)', () => {
  const thesisFigures: [string, () => ReturnType<typeof maj>, number, number][] = [
    ['Shallow T=4', () => seq('shallow', 4), 184_330, 184_330],
    ['Shallow T=7', () => seq('shallow', 7), 162_826, 162_826],
    ['Shallow T=1 (note A)', () => seq('shallow', 1), 269_322, 334_858],
    ['Shallow MAJ', () => maj('shallow'), 184_330, 184_330],
    ['Deep T=4', () => seq('deep', 4), 153_578, 153_578],
    ['Deep T=7', () => seq('deep', 7), 132_074, 132_074],
    ['Deep T=1 (note A)', () => seq('deep', 1), 271_338, 304_106],
    ['Deep MAJ', () => maj('deep'), 153_578, 153_578],
    ['Deep-SD MAJ', () => maj('deep-sd'), 153_578, 153_578],
    ['DeepV2 MAJ', () => maj('deep-v2'), 161_386, 161_386],
    ['ConvDeep MAJ', () => maj('conv-deep'), 151_802, 151_802],
    ['Conv⁺Deep MAJ', () => maj('conv-plus-deep'), 175_418, 175_418],
    ['R-LSTM MAJ (note B)', () => maj('r-lstm'), 145_701, 145_914],
    ['R-LSTM-SD MAJ (note B)', () => maj('r-lstm-sd'), 145_701, 145_914],
    ['ConvR-LSTM-SD MAJ (note B)', () => maj('conv-r-lstm-sd'), 152_125, 152_410],
    ['Conv⁺R-LSTM-SD MAJ (note B)', () => maj('conv-plus-r-lstm-sd'), 175_741, 176_026],
  ];
  for (const [name, make, thesis, trueCount] of thesisFigures) {
    it(`${name}: thesis ${thesis.toLocaleString('en')}, true ${trueCount.toLocaleString('en')}`, () => {
      expect(countParams(make())).toEqual({ thesis, true: trueCount });
    });
  }

  it('the reference code counts of §3.2 away from the thesis table (DeepV2 T=1/7, ConvDeep T=1/7)', () => {
    expect(countParams(seq('deep-v2', 7)).true).toBe(150_634);
    expect(countParams(seq('conv-deep', 7)).true).toBe(123_130);
    expect(countParams(seq('deep-v2', 1)).true).toBe(236_650);
    expect(countParams(seq('conv-deep', 1)).true).toBe(295_162);
  });

  it('the true count is the number of scalars initWeights makes', () => {
    const cell = maj('conv-plus-r-lstm-sd');
    const w = initWeights(cell, 1);
    expect(Object.values(w).reduce((n, v) => n + v.size, 0)).toBe(176_026);
    tf.dispose(Object.values(w));
  });
});

describe('initWeights', () => {
  it('truncated normal with σ = 1/√fan_in, nothing beyond 2σ; the same seed gives the same weights', () => {
    const cell = maj('shallow');
    const a = initWeights(cell, 7);
    const b = initWeights(cell, 7);
    const c = initWeights(cell, 8);
    const W = a['input/W'].dataSync();
    const sigma = 1 / Math.sqrt(452);
    let sum = 0;
    let sq = 0;
    let max = 0;
    for (const v of W) {
      sum += v;
      sq += v * v;
      max = Math.max(max, Math.abs(v));
    }
    const mean = sum / W.length;
    const sd = Math.sqrt(sq / W.length - mean * mean);
    expect(max).toBeLessThanOrEqual(2 * sigma * (1 + 1e-6));
    expect(Math.abs(mean)).toBeLessThan(0.02 * sigma);
    // A normal truncated at ±2σ has standard deviation 0.8796·σ.
    expect(sd / sigma).toBeGreaterThan(0.86);
    expect(sd / sigma).toBeLessThan(0.9);
    expect(Array.from(b['input/W'].dataSync())).toEqual(Array.from(W));
    expect(Array.from(c['input/W'].dataSync())).not.toEqual(Array.from(W));
    // Two tensors of one cell do not share a stream.
    expect(a['recurrent/W'].dataSync()[0]).not.toBe(W[0]);
    tf.dispose([...Object.values(a), ...Object.values(b), ...Object.values(c)]);
  });

  it("biases: 'zero' → frozen zeros; 'softplus' → softplus(b) = 0.01, trainable; gate biases → trainable zeros", () => {
    const z = initWeights(maj('r-lstm'), 1);
    expect(z['output/b'].trainable).toBe(false);
    expect(Array.from(z['output/b'].dataSync())).toEqual(new Array(10).fill(0));
    expect(z['gate_i/b'].trainable).toBe(true);
    expect(Array.from(z['gate_i/b'].dataSync())).toEqual(new Array(72).fill(0));
    expect(z['input_1/W'].trainable).toBe(true);
    const s = initWeights(maj('r-lstm', { bias: 'softplus' }), 1);
    const b = s['candidate/b'].dataSync();
    expect(s['candidate/b'].trainable).toBe(true);
    expect(Math.log1p(Math.exp(b[0]))).toBeCloseTo(0.01, 7);
    tf.dispose([...Object.values(z), ...Object.values(s)]);
  });
});

describe('options are checked', () => {
  it('T must divide the width; unknown ids list the valid ones', () => {
    expect(() => seq('deep', 5)).toThrow(/divides the width 28/);
    expect(() => cellFromPreset('lstm', { T: 4, width: 28 })).toThrow(/valid ids: shallow, deep/);
    expect(() => createCell({ arch: 'deep', dropout: 'standard', T: 4, width: 28, bias: 'zero', keepProb: 0 })).toThrow(/keepProb/);
    expect(seq('deep', 28).c).toBe(1);
    expect(cellFromPreset('deep', { T: 21, width: 84 }).c).toBe(4);
  });

  it('lstmUnits is kept for the R-LSTM family only', () => {
    expect(maj('r-lstm').options.lstmUnits).toBe(72);
    expect(maj('conv-plus-r-lstm').options.lstmUnits).toBe(96);
    expect(maj('deep', { lstmUnits: 50 }).options.lstmUnits).toBeUndefined();
  });
});
