/**
 * The small-batch path of explainMany: every method of a call from ONE forward pass and at most one
 * backward pass and one LRP walk per rule family. At batch 1 an explanation's time is in the number of
 * TF.js ops (each costs microseconds whatever its size), not in their arithmetic, so the methods are
 * stacked along the batch axis instead of run one after the other:
 *
 *   rows [block 0 | block 1 | … | block B−1], each block the N sequences of the call (x repeated B times);
 *   - the gradient methods' distinct gradients (plain; guided) are blocks 0…K−1 of one backward pass,
 *     the guided rows with the guided ReLU / gate rules (rowActivations), the others plain;
 *   - the LRP methods that differ only in α, β are blocks 0…M−1 of one walk (HiddenRule.perRow);
 *   - every other LRP method walks once with its start relevance in block 0 (the other blocks get 0).
 *
 * B = max(K, M, 1). The forward under the gradient tape also yields the trace the LRP walks read
 * (its values are the plain forward's: guided rules change gradients only). Rows beyond a family's
 * blocks start from zero relevance / a zero output gradient and are dropped; they cost arithmetic,
 * so with such idle blocks explainMany takes this path only for small batches (useFused).
 *
 * Tested against the plain path (one forward or gradient per method) in explain-fast.test.ts.
 */
import * as tf from '../tf';
import type { Activations, Cell, Trace, Weights } from '../cells/types';
import type { BuiltMethod, MethodPlan } from './registry';
import type { CellWeights } from './propagate/types';
import type { RuleSet } from './rules/types';
import { cellLogits, gradientKey, gradientRelevance } from './methods/gradient';
import { propagate } from './propagate';

type GradientPlan = Extract<MethodPlan, { kind: 'gradient' }>;
type LrpPlan = Extract<MethodPlan, { kind: 'lrp' }>;

/** Largest batch × blocks for which explainMany takes the fused path although some blocks are idle (useFused). */
export const FUSED_MAX_ROWS = 16;

/** The method indices the fused path stacks: distinct gradients (by key) and the largest αβ family. */
export interface FusedLayout {
  /** Distinct gradient keys, block k = gradKeys[k], with the guided setting of each. */
  gradKeys: { key: string; guided: GradientPlan['guided'] }[];
  /** Method indices of the stacked αβ family (block m = stack[m]); empty when none has ≥ 2 members. */
  stack: number[];
  /** Blocks: max(K, M, 1). */
  blocks: number;
  /**
   * Blocks computed for nothing: the gradient pass's blocks beyond K, the family walk's beyond M, and
   * B − 1 per LRP method outside the family. 0 for the five thesis methods (K = M = 2).
   */
  idleBlocks: number;
}

export function fusedLayout(built: BuiltMethod[], families: number[][]): FusedLayout {
  const gradKeys: FusedLayout['gradKeys'] = [];
  for (const m of built) {
    if (m.plan.kind !== 'gradient') continue;
    const key = gradientKey(m.plan);
    if (!gradKeys.some((g) => g.key === key)) gradKeys.push({ key, guided: m.plan.guided });
  }
  const stack = families.reduce<number[]>((a, b) => (b.length > a.length ? b : a), []);
  const blocks = Math.max(1, gradKeys.length, stack.length);
  const others = built.filter((m, k) => m.plan.kind === 'lrp' && !stack.includes(k)).length;
  const idleBlocks = (gradKeys.length ? blocks - gradKeys.length : 0) + (stack.length ? blocks - stack.length : 0) + others * (blocks - 1);
  return { gradKeys, stack, blocks, idleBlocks };
}

/**
 * Whether explainMany takes the fused path for N sequences: always when no block is idle (then it
 * only saves work: one forward instead of one per kind, one backward for both gradients), and for
 * small batches (N·B ≤ FUSED_MAX_ROWS) also when some are, where the ops saved outweigh the idle rows.
 */
export function useFused(layout: FusedLayout, N: number): boolean {
  return layout.idleBlocks === 0 || N * layout.blocks <= FUSED_MAX_ROWS;
}

