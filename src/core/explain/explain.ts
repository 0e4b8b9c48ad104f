/**
 * One call explains a batch: `explain(cell, weights, x, {method, params, target, labels, masks})`.
 * The forward trace is computed once and shared by every LRP method of the call (`explainMany`);
 * everything runs in TF.js ops on whatever backend is active and every tensor is disposed: the result
 * is plain data (Float32Array heatmaps, numbers).
 *
 * The explained class is each sequence's true class by default (as the thesis, facts §5, §10.8), or the
 * prediction, or any class per sequence. Start relevance relu(y_c) on that class only (§5.5).
 * Per sequence the result carries the figures of facts §7: block shares (positive part, by columns,
 * §7.1, §11.9), the cosine to the mask (§7.3), the majority share and its τ = 0.8 adjusted form (§7.2),
 * and the conservation figures {sum, logit, target, error}.
 */
import * as tf from '../tf';
import type { Cell, Weights } from '../cells/types';
import type { ParamValues, MethodId } from './methods-catalog';
import { buildMethodSpec, type BuiltMethod } from './registry';
import { cellLogits, gradientKey, gradientRelevance, planGradient } from './methods/gradient';
import { groupWeights, type PreparedWeights } from './propagate/cell-weights';
import type { RuleSet } from './rules/types';
import { fusedLayout, fusedMaps, useFused } from './fused';
import { propagate, startRelevance } from './propagate';
import { blockShares, conservationError, cosineToMask, majorityShare, adjustedMajorityShare, perStepSums } from '../metrics';
import { HEIGHT, CLASSES } from '../cells/cellLayout';

/** The explained class: the true label (default), the prediction, or one class per sequence. */
export type TargetSpec = 'true' | 'predicted' | ArrayLike<number>;

export interface ExplainBatchOptions {
  /** Default 'true' (needs `labels`). */
  target?: TargetSpec;
  /** True classes [N] (0…9). Required for target 'true'; reported per sequence when given. */
  labels?: ArrayLike<number> | null;
  /** Block masks [N, B] row-major, B = W/28 (SequenceSet.masks for MAJ); null/absent: no mask metrics. */
  masks?: ArrayLike<number> | null;
  /** τ of the adjusted majority share (facts §7.2, default 0.8). */
  tau?: number;
  /**
   * The model's weights prepared once (prepareWeights(cell, weights)): grouped, split and transposed.
   * Must come from the same cell and weights. Without it every call prepares what it needs itself.
   */
  prepared?: PreparedWeights | null;
  /**
   * Run LRP methods that differ only in α and β (deep Taylor = α1β0, LRP-α1.5β0.5, …) as one stacked
   * batch (default true). false runs every method on its own: the plain path the stacked one is tested
   * against (explain-fast.test.ts).
   */
  stack?: boolean;
}

export interface ExplainOptions extends ExplainBatchOptions {
  /** A method id, a spec ('lrp-alpha-beta:a2b1'), or a method built by the registry. */
  method: string | BuiltMethod;
  /** Parameters when `method` is an id or a spec (validated by the registry). */
  params?: Record<string, unknown>;
}

/** Conservation figures: Σ_p R_p against relu(y_c). Only LRP methods are expected to conserve. */
export interface Conservation {
  /** Σ of the heatmap (accumulated in float64). */
  sum: number;
  /** The explained logit y_c. */
  logit: number;
  /** relu(y_c), the start relevance. */
  target: number;
  /** |sum − target|. */
  error: number;
}

/** The explanation of one sequence. */
export interface SequenceExplanation {
  /** Relevance per pixel, 28 × W row-major (element (row, col) at row·W + col). */
  heatmap: Float32Array;
  /** Σ of the pixel relevance of each step's 28×c slice (signed), length T. */
  perStep: number[];
  /**
   * LRP methods: per step t, the relevance flowing into steps 1…t through the state step t hands on
   * (R(r_t) for Shallow/Deep cells, R(h_T) at t = T; R(c_t) = p·R(c_{t+1}) + R(h_t) for R-LSTM cells;
   * Conv⁺ adds what its literal connections hand back to a1_t, a2_t). For a conservative rule
   * state[t] = Σ_{s ≤ t} perStep[s]. Gradient methods: null (a gradient has no such cut).
   */
  state: number[] | null;
  /**
   * Conv⁺ cells, LRP methods: the part of state[t] that the literal connections of step t+1 hand back
   * to a1_t and a2_t (the rest went through the recurrent state); null for every other cell and for
   * gradient methods. literal[T−1] = 0.
   */
  literal: number[] | null;
  /** The 10 logits. */
  logits: number[];
  /** The explained class c. */
  target: number;
  /** argmax of the logits. */
  predicted: number;
  /** The true class when labels were given, else null. */
  label: number | null;
  /** Shares of the positive relevance per 28-column block (facts §7.1); length W/28. */
  blockShares: number[];
  /** cos(mask, shares) (facts §7.3; 0 when either is empty); null without a mask. */
  cosine: number | null;
  /** Σ_k m_k v_k (facts §7.2); null without a mask. */
  majorityShare: number | null;
  /** Σ_k min(m_k v_k, τ) (facts §7.2); null without a mask. */
  adjustedMajorityShare: number | null;
  conservation: Conservation;
}

