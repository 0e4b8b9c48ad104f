/**
 * A method's card (pure data; the page typesets the TeX with KaTeX): its formula, the intuition in
 * two sentences, where it comes from in the thesis, whether it conserves relevance and where it can
 * leak, and which rule runs at which layer of a given cell.
 *
 * The per-layer table is derived from the code that runs, not typed by hand: the method's plan and
 * rule set come from the registry (core/explain/registry.ts), the cell's layers and the kinds of
 * their inputs from core/cells/cellGraph.ts, and a layer's rule from the propagation's own dispatch
 * (core/explain/rules/ruleChoice.ts). Formula, intuition and sources are text, per method id.
 */
import { cellGraph, inputKindOf, type CellGraph, type GraphLayer } from '../../core/cells/cellGraph';
import type { CellOptions } from '../../core/cells/types';
import { findMethod, type MethodId } from '../../core/explain/methods-catalog';
import { buildMethodSpec, type MethodPlan } from '../../core/explain/registry';
import { ruleChoice } from '../../core/explain/rules/ruleChoice';
import type { RuleSet } from '../../core/explain/rules/types';

interface MethodText {
  /** Display-mode TeX of the method's formula (α, β filled in by `formula`). */
  formula: (params: Record<string, unknown>) => string;
  /** Two sentences, for students. */
  intuition: [string, string];
  /** Section and equations of the thesis (Chormai 2018), and the facts of its code. */
  source: string;
}

const num = (v: unknown) => String(Number(Number(v).toPrecision(6)));

const TEXT: Record<MethodId, MethodText> = {
  sensitivity: {
    formula: () => String.raw`R_p = \left(\frac{\partial y_c}{\partial x_p}\right)^{2}, \qquad \sum_p R_p = \lVert \nabla_{x}\, y_c \rVert^{2}`,
    intuition: [
      'A pixel is relevant when nudging it would change the class score a lot.',
      'It shows where the network is sensitive, not what it actually used: a pixel can matter and still get nothing.',
    ],
    source: 'Thesis §3.2.2, eq. (3.26)–(3.27) (Simonyan et al. 2013); as implemented: facts §5.1.',
  },
  'guided-backprop': {
    formula: () =>
      String.raw`R_p = \left(\frac{\partial_{*} y_c}{\partial x_p}\right)^{2}, \qquad \frac{\partial_{*} y_c}{\partial a_j} = \mathbf{1}[a_j > 0]\,\mathbf{1}\!\left[\frac{\partial y_c}{\partial a_j} > 0\right] \frac{\partial y_c}{\partial a_j}`,
    intuition: [
      'Like sensitivity, but on the way back every ReLU lets only positive signals through, and only where it was active.',
      'The pictures get sharper and show the evidence for the class rather than against it.',
    ],
    source: 'Thesis §3.2.3, eq. (3.28)–(3.30) (Springenberg et al. 2014); R-LSTM gates pass no gradient: §4.4.2; as implemented: facts §5.3, §11.10.',
  },
  'gradient-x-input': {
    formula: () => String.raw`R_p = x_p\,\frac{\partial y_c}{\partial x_p}`,
    intuition: [
      'Each pixel gets its value times how much the score reacts to it: a first-order Taylor expansion around a black (all-zero) image.',
      'Pixels are scaled to [−1, 1], so the background (−1) gets relevance too, which makes the maps noisy.',
    ],
    source: 'Thesis §3.2.5 (simple Taylor decomposition), eq. (3.36)–(3.40); as implemented: facts §5.2.',
  },
  'deep-taylor': {
    formula: () =>
      String.raw`\begin{aligned} R_i &= \sum_j \frac{a_i w_{ij}^{+}}{\sum_{i'} a_{i'} w_{i'j}^{+}}\, R_j && z^{+}\text{ rule (ReLU inputs)}\\ R_p &= \sum_j \frac{x_p w_{pj} - l\, w_{pj}^{+} - h\, w_{pj}^{-}}{\sum_{p'} \left(x_{p'} w_{p'j} - l\, w_{p'j}^{+} - h\, w_{p'j}^{-}\right)}\, R_j && z^{\beta}\text{ rule (pixels, } l = -1,\ h = 1)\end{aligned}`,
    intuition: [
      'The class score is handed back layer by layer: each unit passes its relevance to the inputs that pushed it up, in proportion to their push.',
      'Nothing is created or lost on the way, so the heatmap adds up to the score it explains.',
    ],
    source: 'Thesis §3.2.6: z⁺ rule eq. (3.63), z^β rule eq. (3.70), Table 3.1, conservation eq. (3.47); as implemented: facts §5.4–5.6.',
  },
  'lrp-alpha-beta': {
    formula: (p) =>
      String.raw`R_i = \sum_j \left( \alpha\, \frac{a_i w_{ij}^{+}}{\sum_{i'} a_{i'} w_{i'j}^{+}} - \beta\, \frac{a_i w_{ij}^{-}}{\sum_{i'} a_{i'} w_{i'j}^{-}} \right) R_j, \qquad \alpha = ${num(p.alpha)},\ \beta = ${num(p.beta)},\ \alpha - \beta = 1`,
    intuition: [
      'Like deep Taylor, but inputs that pushed a unit down receive negative relevance (weighted by β), and the supporting ones get α times their share.',
      'Blue regions then mark evidence against the class; α − β = 1 keeps the total equal to the score.',
    ],
    source: 'Thesis §3.2.4, eq. (3.31)–(3.35) (Bach et al. 2015); pixels use the z^β rule of eq. (3.70) whatever α and β, as the thesis code; as implemented: facts §5.4–5.6, §11.2.',
  },
  'lrp-epsilon': {
    formula: (p) =>
      String.raw`R_i = \sum_j \frac{a_i w_{ij}}{z_j + \epsilon\,\operatorname{sign}(z_j)}\, R_j, \qquad z_j = \sum_{i'} a_{i'} w_{i'j}, \quad \epsilon = ${num(p.epsilon)}`,
    intuition: [
      'Each unit passes its relevance to its inputs in proportion to their contribution, positive or negative.',
      'The small ε in the denominator soaks up relevance of weak units, which makes the map less noisy but not conservative.',
    ],
    source: 'Not in the thesis: the ε rule of Bach et al. (2015), offered here beyond it; with ε = 0 it equals gradient × input on these bias-free cells (tested).',
  },
};