/** [v (block 0), …] as B blocks along axis 0: `fill(k)` gives block k (null: zeros like v). */
function blocksOf<T extends tf.Tensor>(v: T, B: number, fill: (k: number) => T | null): T {
  if (B === 1) return fill(0) ?? (tf.zerosLike(v) as T);
  return tf.concat(Array.from({ length: B }, (_, k) => fill(k) ?? (tf.zerosLike(v) as T)), 0) as T;
}

/**
 * A mask shaped like a tensor of `shape` ([rows, …], rows t-major over the B·N block rows): true on the
 * rows of the blocks where `on(k)`. Memoised per shape for one backward pass (`memo`).
 */
function rowMask(shape: number[], N: number, B: number, on: (k: number) => boolean, memo: Map<string, tf.Tensor>): tf.Tensor {
  const key = shape.join('x');
  let m = memo.get(key);
  if (!m) {
    const rows = shape[0];
    const inner = shape.slice(1).reduce((a, b) => a * b, 1);
    const v = new Uint8Array(rows * inner);
    for (let i = 0; i < rows; i++) if (on(Math.floor((i % (N * B)) / N))) v.fill(1, i * inner, (i + 1) * inner);
    m = tf.tensor(v, shape, 'bool');
    memo.set(key, m);
  }
  return m;
}

/** An elementwise activation f whose gradient is grad(dy, f(z)), written with the saved output. */
function withOutputGrad(f: (z: tf.Tensor) => tf.Tensor, grad: (dy: tf.Tensor, y: tf.Tensor) => tf.Tensor): (z: tf.Tensor) => tf.Tensor {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [z, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const y = f(z);
    save([y]);
    return { value: y, gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => grad(dy, saved) };
  });
  return (z) => op(z);
}

/**
 * Activations whose gradients follow each row's block: guided blocks use the guided ReLU
 * (dy·1[y > 0]·1[dy > 0]) and their gate rule ('none': no gradient through σ), the others the plain
 * derivatives. Step batches (T·B·N rows, t-major) repeat the blocks per step.
 */
function rowActivations(layout: FusedLayout, N: number): Activations {
  const B = layout.blocks;
  const guidedAt = (k: number) => k < layout.gradKeys.length && layout.gradKeys[k].guided !== null;
  const gateOffAt = (k: number) => guidedAt(k) && layout.gradKeys[k].guided!.sigmoid === 'none';
  const anyGuided = Array.from({ length: B }, (_, k) => guidedAt(k)).some(Boolean);
  const anyGateOff = Array.from({ length: B }, (_, k) => gateOffAt(k)).some(Boolean);
  // Masks are made during the backward pass (its scope frees them at its end) and reused within it.
  const guidedMasks = new Map<string, tf.Tensor>();
  const gateMasks = new Map<string, tf.Tensor>();
  const relu = anyGuided
    ? // plain dy·1[y > 0]; the guided rows pass only the positive part of dy
      withOutputGrad(tf.relu, (dy, y) => tf.mul(tf.step(y), tf.where(rowMask(dy.shape, N, B, guidedAt, guidedMasks), tf.relu(dy), dy)))
    : (z: tf.Tensor) => tf.relu(z);
  const sigmoid = anyGateOff
    ? // σ' = σ(1 − σ); the rows whose gates pass no gradient get 0
      withOutputGrad(tf.sigmoid, (dy, s) => tf.where(rowMask(dy.shape, N, B, gateOffAt, gateMasks), tf.zerosLike(dy), tf.mul(dy, tf.mul(s, tf.sub(1, s)))))
    : (z: tf.Tensor) => tf.sigmoid(z);
  return { relu, sigmoid };
}

/**
 * Every method's maps for N sequences (call inside tf.tidy): per method [heatmap [N, 28, W], state [N, T]]
 * and, for Conv⁺, literal [N, T] (LRP) or [heatmap] (gradient methods), and the logits [N, 10].
 * @param cw              the grouped weights (needed when an LRP method is present)
 * @param oneHot          the explained classes [N, 10]
 * @param startRelevance  relu(y) ⊙ onehot from the logits [N, 10] (LRP)
 * @param stackedRules    builds the per-row rule set of the αβ family (explain.ts)
 */
