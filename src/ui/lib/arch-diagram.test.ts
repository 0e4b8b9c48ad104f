import { describe, expect, it } from 'vitest';
import { cellGraph } from '../../core/cells/cellGraph';
import { PRESET_IDS, PRESETS } from '../../core/cells/presets';
import { archDiagram } from './arch-diagram';

const diagram = (id: (typeof PRESET_IDS)[number], width = 300) =>
  archDiagram(cellGraph({ arch: PRESETS[id].arch, dropout: PRESETS[id].dropout, T: 12, width: 84, bias: 'zero', keepProb: 0.8 }), width);

describe('architecture diagrams', () => {
  it.each(PRESET_IDS)('%s: a box per value inside the drawing, none overlapping; an arrow per layer input; the recurrent connection dashed', (id) => {
    const g = cellGraph({ arch: PRESETS[id].arch, dropout: PRESETS[id].dropout, T: 12, width: 84, bias: 'zero', keepProb: 0.8 });
    for (const width of [260, 300, 420]) {
      const d = archDiagram(g, width);
      expect(d.boxes.map((b) => b.id)).toEqual(g.nodes.map((n) => n.id));
      for (const b of d.boxes) {
        expect(b.x, `${b.id} at ${width}`).toBeGreaterThanOrEqual(0);
        expect(b.x + b.w).toBeLessThanOrEqual(width);
        expect(b.y).toBeGreaterThanOrEqual(0);
        expect(b.y + b.h).toBeLessThanOrEqual(d.height);
        expect(b.w).toBeGreaterThanOrEqual(40);
      }
      for (const [i, a] of d.boxes.entries()) {
        for (const b of d.boxes.slice(i + 1)) {
          const apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
          expect(apart, `${a.id} and ${b.id} overlap at ${width}`).toBe(true);
        }
      }
      const inputs = g.layers.flatMap((l) => l.inputs.map((b) => `${b.node}${b.previous ? '@t-1' : ''}→${l.output}`)).sort();
      expect(d.edges.map((e) => `${e.from}${e.kind === 'forward' ? '' : '@t-1'}→${e.to}`).sort()).toEqual(inputs);
      expect(d.edges.some((e) => e.kind === 'recurrent')).toBe(true);
      expect(d.edges.every((e) => /^M[\d.-]+,[\d.-]+ [LCQ]/.test(e.d))).toBe(true);
      // Every point of every path, and every label's anchor, inside the drawing.
      for (const e of d.edges) {
        for (const [, x, y] of e.d.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)) {
          expect(Number(x), `${e.from}→${e.to} at ${width}`).toBeGreaterThanOrEqual(0);
          expect(Number(x)).toBeLessThanOrEqual(width);
          expect(Number(y)).toBeGreaterThanOrEqual(0);
          expect(Number(y)).toBeLessThanOrEqual(d.height);
        }
        if (e.label) expect(e.labelEnd ? e.lx - 6 * e.label.length : e.lx + 6 * e.label.length, `label of ${e.from}→${e.to}`).toBeLessThanOrEqual(width);
        if (e.label) expect(e.labelEnd ? e.lx - 6 * e.label.length : e.lx).toBeGreaterThanOrEqual(0);
      }
      // The pixels at the bottom, the logits at the top.
      const y = (id: string) => d.boxes.find((b) => b.id === id)!.y;
      expect(y('x')).toBe(Math.max(...d.boxes.map((b) => b.y)));
      expect(y('y')).toBe(Math.min(...d.boxes.map((b) => b.y)));
    }
  });

  it('Conv⁺ cells show their two literal connections, the plain conv cells none', () => {
    for (const id of ['conv-plus-deep', 'conv-plus-r-lstm', 'conv-plus-r-lstm-sd'] as const) {
      expect(diagram(id).edges.filter((e) => e.kind === 'literal').map((e) => `${e.from}→${e.to}`)).toEqual(['a1→a1', 'a2→a2']);
    }
    for (const id of ['conv-deep', 'conv-r-lstm', 'conv-r-lstm-sd', 'deep', 'r-lstm'] as const) expect(diagram(id).edges.some((e) => e.kind === 'literal')).toBe(false);
    expect(diagram('conv-plus-deep').description).toContain('Literal connections');
  });

  it('R-LSTM: the gates and the candidate side by side, then the cell state, then h; h and c come from the previous step', () => {
    const d = diagram('r-lstm-sd');
    const row = (id: string) => d.boxes.find((b) => b.id === id)!.y;
    expect(new Set(['i', 'g', 'f', 'o'].map(row)).size).toBe(1);
    expect(row('c')).toBeLessThan(row('i'));
    expect(row('h')).toBeLessThan(row('c'));
    expect(d.edges.filter((e) => e.kind === 'recurrent').map((e) => `${e.from}→${e.to}`)).toEqual(['h→i', 'h→f', 'h→o', 'h→g', 'c→c']);
    // One "t−1" label per source.
    expect(d.edges.filter((e) => e.kind === 'recurrent' && e.label).map((e) => e.from)).toEqual(['h', 'c']);
    expect(d.boxes.find((b) => b.id === 'c')!.size).toBe('72');
  });

  it('Deep: the sizes of the cell (pixels 28×7, 256, 128 beside the state 256, 32, 10), layer names on the arrows', () => {
    const d = diagram('deep');
    expect(d.boxes.map((b) => [b.id, b.size])).toEqual([
      ['x', '28×7'],
      ['u', '256'],
      ['h', '128'],
      ['r', '256'],
      ['y', '10'],
      ['out1', '32'],
    ]);
    const h = d.boxes.find((b) => b.id === 'h')!;
    const r = d.boxes.find((b) => b.id === 'r')!;
    expect(r.y).toBe(h.y);
    expect(r.x).toBeGreaterThan(h.x + h.w);
    expect(d.edges.filter((e) => e.label && e.kind === 'forward').map((e) => e.label)).toEqual(['input_1', 'input_to_cell', 'recurrent', 'output_1', 'output_2']);
    expect(d.description).toMatch(/^Per step, from the pixels \(28×7\) to the logits: input_1: x → u 256; input_to_cell: u \+ r\(t−1\) → h 128;/);
  });
});