/** One row of the card's table: a layer of the cell and the rule that runs there. */
export interface LayerRule {
  /** The layer's manifest name or role, e.g. 'input_to_cell', 'pool1', 'cell'. */
  layer: string;
  /** Inline TeX of what the layer computes from, e.g. "[u_t, r_{t-1}] \to h_t". */
  tex: string;
  /** Sizes in words, e.g. "512 → 128", "5×5, 25 → 24 channels". */
  sizes: string;
  /** The rule in plain words, e.g. "z⁺ rule", "z^β rule (pixels in [−1, 1])". */
  rule: string;
  /** Where the layer sits. */
  part: GraphLayer['part'];
}

export interface MethodCard {
  spec: string;
  id: MethodId;
  /** e.g. "LRP-α1.5β0.5". */
  label: string;
  /** The catalog's full name. */
  name: string;
  formula: string;
  intuition: [string, string];
  source: string;
  conserves: boolean;
  /** One paragraph on conservation. */
  conservation: string;
  /** Where relevance can leak (or why it does not), one sentence each. */
  leaks: string[];
  /** What the explanation starts from. */
  start: string;
}

const SUB: Record<string, string> = { u1: 'u^{(1)}', u2: 'u^{(2)}', a1: 'a^{(1)}', p1: 'p^{(1)}', a2: 'a^{(2)}', p2: 'p^{(2)}', out1: 'o^{(1)}' };
/** The TeX of a node at a step ('t', 't-1', or the last step 'T' for the head); the logits y have none. */
const sym = (id: string, step: 't' | 't-1' | 'T') => (id === 'y' ? 'y' : `${SUB[id] ?? id}_{${step}}`);

/** Inline TeX and sizes of a layer. */
function layerTex(l: GraphLayer, g: CellGraph): { tex: string; sizes: string } {
  const step = l.part === 'head' ? 'T' : 't';
  const ins = l.inputs.map((b) => sym(b.node, b.previous ? 't-1' : step));
  const from = ins.length > 1 ? `[${ins.join(',\\ ')}]` : ins[0];
  const out = g.nodes.find((n) => n.id === l.output)!;
  const shape = (s: number[]) => s.join('×');
  if (l.op === 'conv') return { tex: `${from} \\to ${sym(l.output, step)}`, sizes: `${l.kernel}×${l.kernel}, ${l.weight!.shape[2]} → ${l.weight!.shape[3]} channels` };
  if (l.op === 'pool') return { tex: `${from} \\to ${sym(l.output, step)}`, sizes: `${shape(g.nodes.find((n) => n.id === l.inputs[0].node)!.shape)} → ${shape(out.shape)}` };
  if (l.op === 'cell-update') return { tex: `c_t = i_t \\odot g_t + f_t \\odot c_{t-1}`, sizes: `${out.shape[0]} units` };
  if (l.op === 'output-gate') return { tex: `h_t = o_t \\odot c_t`, sizes: `${out.shape[0]} units` };
  const tex = `${from} \\to ${sym(l.output, step)}`;
  return { tex, sizes: `${l.weight!.shape[0]} → ${l.weight!.shape[1]}` };
}

