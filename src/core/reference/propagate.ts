/**
 * Float64 replica of the relevance propagation through every cell (tests only; no TF.js), built from
 * the float64 forward replica (./cells.ts) and the float64 rule replicas (./rulesLayer*.ts, ./rulesPool.ts,
 * ./rulesLstm.ts). Written as literally as thesis-code-facts.md §5.5–5.6 states the walk: one step after
 * the other from t = T down to 1, each step's encoder walked at its own step (the TF.js path batches the
 * steps of a non-Conv⁺ encoder; this one does not, so agreement also checks that batching).
 *
 * Weights are split by hand here ([x_t | r_{t−1}] rows, [u_t | h_{t−1}] rows, Conv⁺ input channels),
 * independently of src/core/explain/propagate/cell-weights.ts.
 */
import type { CellOptions } from '../cells/types';
import type { RuleSet } from '../explain/rules/types';
import { cellLayout, HEIGHT, CLASSES } from '../cells/cellLayout';
import type { F64 } from './cellsOps';
import type { RefTrace, RefWeights } from './cells';
import { refRelevance, type RefLayer } from './rulesLayer';
import { refConvLayer, refDenseLayer } from './rulesLayers';
import { refPoolRelevance } from './rulesPool';
import { refLstmSplit } from './rulesLstm';
import type { InputKind } from '../explain/rules/types';

export interface RefPropagation {
  /** Pixel relevance [N, 28, W] row-major. */
  heatmap: Float64Array;
  /** Σ relevance flowing into steps 0…t through the state (see CoreRelevance.state), [N, T] row-major. */
  state: Float64Array;
  /** Conv⁺ only (else null): the part of `state` the literal connections of step t+1 hand to a1_t, a2_t, [N, T] row-major. */
  literal: Float64Array | null;
}

/** Rows [start, start + count) of a row-major matrix [I, J]. */
function rows(W: F64, start: number, count: number): F64 {
  const J = W.shape[1];
  return { shape: [count, J], data: W.data.slice(start * J, (start + count) * J) };
}

/** Input channels [start, start + count) of a kernel [kh, kw, C, O]. */
function channels(W: F64, start: number, count: number): F64 {
  const [kh, kw, C, O] = W.shape;
  const out = new Float64Array(kh * kw * count * O);
  for (let p = 0; p < kh * kw; p++) {
    for (let ci = 0; ci < count; ci++) {
      for (let o = 0; o < O; o++) out[(p * count + ci) * O + o] = W.data[(p * C + start + ci) * O + o];
    }
  }
  return { shape: [kh, kw, count, O], data: out };
}

const sum = (a: Float64Array, from = 0, to = a.length) => {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i];
  return s;
};

/** Per-sample sums of an [N, K] array. */
const rowSums = (a: Float64Array, N: number) => Array.from({ length: N }, (_, n) => sum(a, (n * a.length) / N, ((n + 1) * a.length) / N));

interface Blk {
  x: F64;
  W: F64;
  kind: InputKind;
  literal?: boolean;
}

/**
 * Replica layers are explicit connection lists that depend on the weights only; a conv's list is large
 * (Conv⁺ conv1: ~3M connections), so each layer is built once per explanation and reused at every step
 * with that step's activations. Pass one cache to several calls on the same weights (e.g. one per rule
 * set) to build each layer once; never share one across different weights.
 */
export class RefLayerCache {
  private layers = new Map<string, RefLayer>();

  dense(key: string, blocks: Blk[], R: Float64Array, rules: RuleSet): Float64Array[] {
    const N = blocks[0].x.shape[0];
    const J = blocks[0].W.shape[1];
    const layer = this.get(key, () =>
      refDenseLayer(blocks.map((b) => ({ x: b.x.data, W: b.W.data, I: b.W.shape[0], kind: b.kind })), N, J),
    );
    return refRelevance(this.withX(layer, blocks), R, rules);
  }

  conv(key: string, blocks: Blk[], R: Float64Array, rules: RuleSet): Float64Array[] {
    const [N, H, Wd] = blocks[0].x.shape;
    const [kh, kw, , O] = blocks[0].W.shape;
    const layer = this.get(key, () =>
      refConvLayer(
        blocks.map((b) => ({ x: b.x.data, W: b.W.data, C: b.W.shape[2], kind: b.kind, literal: b.literal })),
        N, H, Wd, kh, kw, O,
      ),
    );
    return refRelevance(this.withX(layer, blocks), R, rules);
  }

