/**
 * Group a cell's weights for the relevance propagation (./types.ts): pick the tensors by their
 * manifest names (src/core/cells/paramSpecs.ts) and split the concatenated-input layers once, so that
 * no step of the backward walk slices a matrix again. Call inside tf.tidy (the slices are new tensors).
 */
import * as tf from '../../tf';
import type { Cell, Weights } from '../../cells/types';
import { cellLayout } from '../../cells/cellLayout';
import type { CellWeights, CoreWeights, EncoderWeights, HeadWeights, Kernel, Mat } from './types';
import { rotateKernel } from '../rules/convRelevance';

function get<T extends tf.Tensor>(w: Weights, name: string): T {
  const v = w[`${name}/W`];
  if (!v) throw new Error(`weights have no "${name}/W"; present: ${Object.keys(w).join(', ')}`);
  return v as unknown as T;
}

/** W⁺ = max(0, W) and W⁻ = min(0, W) = W − W⁺ (exact; avoids wasm's slow broadcast minimum). */
function splitOf<T extends tf.Tensor>(W: T): { pos: T; neg: T } {
  const pos = tf.relu(W) as T;
  return { pos, neg: tf.sub(W, pos) as T };
}

/** Rows [0, n) and [n, end) of a matrix [I, J]. */
function splitRows(W: tf.Tensor2D, n: number): [tf.Tensor2D, tf.Tensor2D] {
  return [tf.slice(W, [0, 0], [n, -1]), tf.slice(W, [n, 0], [-1, -1])];
}

/** Input channels [0, n) and [n, end) of a conv kernel [kh, kw, C, J]. */
function splitChannels(W: tf.Tensor4D, n: number): [tf.Tensor4D, tf.Tensor4D] {
  return [tf.slice(W, [0, 0, 0, 0], [-1, -1, n, -1]), tf.slice(W, [0, 0, n, 0], [-1, -1, -1, -1])];
}

/**
 * A weight with its split and, when `backward`, the forms the backward maps read: `turn` gives W's
 * (a matrix's transpose, a conv kernel rotated); the split's are the same turn of W⁺ and W⁻, made as
 * the split of the turned W (relu commutes with both).
 */
function prepared<T extends tf.Tensor>(W: T, split: boolean, backward: boolean, turn: (W: T) => T) {
  if (!backward) return split ? { W, split: splitOf(W) } : { W };
  const WT = turn(W);
  if (!split) return { W, WT };
  const t = splitOf(WT);
  return { W, WT, split: { ...splitOf(W), posT: t.pos, negT: t.neg } };
}

/**
 * @param cell     the cell (its layout says which weights exist and where concatenations split)
 * @param w        its weights by manifest name
 * @param split    also compute W⁺ and W⁻ of every matrix once (the αβ, z⁺ and z^β rules use them at
 *                 every step); false for rules that need no split (LRP-ε with pixels as hidden)
 * @param backward also prepare what the backward maps read (transposes, rotated kernels): worth it when
 *                 the result is kept across explanations (prepareWeights); per call it costs about what
 *                 it saves
 */
export function groupWeights(cell: Cell, w: Weights, split = true, backward = false): CellWeights {
  const L = cellLayout(cell.options);
  const mat = (W: tf.Tensor2D): Mat => prepared(W, split, backward, (w) => tf.transpose(w));
  const ker = (W: tf.Tensor4D): Kernel => prepared(W, split, backward, rotateKernel);
  let encoder: EncoderWeights;
  const enc = L.encoder;
  if (enc.kind === 'none') encoder = { kind: 'none' };
  else if (enc.kind === 'dense') encoder = { kind: 'dense', layers: enc.sizes.map((_, i) => mat(get(w, `input_${i + 1}`))) };
  else {
    const conv1 = get<tf.Tensor4D>(w, 'conv1');
    const conv2 = get<tf.Tensor4D>(w, 'conv2');
    const dense = get<tf.Tensor2D>(w, 'input_1');
    if (enc.plus) {
      // Conv⁺ input channels: conv1 [x_t (1), a1_{t−1} (24)], conv2 [p1_t (24), a2_{t−1} (32)] (§2.5).
      const [c1x, c1a] = splitChannels(conv1, 1);
      const [c2p, c2a] = splitChannels(conv2, enc.ch1);
      encoder = { kind: 'conv', conv1: ker(c1x), conv2: ker(c2p), dense: mat(dense), plus: { conv1: ker(c1a), conv2: ker(c2a) } };
    } else encoder = { kind: 'conv', conv1: ker(conv1), conv2: ker(conv2), dense: mat(dense) };
  }
  let core: CoreWeights;
  const c = L.core;
  if (c.kind === 'shallow') {
    const [inX, inR] = splitRows(get(w, 'input'), c.input); // [x_t, r_{t−1}]: pixels first (§2.1)
    core = { kind: 'shallow', inX: mat(inX), inR: mat(inR), rec: mat(get(w, 'recurrent')) };
  } else if (c.kind === 'deep') {
    const [inU, inR] = splitRows(get(w, 'input_to_cell'), c.input); // [u_t, r_{t−1}] (§2.2)
    core = { kind: 'deep', inU: mat(inU), inR: mat(inR), rec: mat(get(w, 'recurrent')) };
  } else {
    const [gU, gH] = splitRows(get(w, 'candidate'), c.input); // [u_t, h_{t−1}] (§2.6)
    core = { kind: 'lstm', gU: mat(gU), gH: mat(gH) };
  }
  const head: HeadWeights =
    L.head.kind === 'linear'
      ? { kind: 'linear', out: mat(get(w, 'output')) }
      : { kind: 'deep', o1: mat(get(w, 'output_1')), o2: mat(get(w, 'output_2')) };
  return { encoder, core, head };
}

/** Weights prepared once for many explanations (the explorer's models, a benchmark, `rrx eval`). */
export interface PreparedWeights {
  /** The cell and weights this was prepared from (explainMany checks that they match). */
  readonly cell: Cell;
  readonly weights: Weights;
  /** Grouped, split, with transposes and rotated kernels. */
  readonly grouped: CellWeights;
  /** Frees the tensors made here (never the model's own weights). */
  dispose(): void;
}

/**
 * Group, split and transpose a model's weights once (groupWeights with split and backward), keeping the
 * results until dispose(). explainMany({prepared}) then starts without that work: at batch 1 it is a
 * good part of an explanation's time (tens of transposes and splits on wasm).
 */
export function prepareWeights(cell: Cell, w: Weights): PreparedWeights {
  const own = new Set(Object.values(w).map((t) => t.id));
  const grouped = tf.tidy(() => {
    const g = groupWeights(cell, w, true, true);
    return g as unknown as tf.TensorContainer;
  }) as unknown as CellWeights;
  const made = tf.tensor_util.getTensorsInContainer(grouped as unknown as tf.TensorContainer).filter((t) => !own.has(t.id));
  let disposed = false;
  return {
    cell,
    weights: w,
    grouped,
    dispose() {
      if (disposed) return;
      disposed = true;
      tf.dispose(made);
    },
  };
}