export interface ExplainResult {
  method: MethodId;
  /** Display label, e.g. "LRP-α1.5β0.5". */
  label: string;
  /** Every parameter of the method, resolved. */
  params: ParamValues;
  /** Image width W and number of steps T of the cell. */
  width: number;
  T: number;
  sequences: SequenceExplanation[];
}

/** Explain a batch with one method. */
export async function explain(cell: Cell, weights: Weights, x: Float32Array | tf.Tensor3D, opts: ExplainOptions): Promise<ExplainResult> {
  const method = typeof opts.method === 'string' ? buildMethodSpec(opts.method, opts.params ?? {}) : opts.method;
  if (typeof opts.method !== 'string' && opts.params) throw new Error('`params` applies only when `method` is an id or a spec');
  const [r] = await explainMany(cell, weights, x, [method], opts);
  return r;
}

/** Throws when a method cannot run on a cell (w² has no rule for a layer mixing pixels and state). */
export function assertCompatible(cell: Cell, method: BuiltMethod): void {
  if (method.plan.kind !== 'lrp' || method.plan.rules.pixel.kind !== 'w-square') return;
  const arch = cell.options.arch;
  if (arch === 'shallow' || arch === 'conv-plus-deep' || arch === 'conv-plus-r-lstm') {
    throw new Error(
      `${method.id}: the w² pixel rule cannot explain ${arch}: its pixel layer also reads ${arch === 'shallow' ? 'the state r_{t−1}' : 'the fed-back a1_{t−1}'} (no mixed w² rule); use pixelRule z-beta`,
    );
  }
}

/**
 * Explain a batch with several methods, sharing one forward pass (and its trace) across them.
 * @param x  pixels [N, 28, W] (Float32Array row-major, or a tensor the caller keeps owning)
 * @returns  one result per method, in order
 */
