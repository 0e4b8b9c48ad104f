/**
 * A cell as a small graph of plain data (no TF.js): the values of one step (nodes, with their shapes)
 * and the layers between them, each with its input blocks (what kind of values they hold, whether
 * they come from the previous step, whether they are Conv⁺ literal connections) and its weight
 * tensor's manifest name and shape. Every size comes from `cellLayout` (shapes of values) and
 * `paramSpecs` (shapes of weights), so the description cannot disagree with the cells that run.
 *
 * It serves the page twice: the architecture diagram of a model card, and the method card's table
 * of which relevance rule runs at which layer (a layer's input kinds decide its rule, see
 * core/explain/rules/ruleChoice.ts). Facts §2 (architectures), §5.6 (the walk back through them).
 */
import { cellLayout, HEIGHT, CLASSES, type CellLayout } from './cellLayout';
import { paramSpecs } from './paramSpecs';
import type { CellOptions } from './types';

/** What a value holds, for the diagram and for the rules: pixels in [−1, 1], ReLU outputs ≥ 0, gates in (0, 1), the R-LSTM cell state ≥ 0, logits. */
export type NodeKind = 'pixel' | 'relu' | 'gate' | 'cell' | 'logit';

export interface GraphNode {
  /** e.g. 'x', 'u1', 'a1', 'h', 'r', 'c', 'i', 'y'. */
  id: string;
  /** The symbol of the thesis / docs/architectures.md (without the step index), e.g. 'x', 'u', 'a₁'. */
  symbol: string;
  /** In plain words, e.g. 'pixels of the step', 'cell state'. */
  title: string;
  /** Shape of one step's value: [units] or [rows, columns, channels] (pixels [28, c]). */
  shape: number[];
  kind: NodeKind;
  /** The value is carried to the next step (the recurrent state, the Conv⁺ activations, the R-LSTM h and c). */
  carried: boolean;
}

/** One input block of a layer. */
export interface LayerInput {
  node: string;
  /** The previous step's value (t − 1), zero at the first step. */
  previous: boolean;
  /** A Conv⁺ literal connection (the previous step's conv output fed back as extra channels). */
  literal: boolean;
  /** Rows of the layer's weight (dense) or input channels (conv) this block takes. */
  size: number;
}

export type LayerOp =
  /** z = [inputs]·W, then the activation. */
  | 'dense'
  /** conv k×k, SAME, stride 1, over the channels of the inputs, then ReLU. */
  | 'conv'
  /** 2 × avg-pool 2×2, stride 2 (linear). */
  | 'pool'
  /** An R-LSTM gate σ([u, h_{t−1}]·W + b). */
  | 'gate'
  /** c_t = i ⊙ g + f ⊙ c_{t−1}. */
  | 'cell-update'
  /** h_t = o ⊙ c_t. */
  | 'output-gate';

export interface GraphLayer {
  /** The manifest name of its weights ('input_1', 'conv1', 'gate_i', …) or, without weights, 'pool1', 'cell', 'hidden'. */
  id: string;
  op: LayerOp;
  part: 'encoder' | 'core' | 'head';
  inputs: LayerInput[];
  output: string;
  activation: 'relu' | 'sigmoid' | 'none';
  /** The weight tensor (manifest name and shape), from paramSpecs; null for pool and products. */
  weight: { name: string; shape: number[] } | null;
  /** Conv kernel size. */
  kernel?: number;
}

export interface CellGraph {
  layout: CellLayout;
  nodes: GraphNode[];
  /** In forward order within a step. */
  layers: GraphLayer[];
}