export function fusedMaps(
  cell: Cell,
  weights: Weights,
  cw: CellWeights | null,
  xt: tf.Tensor3D,
  oneHot: tf.Tensor2D,
  startRelevance: (logits: tf.Tensor2D) => tf.Tensor2D,
  built: BuiltMethod[],
  layout: FusedLayout,
  stackedRules: (sets: RuleSet[], N: number) => RuleSet,
): { logits: tf.Tensor2D; maps: tf.Tensor[][] } {
  const N = xt.shape[0];
  const B = layout.blocks;
  const K = layout.gradKeys.length;
  const needTrace = built.some((m) => m.plan.kind === 'lrp');
  const xB = B === 1 ? xt : (tf.tile(xt, [B, 1, 1]) as tf.Tensor3D);
  const kept: tf.Tensor[] = [];
  let result: { logits: tf.Tensor2D; maps: tf.Tensor[][] } | null = null;
  try {
    let logitsB: tf.Tensor2D;
    let trace: Trace | null = null;
    let grad: tf.Tensor3D | null = null;
    if (K > 0) {
      const act = rowActivations(layout, N);
      const dy = blocksOf(oneHot, B, (k) => (k < K ? oneHot : null));
      const res = tf.valueAndGrad((xx: tf.Tensor) => {
        if (!needTrace) return cellLogits(cell, weights, xx as tf.Tensor3D, act);
        const r = cell.forward(weights, xx as tf.Tensor3D, { act, weightGradients: false });
        // Kept so that the trace outlives the gradient's forward scope (freed below).
        for (const t of tf.tensor_util.getTensorsInContainer(r.trace as unknown as tf.TensorContainer)) kept.push(tf.keep(t));
        trace = r.trace;
        return r.logits;
      })(xB, dy);
      logitsB = res.value as tf.Tensor2D;
      grad = res.grad as tf.Tensor3D;
    } else {
      const r = cell.forward(weights, xB);
      logitsB = r.logits;
      trace = r.trace;
    }
    const logits = B === 1 ? logitsB : (tf.slice(logitsB, [0, 0], [N, -1]) as tf.Tensor2D);
    const Ry = needTrace ? startRelevance(logits) : null;
    const block = <R extends tf.Tensor>(v: R, k: number): R =>
      (B === 1 ? v : tf.slice(v, [k * N, ...v.shape.slice(1).map(() => 0)], [N, ...v.shape.slice(1)])) as R;

    // The αβ family in one walk.
    const maps = new Map<number, tf.Tensor[]>();
    const stack = layout.stack;
    if (stack.length > 0) {
      const sets = stack.map((k) => (built[k].plan as LrpPlan).rules);
      // Blocks beyond the family start from zero relevance; they take the last member's α, β.
      const padded = Array.from({ length: B }, (_, k) => sets[Math.min(k, sets.length - 1)]);
      const r = propagate(trace!, cw!, blocksOf(Ry!, B, (k) => (k < stack.length ? Ry! : null)), stackedRules(padded, N));
      stack.forEach((k, m) => maps.set(k, [block(r.heatmap, m), block(r.state, m), ...(r.literal ? [block(r.literal, m)] : [])]));
    }
    const gradients = new Map<string, tf.Tensor3D>();
    layout.gradKeys.forEach((g, k) => gradients.set(g.key, block(grad!, k)));
    const out = built.map((m, k): tf.Tensor[] => {
      const done = maps.get(k);
      if (done) return done;
      if (m.plan.kind === 'gradient') return [gradientRelevance(m.plan, xt, gradients.get(gradientKey(m.plan))!)];
      const r = propagate(trace!, cw!, blocksOf(Ry!, B, (b) => (b === 0 ? Ry! : null)), m.plan.rules);
      return [block(r.heatmap, 0), block(r.state, 0), ...(r.literal ? [block(r.literal, 0)] : [])];
    });
    result = { logits, maps: out };
    return result;
  } finally {
    // The kept trace goes, except what the result is made of (the logits are the trace's head.y).
    const returned = new Set(result ? [result.logits, ...result.maps.flat()].map((t) => t.id) : []);
    tf.dispose(kept.filter((t) => !returned.has(t.id)));
  }
}