export async function explainMany(
  cell: Cell,
  weights: Weights,
  x: Float32Array | tf.Tensor3D,
  methods: (string | BuiltMethod)[],
  opts: ExplainBatchOptions = {},
): Promise<ExplainResult[]> {
  const built = methods.map((m) => (typeof m === 'string' ? buildMethodSpec(m) : m));
  for (const m of built) assertCompatible(cell, m);
  const W = cell.options.width;
  const T = cell.options.T;
  const N = x instanceof Float32Array ? x.length / (HEIGHT * W) : x.shape[0];
  if (!Number.isInteger(N) || N < 1) {
    throw new Error(`x must hold N·28·${W} values (N ≥ 1), got ${x instanceof Float32Array ? `${x.length} values` : `shape [${x.shape}]`}`);
  }
  if (!(x instanceof Float32Array) && (x.shape[1] !== HEIGHT || x.shape[2] !== W)) {
    throw new Error(`x must be [N, ${HEIGHT}, ${W}] for this cell, got [${x.shape}]`);
  }
  const target = opts.target ?? 'true';
  const labels = opts.labels ?? null;
  if (labels && labels.length !== N) throw new Error(`labels has ${labels.length} entries for ${N} sequences`);
  let given: Int32Array | null = null;
  if (target === 'true') {
    if (!labels) throw new Error("target 'true' needs the labels");
    given = Int32Array.from(labels);
  } else if (target !== 'predicted') {
    if (target.length !== N) throw new Error(`target has ${target.length} classes for ${N} sequences`);
    given = Int32Array.from(target);
  }
  if (given) {
    for (const c of given) if (!(c >= 0 && c < CLASSES)) throw new Error(`explained class ${c} is not in 0…${CLASSES - 1}`);
  }
  const blocks = W / HEIGHT;
  if (opts.masks && opts.masks.length !== N * blocks) throw new Error(`masks has ${opts.masks.length} entries; expected N·${blocks} = ${N * blocks}`);

  const prepared = opts.prepared ?? null;
  if (prepared && (prepared.cell !== cell || prepared.weights !== weights)) {
    throw new Error('opts.prepared was prepared for another cell or other weights');
  }
  const needTrace = built.some((m) => m.plan.kind === 'lrp');
  const lrpGroups = opts.stack === false ? null : stackGroups(built);
  // Every method from one forward pass (./fused.ts) unless idle row blocks would cost more arithmetic
  // than the ops saved (large batches with unmatched method kinds: one pass per kind instead).
  const layout = opts.stack === false ? null : fusedLayout(built, lrpGroups ?? []);
  const fused = layout && useFused(layout, N) ? layout : null;
  const out = tf.tidy(() => {
    const xt = x instanceof Float32Array ? tf.tensor3d(x, [N, HEIGHT, W]) : x;
    // W⁺/W⁻ once per call for the rules that use them (all but LRP-ε with pixels as hidden).
    const needSplit = built.some((m) => m.plan.kind === 'lrp' && (m.plan.rules.hidden.kind === 'alpha-beta' || m.plan.rules.pixel.kind === 'z-beta'));
    const cw = needTrace ? (prepared ? prepared.grouped : groupWeights(cell, weights, needSplit)) : null;
    // Logits: from the traced forward when an LRP method needs the trace; for gradient methods alone
    // from their own forward pass (valueAndGrad), or a trace-free forward first when the prediction
    // decides the class.
    const fwd = needTrace && !fused ? cell.forward(weights, xt) : null;
    let logits: tf.Tensor2D | null = fwd ? fwd.logits : target === 'predicted' ? cellLogits(cell, weights, xt) : null;
    const targets = given ? tf.tensor1d(given, 'int32') : (tf.argMax(logits!, 1) as tf.Tensor1D);
    const oneHot = tf.oneHot(targets, CLASSES).toFloat() as tf.Tensor2D;
    const Ry = fwd ? startRelevance(fwd.logits, oneHot) : null;
    if (fused) {
      const r = fusedMaps(cell, weights, cw, xt, oneHot, (lg) => startRelevance(lg, oneHot), built, fused, stackedRules);
      if (!logits) return { logits: r.logits, targets, maps: r.maps };
      r.logits.dispose(); // the prediction's logits came first (may be a kept tensor: tidy would not free it)
      return { logits, targets, maps: r.maps };
    }
    // Gradients shared by the methods that need the same one (sensitivity and gradient × input).
    const grads = new Map<string, tf.Tensor3D>();
    // LRP methods stacked into one batch (stackGroups): each member's [heatmap, state], by method index.
    const stacked = new Map<number, tf.Tensor[]>();
    for (const group of lrpGroups ?? []) {
      const M = group.length;
      const rules = stackedRules(group.map((k) => (built[k].plan as Extract<BuiltMethod['plan'], { kind: 'lrp' }>).rules), N);
      const parts = tf.tidy(() => {
        // The batched encoder values are t-major over N rows; repeated they would not be t-major over
        // M·N: the walk concatenates the repeated steps instead.
        const { denseEncoder: _batched, ...perStep } = fwd!.trace;
        const r = propagate(tileTrace(perStep, M), cw!, tf.tile(Ry!, [M, 1]), rules);
        return group.map((_, m) => [
          tf.slice(r.heatmap, [m * N, 0, 0], [N, HEIGHT, W]),
          tf.slice(r.state, [m * N, 0], [N, T]),
          ...(r.literal ? [tf.slice(r.literal, [m * N, 0], [N, T])] : []),
        ]);
      });
      group.forEach((k, m) => stacked.set(k, parts[m]));
    }
    // Per method: [heatmap [N, 28, W], state [N, T], literal [N, T] (Conv⁺ only)] (LRP) or [heatmap] (gradient methods).
    const maps = built.map((m, k): tf.Tensor[] => {
      const plan = m.plan;
      if (plan.kind === 'lrp') {
        const done = stacked.get(k);
        if (done) return done;
        return tf.tidy(() => {
          const r = propagate(fwd!.trace, cw!, Ry!, plan.rules);
          return r.literal ? [r.heatmap, r.state, r.literal] : [r.heatmap, r.state];
        });
      }
      const key = gradientKey(plan);
      if (!grads.has(key)) {
        const g = planGradient(cell, weights, plan, xt, oneHot);
        grads.set(key, g.grad);
        logits ??= g.logits;
      }
      return [gradientRelevance(plan, xt, grads.get(key)!)];
    });
    return { logits: logits!, targets, maps };
  });

  try {
    const [logits, targets] = await Promise.all([out.logits.data(), out.targets.data()]);
    const maps = await Promise.all(
      out.maps.map(async ([h, st, lit]) => ({
        heatmap: (await h.data()) as Float32Array,
        state: st ? ((await st.data()) as Float32Array) : null,
        literal: lit ? ((await lit.data()) as Float32Array) : null,
      })),
    );
    const masks = opts.masks ?? null;
    return built.map((m, k) => {
      const { heatmap, state, literal } = maps[k];
      const sequences: SequenceExplanation[] = [];
      for (let i = 0; i < N; i++) {
        const h = heatmap.slice(i * HEIGHT * W, (i + 1) * HEIGHT * W);
        const lg = Array.from(logits.subarray(i * CLASSES, (i + 1) * CLASSES));
        const c = targets[i];
        const shares = blockShares(h, W, blocks);
        const mask = masks ? Array.from({ length: blocks }, (_, b) => Number(masks[i * blocks + b])) : null;
        const sum = sumOf(h);
        const yc = lg[c];
        sequences.push({
          heatmap: h,
          perStep: perStepSums(h, W, T, 'signed'),
          state: state ? Array.from(state.subarray(i * T, (i + 1) * T)) : null,
          literal: literal ? Array.from(literal.subarray(i * T, (i + 1) * T)) : null,
          logits: lg,
          target: c,
          predicted: argMax(lg),
          label: labels ? Number(labels[i]) : null,
          blockShares: shares,
          cosine: mask ? cosineToMask(shares, mask) : null,
          majorityShare: mask ? majorityShare(shares, mask) : null,
          adjustedMajorityShare: mask ? adjustedMajorityShare(shares, mask, opts.tau ?? 0.8) : null,
          conservation: { sum, logit: yc, target: Math.max(0, yc), error: conservationError(sum, yc) },
        });
      }
      return { method: m.id, label: m.label, params: m.params, width: W, T, sequences };
    });
  } finally {
    tf.dispose([out.logits, out.targets, ...out.maps.flat()]);
  }
}