/** The hidden rule's name. */
function hiddenName(rules: RuleSet): string {
  const h = rules.hidden;
  if (h.kind === 'epsilon') return `LRP-ε rule (ε = ${num(h.epsilon)})`;
  return h.alpha === 1 && h.beta === 0 ? 'z⁺ rule' : `αβ rule (α = ${num(h.alpha)}, β = ${num(h.beta)})`;
}

function lrpRule(l: GraphLayer, g: CellGraph, rules: RuleSet, last: boolean): string {
  switch (l.op) {
    case 'pool':
      return 'pooling rule: each window’s relevance to its inputs in proportion to their activations';
    case 'gate':
      return 'none: the gate counts as a constant, no relevance enters its weights';
    case 'cell-update':
      return `split p = f ⊙ c(t−1) / (c(t) + ${rules.lstmStabilizer}): p·R goes back to c(t−1), (1 − p)·R to the candidate g(t)`;
    case 'output-gate':
      return 'all of R(h(t)) goes to c(t) (the output gate counts as a constant)';
  }
  const kinds = l.inputs.map((b) => inputKindOf(g, b));
  const choice = ruleChoice(kinds, rules);
  let text: string;
  switch (choice.rule) {
    case 'error':
      return `cannot be explained: ${choice.error}`;
    case 'z-beta':
      text = `z^β rule (pixels in [${rules.pixel.kind === 'z-beta' ? `${rules.pixel.low}, ${rules.pixel.high}` : ''}])`;
      break;
    case 'w-square':
      text = 'w² rule';
      break;
    case 'mixed': {
      const lit = l.inputs.some((b) => b.literal);
      text = `mixed rule, one denominator: z^β on the pixels, the ${hiddenName(rules)} on ${lit ? 'the literal channels' : 'the state'}`;
      if (lit) text += rules.literal === 'conservative' ? ' as x(αW⁺ − βW⁻)R/z' : ' as the thesis code’s x·W·R/z (not conservative)';
      break;
    }
    default:
      text = hiddenName(rules) + (l.inputs.some((b) => b.literal) ? ' (over the channels and the literal channels)' : '');
  }
  return last ? `${text}; starts from relu(y_c) of the explained class` : text;
}

function gradientRule(l: GraphLayer, plan: Extract<MethodPlan, { kind: 'gradient' }>, last: boolean): string {
  const guided = plan.guided;
  switch (l.op) {
    case 'pool':
      return 'gradient (pooling is linear)';
    case 'gate':
      return guided?.sigmoid === 'none' ? 'no gradient: the gate counts as a constant (the thesis setting)' : 'gradient through σ′';
    case 'cell-update':
    case 'output-gate':
      return 'gradient through the products (a gate’s value multiplies it)';
  }
  if (last) return 'gradient of the explained class’s logit y_c';
  if (l.activation !== 'relu') return 'gradient';
  return guided ? 'guided ReLU: passes g·1[a > 0]·1[g > 0]' : 'gradient through the ReLU: g·1[a > 0]';
}

/** Which rule runs at each layer of `graph`, from the input (bottom) to the logit. */
export function layerRules(spec: string, graph: CellGraph): LayerRule[] {
  const { plan } = buildMethodSpec(spec);
  const lastLayer = graph.layers.at(-1)!;
  return graph.layers.map((l) => {
    const last = l === lastLayer;
    const rule = plan.kind === 'lrp' ? lrpRule(l, graph, plan.rules, last) : gradientRule(l, plan, last);
    return { layer: l.id, ...layerTex(l, graph), rule, part: l.part };
  });
}

/** The rows of the pixels themselves (what is done with the pixel gradient). */
export function pixelStep(spec: string): string {
  const { plan } = buildMethodSpec(spec);
  if (plan.kind === 'lrp') return 'the relevance reaching the pixels of every step, written back into the 28 × W heatmap';
  return plan.output === 'square' ? 'the gradient at each pixel, squared' : 'the gradient at each pixel, times the pixel value x ∈ [−1, 1]';
}

