/**
 * The layout of a cell's architecture diagram (pure; components/ArchDiagram.tsx draws it as SVG):
 * one box per value of a step (core/cells/cellGraph.ts), from the pixels at the bottom to the logits
 * at the top, an arrow per layer input labelled with the layer, and the connections from the
 * previous step drawn dashed: the recurrent state (grey, on the right) and the Conv⁺ literal
 * connections (red, on the left). Every size comes from the graph, i.e. from cellLayout/paramSpecs.
 */
import type { CellGraph, GraphNode } from '../../core/cells/cellGraph';

export interface DiagramBox {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  symbol: string;
  /** Its size: "256", "28×7×24". */
  size: string;
  kind: GraphNode['kind'];
  /** Plain words (tooltip and the text description). */
  title: string;
}

export interface DiagramEdge {
  from: string;
  to: string;
  /** forward: within the step; recurrent: from step t − 1; literal: a Conv⁺ literal connection (from t − 1). */
  kind: 'forward' | 'recurrent' | 'literal';
  /** The SVG path. */
  d: string;
  /** The layer's name on forward edges (once per layer), "t − 1" on the others; null: none. */
  label: string | null;
  lx: number;
  ly: number;
  /** The label ends at (lx, ly) instead of starting there. */
  labelEnd?: boolean;
}

export interface Diagram {
  width: number;
  height: number;
  boxes: DiagramBox[];
  edges: DiagramEdge[];
  /** The diagram in words, bottom to top (the SVG's description). */
  description: string;
}

const BOX_H = 24;
const ROW = 46;
const MARGIN = 30;
const GAP = 10;

/** Shape as the diagram writes it: pixels 28×c, vectors by length. */
const sizeText = (n: GraphNode) => n.shape.join('×');