  private get(key: string, build: () => RefLayer): RefLayer {
    let layer = this.layers.get(key);
    if (!layer) this.layers.set(key, (layer = build()));
    return layer;
  }

  private withX(layer: RefLayer, blocks: Blk[]): RefLayer {
    return { ...layer, N: blocks[0].x.shape[0], blocks: layer.blocks.map((b, k) => ({ ...b, x: blocks[k].x.data })) };
  }
}

/**
 * The float64 relevance of every pixel.
 * @param options the cell's options (T, width, arch)
 * @param w       weights by manifest name (float64)
 * @param trace   the replica forward's trace (inference mode)
 * @param logits  [N, 10] from the replica forward
 * @param target  the explained class of each sequence, length N
 * @param rules   the rule set
 * @param cache   replica layers built so far for these weights (see RefLayerCache)
 */
export function referencePropagate(
  options: CellOptions,
  w: RefWeights,
  trace: RefTrace,
  logits: F64,
  target: ArrayLike<number>,
  rules: RuleSet,
  cache: RefLayerCache = new RefLayerCache(),
): RefPropagation {
  const L = cellLayout(options);
  const { T, c, d, width } = L;
  const N = logits.shape[0];
  const W = (name: string) => {
    const v = w[`${name}/W`];
    if (!v) throw new Error(`reference: weight ${name}/W missing`);
    return v;
  };
  const steps = trace.steps;

  // Start relevance: relu(y_c) on the explained class only (§5.5).
  const Ry = new Float64Array(N * CLASSES);
  for (let n = 0; n < N; n++) Ry[n * CLASSES + target[n]] = Math.max(0, logits.data[n * CLASSES + target[n]]);

  // Head → R(h_T).
  let RhT: Float64Array;
  const head = trace.head;
  if (head.kind === 'linear') {
    RhT = cache.dense('output', [{ x: head.hT, W: W('output'), kind: 'relu' }], Ry, rules)[0];
  } else {
    const Ro = cache.dense('output_2', [{ x: head.o, W: W('output_2'), kind: 'relu' }], Ry, rules)[0];
    RhT = cache.dense('output_1', [{ x: head.hT, W: W('output_1'), kind: 'relu' }], Ro, rules)[0];
  }

  // Core: per step the relevance of its input (u_t, or x_t for Shallow), and the state sums.
  const Rin: Float64Array[] = new Array(T);
  const state = new Float64Array(N * T);
  const setState = (t: number, R: Float64Array) => rowSums(R, N).forEach((v, n) => (state[n * T + t] += v));
  setState(T - 1, RhT);
  const core = L.core;
  if (core.kind === 'shallow' || core.kind === 'deep') {
    const inName = core.kind === 'shallow' ? 'input' : 'input_to_cell';
    const Win = W(inName);
    const [Wa, Wr] = [rows(Win, 0, core.input), rows(Win, core.input, core.state)];
    let Rh = RhT;
    for (let t = T - 1; t >= 0; t--) {
      const s = steps[t].core;
      if (s.kind === 'lstm') throw new Error('reference: unexpected lstm step');
      const a = s.kind === 'shallow' ? steps[t].x : s.u;
      const [Ra, Rr] = cache.dense(
        inName,
        [
          { x: a, W: Wa, kind: core.kind === 'shallow' ? 'pixel' : 'relu' },
          { x: s.rPrev, W: Wr, kind: 'relu' },
        ],
        Rh,
        rules,
      );
      Rin[t] = Ra;
      if (t === 0) break;
      setState(t - 1, Rr);
      const prev = steps[t - 1].core as { h: F64 };
      Rh = cache.dense('recurrent', [{ x: prev.h, W: W('recurrent'), kind: 'relu' }], Rr, rules)[0];
    }
  } else {
    const Wg = W('candidate');
    const [Wu, Wh] = [rows(Wg, 0, core.input), rows(Wg, core.input, core.units)];
    let Rc = RhT; // all of R(h_T) to c_T
    for (let t = T - 1; t >= 0; t--) {
      const s = steps[t].core;
      if (s.kind !== 'lstm') throw new Error('reference: expected an lstm step');
      const { toPrev, toCandidate } = refLstmSplit(s.f.data, s.cPrev.data, s.c.data, Rc, rules.lstmStabilizer);
      const [Ru, Rh] = cache.dense(
        'candidate',
        [
          { x: s.u, W: Wu, kind: 'relu' },
          { x: s.hPrev, W: Wh, kind: 'relu' },
        ],
        toCandidate,
        rules,
      );
      Rin[t] = Ru;
      if (t === 0) break;
      Rc = new Float64Array(Rc.length);
      for (let k = 0; k < Rc.length; k++) Rc[k] = toPrev[k] + Rh[k];
      setState(t - 1, Rc);
    }
  }

  // Encoder, step by step → pixel relevance R(x_t) [N, d].
  const Rx: Float64Array[] = new Array(T);
  let literal: Float64Array | null = null;
  const enc = L.encoder;
  if (enc.kind === 'none') {
    for (let t = 0; t < T; t++) Rx[t] = Rin[t];
  } else if (enc.kind === 'dense') {
    for (let t = 0; t < T; t++) {
      const e = steps[t].enc;
      if (e.kind !== 'dense') throw new Error('reference: expected a dense encoder step');
      let R = Rin[t];
      for (let k = enc.sizes.length - 1; k >= 1; k--) {
        R = cache.dense(`input_${k + 1}`, [{ x: e.acts[k - 1], W: W(`input_${k + 1}`), kind: 'relu' }], R, rules)[0];
      }
      Rx[t] = cache.dense('input_1', [{ x: steps[t].x, W: W('input_1'), kind: 'pixel' }], R, rules)[0];
    }
  } else {
    const conv1 = W('conv1');
    const conv2 = W('conv2');
    const c1x = enc.plus ? channels(conv1, 0, 1) : conv1;
    const c1a = enc.plus ? channels(conv1, 1, enc.ch1) : null;
    const c2p = enc.plus ? channels(conv2, 0, enc.ch1) : conv2;
    const c2a = enc.plus ? channels(conv2, enc.ch1, enc.ch2) : null;
    if (enc.plus) literal = new Float64Array(N * T);
    let carryA1: Float64Array | null = null; // R(a1_t) from step t+1's conv1 literal channels
    let carryA2: Float64Array | null = null; // R(a2_t) from step t+1's conv2
    for (let t = T - 1; t >= 0; t--) {
      const e = steps[t].enc;
      if (e.kind !== 'conv') throw new Error('reference: expected a conv encoder step');
      const Rf = cache.dense('input_1', [{ x: e.f, W: W('input_1'), kind: 'relu' }], Rin[t], rules)[0];
      const [, H2, W2, C2] = e.a2.shape;
      const Ra2 = refPoolRelevance(e.a2.data, Rf, N, H2, W2, C2, rules.stabilizer);
      if (carryA2) for (let k = 0; k < Ra2.length; k++) Ra2[k] += carryA2[k];
      const blocks2: Blk[] = [{ x: e.p1, W: c2p, kind: 'relu' }];
      if (e.plus) blocks2.push({ x: e.plus.a2Prev, W: c2a!, kind: 'relu' });
      const [Rp1, RA2prev] = cache.conv('conv2', blocks2, Ra2, rules);
      const [, H1, W1, C1] = e.a1.shape;
      const Ra1 = refPoolRelevance(e.a1.data, Rp1, N, H1, W1, C1, rules.stabilizer);
      if (carryA1) for (let k = 0; k < Ra1.length; k++) Ra1[k] += carryA1[k]; // §11.7
      const blocks1: Blk[] = [{ x: e.x4, W: c1x, kind: 'pixel' }];
      if (e.plus) blocks1.push({ x: e.plus.a1Prev, W: c1a!, kind: 'relu', literal: true });
      const [Rx4, RA1prev] = cache.conv('conv1', blocks1, Ra1, rules);
      Rx[t] = Rx4; // [N, 28, c, 1] = [N, 28·c] row-major
      if (e.plus && t > 0) {
        carryA1 = RA1prev;
        carryA2 = RA2prev;
        setState(t - 1, RA1prev);
        setState(t - 1, RA2prev);
        rowSums(RA1prev, N).forEach((v, n) => (literal![n * T + t - 1] += v));
        rowSums(RA2prev, N).forEach((v, n) => (literal![n * T + t - 1] += v));
      }
    }
  }

  // Write each step's slice back into columns [t·c, (t+1)·c) (§5.6, the inverse of §1.1).
  const heatmap = new Float64Array(N * HEIGHT * width);
  for (let t = 0; t < T; t++) {
    for (let n = 0; n < N; n++) {
      for (let row = 0; row < HEIGHT; row++) {
        for (let col = 0; col < c; col++) heatmap[(n * HEIGHT + row) * width + t * c + col] = Rx[t][n * d + row * c + col];
      }
    }
  }
  return { heatmap, state, literal };
}