/** The graph of a cell of these options (thrown errors as cellLayout's). */
export function cellGraph(options: CellOptions): CellGraph {
  const layout = cellLayout(options);
  const weights = new Map(paramSpecs(layout, options.bias).map((p) => [p.name, p.shape]));
  const nodes: GraphNode[] = [];
  const layers: GraphLayer[] = [];
  const node = (id: string, symbol: string, title: string, shape: number[], kind: NodeKind, carried = false) => {
    nodes.push({ id, symbol, title, shape, kind, carried });
  };
  const size = (id: string) => nodes.find((n) => n.id === id)!.shape.reduce((a, b) => a * b, 1);
  const channels = (id: string) => {
    const s = nodes.find((n) => n.id === id)!.shape;
    return s.length === 3 ? s[2] : 1;
  };
  const input = (id: string, opts: { previous?: boolean; literal?: boolean; channels?: boolean } = {}): LayerInput => ({
    node: id,
    previous: opts.previous ?? false,
    literal: opts.literal ?? false,
    size: opts.channels ? channels(id) : size(id),
  });
  const weight = (name: string) => {
    const shape = weights.get(`${name}/W`);
    if (!shape) throw new Error(`cellGraph: no weight ${name}/W in the manifest of ${layout.arch}`);
    return { name: `${name}/W`, shape };
  };
  const layer = (l: Omit<GraphLayer, 'weight'>, weighted = true) => layers.push({ ...l, weight: weighted ? weight(l.id) : null });

  const { c, encoder: enc, core, head } = layout;
  node('x', 'x', `pixels of the step (28 rows × ${c} columns)`, [HEIGHT, c], 'pixel');

  // Encoder: x_t → u_t.
  let u = 'x';
  if (enc.kind === 'dense') {
    enc.sizes.forEach((units, k) => {
      const id = enc.sizes.length === 1 ? 'u' : `u${k + 1}`;
      node(id, enc.sizes.length === 1 ? 'u' : `u${'₁₂₃'[k]}`, k === enc.sizes.length - 1 ? 'features of the step' : 'first dense layer', [units], 'relu');
      layer({ id: `input_${k + 1}`, op: 'dense', part: 'encoder', inputs: [input(u)], output: id, activation: 'relu' });
      u = id;
    });
  } else if (enc.kind === 'conv') {
    node('a1', 'a₁', 'conv1 feature maps', [HEIGHT, c, enc.ch1], 'relu', enc.plus);
    node('p1', 'p₁', 'pooled conv1 maps', [HEIGHT / 2, enc.w1, enc.ch1], 'relu');
    node('a2', 'a₂', 'conv2 feature maps', [HEIGHT / 2, enc.w1, enc.ch2], 'relu', enc.plus);
    node('p2', 'p₂', 'pooled conv2 maps (flattened to f)', [HEIGHT / 4, enc.w2, enc.ch2], 'relu');
    node('u', 'u', 'features of the step', [enc.units], 'relu');
    const lit = (id: string) => (enc.plus ? [input(id, { previous: true, literal: true, channels: true })] : []);
    layer({ id: 'conv1', op: 'conv', part: 'encoder', inputs: [input('x', { channels: true }), ...lit('a1')], output: 'a1', activation: 'relu', kernel: enc.k1 });
    layer({ id: 'pool1', op: 'pool', part: 'encoder', inputs: [input('a1')], output: 'p1', activation: 'none' }, false);
    layer({ id: 'conv2', op: 'conv', part: 'encoder', inputs: [input('p1', { channels: true }), ...lit('a2')], output: 'a2', activation: 'relu', kernel: enc.k2 });
    layer({ id: 'pool2', op: 'pool', part: 'encoder', inputs: [input('a2')], output: 'p2', activation: 'none' }, false);
    layer({ id: 'input_1', op: 'dense', part: 'encoder', inputs: [input('p2')], output: 'u', activation: 'relu' });
    u = 'u';
  }

  // Core: the recurrent part.
  let last: string;
  if (core.kind === 'shallow' || core.kind === 'deep') {
    node('h', 'h', 'hidden layer', [core.hidden], 'relu');
    node('r', 'r', 'recurrent state', [core.state], 'relu', true);
    const name = core.kind === 'shallow' ? 'input' : 'input_to_cell';
    layer({ id: name, op: 'dense', part: 'core', inputs: [input(u), input('r', { previous: true })], output: 'h', activation: 'relu' });
    layer({ id: 'recurrent', op: 'dense', part: 'core', inputs: [input('h')], output: 'r', activation: 'relu' });
    last = 'h';
  } else {
    const R = core.units;
    // In the diagram's order: the candidate beside the input gate, the output gate last.
    node('i', 'i', 'input gate', [R], 'gate');
    node('g', 'g', 'candidate (ReLU)', [R], 'relu');
    node('f', 'f', 'forget gate', [R], 'gate');
    node('o', 'o', 'output gate', [R], 'gate');
    node('c', 'c', 'cell state', [R], 'cell', true);
    node('h', 'h', 'hidden state o ⊙ c', [R], 'relu', true);
    const xr = () => [input(u), input('h', { previous: true })];
    for (const g of ['i', 'f', 'o']) layer({ id: `gate_${g}`, op: 'gate', part: 'core', inputs: xr(), output: g, activation: 'sigmoid' });
    layer({ id: 'candidate', op: 'dense', part: 'core', inputs: xr(), output: 'g', activation: 'relu' });
    layer({ id: 'cell', op: 'cell-update', part: 'core', inputs: [input('i'), input('g'), input('f'), input('c', { previous: true })], output: 'c', activation: 'none' }, false);
    layer({ id: 'hidden', op: 'output-gate', part: 'core', inputs: [input('o'), input('c')], output: 'h', activation: 'none' }, false);
    last = 'h';
  }

  // Head: on the last step's h only.
  node('y', 'y', `logits of the ${CLASSES} classes`, [CLASSES], 'logit');
  if (head.kind === 'linear') {
    layer({ id: 'output', op: 'dense', part: 'head', inputs: [input(last)], output: 'y', activation: 'none' });
  } else {
    node('out1', 'o₁', 'output hidden layer', [head.hidden], 'relu');
    layer({ id: 'output_1', op: 'dense', part: 'head', inputs: [input(last)], output: 'out1', activation: 'relu' });
    layer({ id: 'output_2', op: 'dense', part: 'head', inputs: [input('out1')], output: 'y', activation: 'none' });
  }
  return { layout, nodes, layers };
}

/** The input kind a relevance rule sees for a block (facts §5.4): pixels are bounded, everything else fed to a layer is ≥ 0. */
export function inputKindOf(graph: CellGraph, block: LayerInput): 'pixel' | 'relu' {
  return graph.nodes.find((n) => n.id === block.node)?.kind === 'pixel' ? 'pixel' : 'relu';
}