/**
 * The card of a method spec ('deep-taylor', 'lrp-alpha-beta:a2b1'); `graph` (optional) adds what depends
 * on the cell: the R-LSTM split's stabiliser, the Conv⁺ literal channels, whether gradient × input sums to y.
 */
export function methodCard(spec: string, graph?: CellGraph): MethodCard {
  const m = buildMethodSpec(spec);
  const d = findMethod(m.id)!;
  const t = TEXT[m.id];
  const leaks: string[] = [];
  let conservation: string;
  let start: string;
  const hasGates = graph?.layers.some((l) => l.op === 'gate') ?? false;
  if (m.plan.kind === 'lrp') {
    const r = m.plan.rules;
    start = 'relu(y_c): the logit of the explained class if it is positive; if it is ≤ 0 there is nothing to hand back and the heatmap is empty.';
    conservation = d.conserves
      ? 'Every layer hands on exactly what it receives, so the heatmap sums to relu(y_c) (thesis eq. 3.35, 3.47), up to the stabilisers below.'
      : 'The heatmap’s sum can fall short of relu(y_c).';
    leaks.push('Biases are zero in these cells (facts §1.2), so no relevance is left on them.');
    if (r.hidden.kind === 'alpha-beta' && r.hidden.beta > 0) {
      leaks.push(
        r.hidden.conservative
          ? `A unit with no negative input (z⁻ = 0) has nowhere to send its −β share; the thesis code then passes α·R (${num(r.hidden.alpha)}×) and breaks conservation (facts §11.2). Here such a unit uses α = 1, β = 0, so nothing leaks.`
          : `A unit with no negative input (z⁻ = 0) passes on α·R instead of R (the thesis code): conservation breaks there (facts §11.2).`,
      );
    }
    if (r.hidden.kind === 'epsilon') leaks.push(`ε = ${num(r.hidden.epsilon)} in every denominator absorbs part of the relevance of weak units, by design.`);
    if (r.stabilizer > 0) leaks.push(`The stabiliser ${r.stabilizer} added to every denominator absorbs a negligible share (about ${r.stabilizer}·R/z per layer, facts §11.1).`);
    if (hasGates) leaks.push(`R-LSTM: the gates count as constants; the cell split p = f⊙c(t−1)/(c(t) + ${r.lstmStabilizer}) conserves up to that stabiliser.`);
    if (graph?.layers.some((l) => l.inputs.some((b) => b.literal))) {
      leaks.push(
        r.literal === 'conservative'
          ? 'Conv⁺: the literal channels get x(αW⁺ − βW⁻)R/z, which conserves; the thesis code’s x·W·R/z leaks where their weights are negative (facts §5.6).'
          : 'Conv⁺: the literal channels get the thesis code’s x·W·R/z, which leaks where their weights are negative (facts §5.6).',
      );
    }
  } else {
    start = 'the gradient of the explained class’s logit y_c with respect to every pixel.';
    if (m.plan.output === 'square') {
      conservation = 'Not conservative: the heatmap is a squared gradient, its sum is ‖∇y_c‖², not y_c (thesis eq. 3.27); it is not a decomposition of the score.';
    } else {
      conservation = graph
        ? hasGates
          ? 'Not conservative in this cell: its sigmoid gates make y_c not proportional to the input, so Σ x·∂y/∂x ≠ y_c.'
          : 'In this cell the heatmap sums to y_c exactly: every layer is ReLU or linear without bias, so y_c is positively homogeneous in x (Euler).'
        : 'On bias-free ReLU cells without gates it sums to y_c exactly (Euler); the R-LSTM gates break that.';
      leaks.push('Pixels are in [−1, 1]: the background (−1) receives relevance of either sign.');
    }
    if (m.plan.guided) leaks.push(m.plan.guided.sigmoid === 'none' ? 'In the R-LSTM cells the gates pass no gradient (thesis §4.4.2).' : 'In the R-LSTM cells the gates pass σ′ (not the thesis setting).');
  }
  return {
    spec,
    id: m.id,
    label: m.label,
    name: d.name,
    formula: t.formula(m.params),
    intuition: t.intuition,
    source: t.source,
    conserves: d.conserves,
    conservation,
    leaks,
    start,
  };
}

/** The graph of a model as the page knows it (arch, T, width; MAJ models are bias-free at inference). */
export function graphOf(model: { arch: string; T: number; width: number }): CellGraph | null {
  try {
    const options: CellOptions = { arch: model.arch as CellOptions['arch'], dropout: 'standard', T: model.T, width: model.width, bias: 'zero', keepProb: 1 };
    return cellGraph(options);
  } catch {
    return null;
  }
}
