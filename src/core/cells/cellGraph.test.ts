import { describe, expect, it } from 'vitest';
import { cellGraph, inputKindOf, type CellGraph } from './cellGraph';
import { paramSpecs } from './paramSpecs';
import { PRESET_IDS, PRESETS } from './presets';
import type { CellOptions } from './types';

const options = (id: (typeof PRESET_IDS)[number], T = 12, width = 84): CellOptions => ({
  arch: PRESETS[id].arch,
  dropout: PRESETS[id].dropout,
  T,
  width,
  bias: 'zero',
  keepProb: 0.8,
});

const prod = (s: number[]) => s.reduce((a, b) => a * b, 1);
const layerOf = (g: CellGraph, id: string) => g.layers.find((l) => l.id === id)!;

describe('cellGraph', () => {
  describe.each([
    [12, 84],
    [4, 28],
  ])('T = %i, width %i', (T, width) => {
    it.each(PRESET_IDS)('%s: every weight of the manifest is one layer, its rows the sum of the layer’s input blocks', (id) => {
      const g = cellGraph(options(id, T, width));
      const specs = paramSpecs(g.layout, 'zero').filter((p) => p.name.endsWith('/W'));
      expect(g.layers.filter((l) => l.weight).map((l) => l.weight!.name).sort()).toEqual(specs.map((p) => p.name).sort());
      for (const l of g.layers) {
        const out = g.nodes.find((n) => n.id === l.output)!;
        expect(out, l.id).toBeDefined();
        const rows = l.inputs.reduce((a, b) => a + b.size, 0);
        if (l.op === 'dense' || l.op === 'gate') expect(l.weight!.shape, l.id).toEqual([rows, prod(out.shape)]);
        if (l.op === 'conv') expect(l.weight!.shape, l.id).toEqual([l.kernel, l.kernel, rows, out.shape[2]]);
        if (l.op === 'pool') {
          const inp = g.nodes.find((n) => n.id === l.inputs[0].node)!;
          expect(out.shape, l.id).toEqual([Math.ceil(inp.shape[0] / 2), Math.ceil(inp.shape[1] / 2), inp.shape[2]]);
        }
      }
    });

    it.each(PRESET_IDS)('%s: a layer reads the pixels, earlier values of the step, or carried values of the previous step', (id) => {
      const g = cellGraph(options(id, T, width));
      const made = new Set(['x']);
      for (const l of g.layers) {
        for (const b of l.inputs) {
          const n = g.nodes.find((m) => m.id === b.node)!;
          if (b.previous) expect(n.carried, `${l.id} reads ${b.node} of t − 1`).toBe(true);
          else expect(made.has(b.node), `${l.id} reads ${b.node}`).toBe(true);
        }
        made.add(l.output);
      }
      // Every carried value is read at the next step, and every cell has a recurrent connection.
      for (const n of g.nodes.filter((m) => m.carried)) expect(g.layers.some((l) => l.inputs.some((b) => b.node === n.id && b.previous)), n.id).toBe(true);
      expect(g.nodes.some((n) => n.carried)).toBe(true);
      expect(g.nodes[0]).toMatchObject({ id: 'x', shape: [28, width / T], kind: 'pixel' });
      expect(g.nodes.find((n) => n.id === 'y')).toMatchObject({ shape: [10], kind: 'logit' });
      expect(g.layers.at(-1)!.output).toBe('y');
    });
  });

  it('Deep: 784 → 256, [u, r] 512 → 128, 128 → 256 recurrent, 128 → 32 → 10', () => {
    const g = cellGraph(options('deep'));
    expect(g.layers.map((l) => [l.id, l.weight?.shape])).toEqual([
      ['input_1', [196, 256]],
      ['input_to_cell', [512, 128]],
      ['recurrent', [128, 256]],
      ['output_1', [128, 32]],
      ['output_2', [32, 10]],
    ]);
    expect(layerOf(g, 'input_to_cell').inputs.map((b) => [b.node, b.previous])).toEqual([
      ['u', false],
      ['r', true],
    ]);
  });

  it('Shallow: pixels and the state enter one layer (a pixel block beside a relu block)', () => {
    const g = cellGraph(options('shallow'));
    const l = layerOf(g, 'input');
    expect(l.inputs.map((b) => inputKindOf(g, b))).toEqual(['pixel', 'relu']);
    expect(l.weight!.shape).toEqual([196 + 256, 256]);
  });

  it('Conv⁺ cells feed a1 and a2 of the previous step back as literal channels (25 → 24, 56 → 32); the plain conv cells do not', () => {
    for (const id of ['conv-plus-deep', 'conv-plus-r-lstm-sd'] as const) {
      const g = cellGraph(options(id));
      expect(layerOf(g, 'conv1').inputs.map((b) => [b.node, b.previous, b.literal, b.size])).toEqual([
        ['x', false, false, 1],
        ['a1', true, true, 24],
      ]);
      expect(layerOf(g, 'conv2').inputs.map((b) => [b.node, b.literal, b.size])).toEqual([
        ['p1', false, 24],
        ['a2', true, 32],
      ]);
      expect(layerOf(g, 'conv1').weight!.shape).toEqual([5, 5, 25, 24]);
      expect(layerOf(g, 'conv2').weight!.shape).toEqual([3, 3, 56, 32]);
    }
    for (const id of ['conv-deep', 'conv-r-lstm-sd'] as const) {
      const g = cellGraph(options(id));
      expect(g.layers.some((l) => l.inputs.some((b) => b.literal))).toBe(false);
      expect(layerOf(g, 'input_1').weight!.shape).toEqual([7 * 2 * 32, 128]); // c = 7: 28×7 → 14×4 → 7×2
    }
  });

  it('R-LSTM cells have three sigmoid gates on [u, h_{t−1}], a ReLU candidate, c = i⊙g + f⊙c_{t−1} and h = o⊙c', () => {
    const g = cellGraph(options('r-lstm'));
    const gates = g.layers.filter((l) => l.op === 'gate');
    expect(gates.map((l) => [l.id, l.activation, l.weight!.shape])).toEqual([
      ['gate_i', 'sigmoid', [328, 72]],
      ['gate_f', 'sigmoid', [328, 72]],
      ['gate_o', 'sigmoid', [328, 72]],
    ]);
    expect(layerOf(g, 'candidate').activation).toBe('relu');
    expect(layerOf(g, 'cell').inputs.map((b) => [b.node, b.previous])).toEqual([
      ['i', false],
      ['g', false],
      ['f', false],
      ['c', true],
    ]);
    expect(layerOf(g, 'hidden').inputs.map((b) => b.node)).toEqual(['o', 'c']);
    expect(cellGraph(options('conv-r-lstm-sd')).nodes.find((n) => n.id === 'c')!.shape).toEqual([96]);
  });
});