/**
 * Groups of ≥ 2 LRP methods (indices into `built`) whose rules differ only in α and β: each group runs as
 * one propagation over the trace repeated once per method, with per-row α, β (HiddenRule.perRow). One
 * walk through the T steps instead of one per method: at batch 1 the time is in the number of ops,
 * not their size.
 */
function stackGroups(built: BuiltMethod[]): number[][] {
  const groups = new Map<string, number[]>();
  built.forEach((m, k) => {
    if (m.plan.kind !== 'lrp' || m.plan.rules.hidden.kind !== 'alpha-beta') return;
    const { hidden, ...rest } = m.plan.rules;
    const key = JSON.stringify([hidden.conservative, rest]);
    groups.set(key, [...(groups.get(key) ?? []), k]);
  });
  return [...groups.values()].filter((g) => g.length > 1);
}

/** One rule set for a stack of αβ rule sets (same but for α, β), N sequences each, method-major rows. */
function stackedRules(sets: RuleSet[], N: number): RuleSet {
  const pairs = sets.map((r) => r.hidden as Extract<RuleSet['hidden'], { kind: 'alpha-beta' }>);
  const alpha = pairs.flatMap((p) => new Array<number>(N).fill(p.alpha));
  const beta = pairs.flatMap((p) => new Array<number>(N).fill(p.beta));
  const widest = pairs.reduce((a, b) => (b.beta > a.beta ? b : a));
  return { ...sets[0], hidden: { ...widest, perRow: { alpha, beta } } };
}

/** The trace with every tensor repeated M times along the batch axis (method-major), structure kept. */
function tileTrace<V>(v: V, M: number, memo = new Map<number, tf.Tensor>()): V {
  if (v instanceof tf.Tensor) {
    let t = memo.get(v.id);
    if (!t) {
      t = tf.tile(v, [M, ...v.shape.slice(1).map(() => 1)]);
      memo.set(v.id, t);
    }
    return t as V;
  }
  if (Array.isArray(v)) return v.map((x) => tileTrace(x, M, memo)) as V;
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, tileTrace(x, M, memo)])) as V;
  }
  return v;
}

/** Σ of a heatmap in float64. */
function sumOf(h: Float32Array): number {
  let s = 0;
  for (let i = 0; i < h.length; i++) s += h[i];
  return s;
}

function argMax(v: number[]): number {
  let k = 0;
  for (let i = 1; i < v.length; i++) if (v[i] > v[k]) k = i;
  return k;
}
