/**
 * Float64 replica of the gradient of the explained logit, plain or guided (thesis eq. 3.29,
 * thesis-code-facts.md §5.3), written out as a hand backward pass over the replica forward's trace
 * (tests only; no TF.js). Cells with a dense encoder or none: Shallow, Deep, DeepV2, R-LSTM (and -SD).
 *
 * Guided: every ReLU output a passes back g·1[a > 0]·1[g > 0] of its (summed) incoming gradient g;
 * plain: g·1[a > 0]. R-LSTM gates: 'none' passes nothing into the gate pre-activations (they act as
 * constants: dc = dh·o, dg = dc·i, dc_{t−1} = dc·f), 'plain' adds σ' paths.
 */
import type { CellOptions } from '../cells/types';
import { cellLayout, HEIGHT, CLASSES } from '../cells/cellLayout';
import type { F64 } from './cellsOps';
import type { RefTrace, RefWeights } from './cells';

export interface RefGradientOptions {
  guided: boolean;
  /** Gradient through the R-LSTM gates (default 'none'). */
  sigmoid?: 'none' | 'plain';
}

/** g·Wᵀ: g [N, J], W [I, J] → [N, I]. */
function back(g: Float64Array, W: F64, N: number): Float64Array {
  const [I, J] = W.shape;
  const out = new Float64Array(N * I);
  for (let n = 0; n < N; n++) {
    for (let i = 0; i < I; i++) {
      let s = 0;
      for (let j = 0; j < J; j++) s += g[n * J + j] * W.data[i * J + j];
      out[n * I + i] = s;
    }
  }
  return out;
}

/** The ReLU backward at output a: plain 1[a > 0], guided also 1[g > 0]. */
function reluBack(g: Float64Array, a: F64, guided: boolean): Float64Array {
  return g.map((v, k) => (a.data[k] > 0 && (!guided || v > 0) ? v : 0));
}

/** Columns [start, start + count) of an [N, K] array. */
function cols(a: Float64Array, N: number, start: number, count: number): Float64Array {
  const K = a.length / N;
  const out = new Float64Array(N * count);
  for (let n = 0; n < N; n++) for (let k = 0; k < count; k++) out[n * count + k] = a[n * K + start + k];
  return out;
}

const addTo = (a: Float64Array, b: Float64Array) => {
  for (let k = 0; k < a.length; k++) a[k] += b[k];
};

/**
 * ∂y_c/∂x (plain or guided) for every sequence, [N, 28, W] row-major.
 * @param trace  the replica forward's trace (inference)
 * @param target the explained class per sequence
 */
export function referenceGradient(options: CellOptions, w: RefWeights, trace: RefTrace, target: ArrayLike<number>, opts: RefGradientOptions): Float64Array {
  const L = cellLayout(options);
  const { T, c, d, width } = L;
  const { guided } = opts;
  const N = target.length;
  const W = (name: string) => w[`${name}/W`];
  const steps = trace.steps;

  const dy = new Float64Array(N * CLASSES);
  for (let n = 0; n < N; n++) dy[n * CLASSES + target[n]] = 1;
  let dhT: Float64Array;
  const head = trace.head;
  if (head.kind === 'linear') dhT = back(dy, W('output'), N);
  else dhT = back(reluBack(back(dy, W('output_2'), N), head.o, guided), W('output_1'), N);

  const dIn: Float64Array[] = new Array(T); // ∂/∂(core input) per step: u_t, or x_t for Shallow
  const core = L.core;
  if (core.kind === 'shallow' || core.kind === 'deep') {
    const Win = W(core.kind === 'shallow' ? 'input' : 'input_to_cell');
    let dh = dhT;
    for (let t = T - 1; t >= 0; t--) {
      const s = steps[t].core as { h: F64 };
      const dz = reluBack(dh, s.h, guided);
      const dcat = back(dz, Win, N);
      dIn[t] = cols(dcat, N, 0, core.input);
      if (t === 0) break;
      const prev = steps[t - 1].core as { r: F64 };
      const dr = reluBack(cols(dcat, N, core.input, core.state), prev.r, guided);
      dh = back(dr, W('recurrent'), N);
    }
  } else {
    const R = core.units;
    const plainGates = opts.sigmoid === 'plain';
    let dh = dhT;
    let dcNext = new Float64Array(N * R); // dc_t from step t+1's forget path
    for (let t = T - 1; t >= 0; t--) {
      const s = steps[t].core;
      if (s.kind !== 'lstm') throw new Error('reference: expected an lstm step');
      const dc = new Float64Array(N * R);
      for (let k = 0; k < dc.length; k++) dc[k] = dh[k] * s.o.data[k] + dcNext[k];
      const dg = reluBack(dc.map((v, k) => v * s.i.data[k]), s.g, guided);
      const dxr = back(dg, W('candidate'), N);
      if (plainGates) {
        const sig = (a: F64, up: (k: number) => number) => a.data.map((v, k) => up(k) * v * (1 - v));
        addTo(dxr, back(sig(s.i, (k) => dc[k] * s.g.data[k]), W('gate_i'), N));
        addTo(dxr, back(sig(s.f, (k) => dc[k] * s.cPrev.data[k]), W('gate_f'), N));
        addTo(dxr, back(sig(s.o, (k) => dh[k] * s.c.data[k]), W('gate_o'), N));
      }
      dIn[t] = cols(dxr, N, 0, core.input);
      dh = cols(dxr, N, core.input, R);
      dcNext = dc.map((v, k) => v * s.f.data[k]);
    }
  }

  const enc = L.encoder;
  const dx: Float64Array[] = new Array(T);
  for (let t = 0; t < T; t++) {
    const e = steps[t].enc;
    if (e.kind === 'none') dx[t] = dIn[t];
    else if (e.kind === 'dense' && enc.kind === 'dense') {
      let g = dIn[t];
      for (let k = enc.sizes.length - 1; k >= 0; k--) g = back(reluBack(g, e.acts[k], guided), W(`input_${k + 1}`), N);
      dx[t] = g;
    } else throw new Error('referenceGradient: conv encoders are not replicated');
  }
  const out = new Float64Array(N * HEIGHT * width);
  for (let t = 0; t < T; t++) {
    for (let n = 0; n < N; n++) {
      for (let row = 0; row < HEIGHT; row++) {
        for (let col = 0; col < c; col++) out[(n * HEIGHT + row) * width + t * c + col] = dx[t][n * d + row * c + col];
      }
    }
  }
  return out;
}