/** Lays out `g` in a diagram `width` wide (boxes shrink when a row holds several). */
export function archDiagram(g: CellGraph, width = 300): Diagram {
  // Rows: the longest chain of same-step inputs from the pixels; a state made by a 'recurrent'
  // layer from h (Shallow, Deep) sits beside h, so that h's arrows up do not cross it.
  const level = new Map<string, number>([['x', 0]]);
  const beside = new Map<string, string>();
  for (const l of g.layers) {
    const from = l.inputs.filter((b) => !b.previous).map((b) => level.get(b.node) ?? 0);
    if (l.id === 'recurrent') {
      level.set(l.output, level.get(l.inputs[0].node)!);
      beside.set(l.output, l.inputs[0].node);
    } else level.set(l.output, Math.max(...from) + 1);
  }
  const rows = Math.max(...level.values()) + 1;
  const inner = width - 2 * MARGIN;
  const pos = new Map<string, { x: number; w: number; row: number }>();
  const parents = (id: string) =>
    g.layers.filter((l) => l.output === id).flatMap((l) => l.inputs.filter((b) => !b.previous && pos.has(b.node)).map((b) => pos.get(b.node)!.x));
  for (let row = 0; row < rows; row++) {
    const ids = g.nodes.filter((n) => level.get(n.id) === row && !beside.has(n.id)).map((n) => n.id);
    const side = g.nodes.filter((n) => level.get(n.id) === row && beside.has(n.id)).map((n) => n.id);
    const count = ids.length + side.length;
    const w = Math.min(118, (inner - GAP * (count - 1)) / count);
    // Each box at the mean x of its parents; boxes sharing one spread evenly around it; clamped inside.
    const want = ids.map((id) => {
      const p = parents(id);
      return p.length ? p.reduce((a, b) => a + b, 0) / p.length : MARGIN + inner / 2;
    });
    const mid = want.reduce((a, b) => a + b, 0) / Math.max(1, want.length);
    const groupW = ids.length * w + (ids.length - 1) * GAP;
    const allSame = want.every((v) => Math.abs(v - want[0]) < 1);
    const xs = allSame ? ids.map((_, k) => mid - groupW / 2 + w / 2 + k * (w + GAP)) : [...want];
    // Beside-nodes to the right of their source; then push apart left to right and clamp.
    const all = [...ids.map((id, k) => ({ id, x: xs[k] })), ...side.map((id) => ({ id, x: xs[ids.indexOf(beside.get(id)!)] + w + GAP }))].sort((a, b) => a.x - b.x);
    for (let k = 1; k < all.length; k++) all[k].x = Math.max(all[k].x, all[k - 1].x + w + GAP);
    const over = all.length ? all[all.length - 1].x + w / 2 - (MARGIN + inner) : 0;
    if (over > 0) for (const a of all) a.x -= over;
    const under = all.length ? MARGIN - (all[0].x - w / 2) : 0;
    if (under > 0) for (const a of all) a.x += under;
    for (const a of all) pos.set(a.id, { x: a.x, w, row });
  }
  const height = rows * ROW + 8;
  const yOf = (row: number) => height - 8 - row * ROW - BOX_H; // top of a box on that row
  const boxes: DiagramBox[] = g.nodes.map((n) => {
    const p = pos.get(n.id)!;
    return { id: n.id, x: p.x - p.w / 2, y: yOf(p.row), w: p.w, h: BOX_H, symbol: n.symbol, size: sizeText(n), kind: n.kind, title: n.title };
  });
  const box = (id: string) => boxes.find((b) => b.id === id)!;

  const edges: DiagramEdge[] = [];
  const rowSize = (y: number) => boxes.filter((b) => Math.abs(b.y - y) < 1).length;
  const cx = (b: DiagramBox) => b.x + b.w / 2;
  for (const l of g.layers) {
    const to = box(l.output);
    // A crowded row (the R-LSTM gates) is named by its boxes, and the R-LSTM's products (c, h) by their
    // symbols: no layer names on their arrows.
    let labelled = rowSize(to.y) >= 3 || l.op === 'cell-update' || l.op === 'output-gate';
    for (const b of l.inputs) {
      const from = box(b.node);
      if (!b.previous) {
        const sameRow = Math.abs(from.y - to.y) < 1;
        const d = sameRow ? `M${from.x + from.w},${from.y + BOX_H / 2} L${to.x},${to.y + BOX_H / 2}` : `M${cx(from)},${from.y} L${cx(to)},${to.y + BOX_H}`;
        // The layer's name beside its arrow: under the target of a sideways arrow, left of an arrow that leans left.
        const leansLeft = !sameRow && cx(to) < cx(from) - 1;
        const lx = sameRow ? to.x + 4 : cx(from) + 0.6 * (cx(to) - cx(from)) + (leansLeft ? -4 : 4);
        const ly = sameRow ? from.y + BOX_H + 11 : from.y + 0.6 * (to.y + BOX_H - from.y) + 3;
        edges.push({ from: b.node, to: l.output, kind: 'forward', d, label: labelled ? null : l.id, lx, ly, labelEnd: leansLeft });
        labelled = true;
        continue;
      }
      const kind = b.literal ? 'literal' : 'recurrent';
      if (from.id === to.id) {
        // A value fed back into the layer that made it (Conv⁺ a₁, a₂; the R-LSTM cell state): a loop on the left.
        const y1 = from.y + 6;
        const y2 = from.y + BOX_H - 6;
        const out = from.x - 18;
        edges.push({ from: b.node, to: l.output, kind, d: `M${from.x},${y1} C${out},${y1 - 4} ${out},${y2 + 4} ${from.x},${y2}`, label: 't−1', lx: out - 2, ly: from.y + BOX_H / 2 + 4, labelEnd: true });
      } else if (Math.abs(from.y - to.y) < 1) {
        // The state beside the layer that reads it (Shallow, Deep: r_{t−1} into h): a loop above.
        const x1 = cx(from);
        const x2 = to.x + to.w - 10;
        const top = from.y - 16;
        edges.push({ from: b.node, to: l.output, kind, d: `M${x1},${from.y} C${x1},${top} ${x2},${top} ${x2},${to.y}`, label: 't−1', lx: (x1 + x2) / 2 - 8, ly: top - 1 });
      } else {
        // Into a lower row (R-LSTM: h_{t−1} into the four gates): along the right margin, then a bus under that row.
        const targets = g.layers.filter((m) => m.inputs.some((c) => c.node === b.node && c.previous)).map((m) => box(m.output));
        const bus = to.y + BOX_H + 8;
        const out = MARGIN + inner + 12;
        const first = targets[0] === to;
        const left = Math.min(...targets.map((t) => cx(t) + 8));
        const hy = from.y + BOX_H / 2;
        const stub = `M${cx(to) + 8},${bus} L${cx(to) + 8},${to.y + BOX_H}`;
        const path = first ? `M${from.x + from.w},${hy} L${out - 6},${hy} Q${out},${hy} ${out},${hy + 6} L${out},${bus - 6} Q${out},${bus} ${out - 6},${bus} L${left},${bus} ${stub}` : stub;
        edges.push({ from: b.node, to: l.output, kind, d: path, label: first ? 't−1' : null, lx: out - 4, ly: (from.y + bus) / 2, labelEnd: true });
      }
    }
  }
  return { width, height, boxes, edges, description: describe(g) };
}

/** "pixels 28×7 → input_1 → u 256 → …", bottom to top, with the connections from the previous step. */
function describe(g: CellGraph): string {
  const n = (id: string) => g.nodes.find((m) => m.id === id)!;
  const parts = g.layers.map((l) => {
    const ins = l.inputs.map((b) => `${n(b.node).symbol}${b.previous ? '(t−1)' : ''}`).join(' + ');
    const o = n(l.output);
    return `${l.id}: ${ins} → ${o.symbol} ${sizeText(o)}`;
  });
  const lit = g.layers.some((l) => l.inputs.some((b) => b.literal)) ? ' Literal connections (Conv⁺) feed a₁ and a₂ of the previous step back into conv1 and conv2.' : '';
  return `Per step, from the pixels (28×${g.layout.c}) to the logits: ${parts.join('; ')}.${lit}`;
}
