/**
 * Float64 replicas of every cell's forward pass (tests only; no TF.js), written as literally as
 * thesis-code-facts.md §1–§2 states them: explicit concatenations [x_t, r_{t−1}], [u_t, h_{t−1}],
 * [x_t, a1_{t−1}], one step after the other, plain loops. The fast TF.js forward (src/core/cells)
 * must agree with these on the logits and on every trace value.
 *
 * Dropout: pass `mask(site, t)` to multiply the same masks as a recorded training forward
 * (values 0 or 1/keepProb, [N, units]); without it the replica is the inference pass.
 */
import type { Tensor } from '../tf'; // type only: the replicas run no TF.js
import type { CellOptions, Trace } from '../cells/types';
import { cellLayout, HEIGHT } from '../cells/cellLayout';
import {
  add, addBias, concatLast, concatRows, conv2dSame, f64, matmul, mul, neuronBias, pool2x2, relu, reshape, sigmoid, zeros,
  type F64,
} from './cellsOps';

/** The float64 mirror of a TF.js structure: every Tensor becomes an F64. */
export type Mirror<T> = T extends Tensor
  ? F64
  : T extends (infer E)[]
    ? Mirror<E>[]
    : T extends object
      ? { [K in keyof T]: Mirror<T[K]> }
      : T;

export type RefTrace = Mirror<Trace>;
export type RefWeights = Record<string, F64>;
export type MaskSource = (site: string, t: number) => ArrayLike<number> | undefined;

export interface RefResult {
  logits: F64;
  trace: RefTrace;
}

/**
 * Forward pass of the cell described by `options` on x [N, 28, width] (row-major), in float64.
 * @param w weights by manifest name (see paramSpecs), as float64 arrays
 */
export function referenceForward(options: CellOptions, w: RefWeights, x: F64, mask?: MaskSource): RefResult {
  const L = cellLayout(options);
  const { T, c, d } = L;
  const [N, H, W] = x.shape;
  if (H !== HEIGHT || W !== L.width) throw new Error(`replica: x must be [N, 28, ${L.width}]`);
  const bias = options.bias;
  const get = (name: string) => {
    const v = w[name];
    if (!v) throw new Error(`replica: weight ${name} missing`);
    return v;
  };
  /** Dense layer with the neuron bias convention. */
  const dense = (a: F64, name: string) => neuronBias(matmul(a, get(`${name}/W`)), get(`${name}/b`), bias);
  const drop = (site: string, t: number, a: F64) => {
    const m = mask?.(site, t);
    return m ? mul(a, f64(a.shape, m)) : a;
  };

  // Step t: columns [t·c, (t+1)·c), flattened row-major: x_t[n, row·c + col] = x[n, row, t·c + col].
  const xs: F64[] = [];
  for (let t = 0; t < T; t++) {
    const xt = f64([N, d]);
    for (let n = 0; n < N; n++) {
      for (let row = 0; row < HEIGHT; row++) {
        for (let col = 0; col < c; col++) xt.data[n * d + row * c + col] = x.data[(n * HEIGHT + row) * W + t * c + col];
      }
    }
    xs.push(xt);
  }

  // Encoder.
  const encSteps: RefTrace['steps'][number]['enc'][] = [];
  const us: F64[] = [];
  const enc = L.encoder;
  if (enc.kind === 'none') {
    for (let t = 0; t < T; t++) encSteps.push({ kind: 'none' });
  } else if (enc.kind === 'dense') {
    for (let t = 0; t < T; t++) {
      const acts: F64[] = [];
      let a = xs[t];
      enc.sizes.forEach((_, i) => {
        a = relu(dense(i === 0 ? a : drop(`enc.u${i}`, t, a), `input_${i + 1}`));
        acts.push(a);
      });
      encSteps.push({ kind: 'dense', acts });
      us.push(a);
    }
  } else {
    const convRelu = (img: F64, layer: string) =>
      relu(neuronBias(conv2dSame(img, get(`${layer}/W`)), get(`${layer}/b`), bias));
    let a1Prev = zeros([N, HEIGHT, c, enc.ch1]);
    let a2Prev = zeros([N, HEIGHT / 2, enc.w1, enc.ch2]);
    for (let t = 0; t < T; t++) {
      const x4 = reshape(xs[t], [N, HEIGHT, c, 1]);
      const a1 = convRelu(enc.plus ? concatLast(x4, a1Prev) : x4, 'conv1');
      const p1 = pool2x2(a1);
      const a2 = convRelu(enc.plus ? concatLast(p1, a2Prev) : p1, 'conv2');
      const p2 = pool2x2(a2);
      const f = reshape(p2, [N, enc.flat]);
      const u = relu(dense(f, 'input_1'));
      encSteps.push(
        enc.plus ? { kind: 'conv', x4, a1, p1, a2, p2, f, u, plus: { a1Prev, a2Prev } } : { kind: 'conv', x4, a1, p1, a2, p2, f, u },
      );
      us.push(u);
      a1Prev = a1;
      a2Prev = a2;
    }
  }

  // Core.
  const coreSteps: RefTrace['steps'][number]['core'][] = [];
  let hT: F64;
  const core = L.core;
  if (core.kind === 'shallow') {
    let r = zeros([N, core.state]);
    let h = r;
    for (let t = 0; t < T; t++) {
      h = relu(dense(concatLast(xs[t], r), 'input'));
      const rNext = relu(dense(drop('h.rec', t, h), 'recurrent'));
      coreSteps.push({ kind: 'shallow', rPrev: r, h, r: rNext });
      r = rNext;
    }
    hT = h;
  } else if (core.kind === 'deep') {
    let r = zeros([N, core.state]);
    let h = r;
    for (let t = 0; t < T; t++) {
      // xr_t = [drop(u_t), r_{t−1}], then dropout on the whole concatenation (sites "xr.u" ‖ "xr.r").
      const xr = concatLast(drop('u', t, us[t]), r);
      const mu = mask?.('xr.u', t);
      const mr = mask?.('xr.r', t); // absent at t = 0, where r_0 = 0
      const xrMask = mu || mr ? concatLast(f64([N, core.input], mu ?? ones(N * core.input)), f64([N, core.state], mr ?? ones(N * core.state))) : null;
      h = relu(dense(xrMask ? mul(xr, xrMask) : xr, 'input_to_cell'));
      const rNext = relu(dense(drop('h.rec', t, h), 'recurrent'));
      coreSteps.push({ kind: 'deep', u: us[t], rPrev: r, h, r: rNext });
      r = rNext;
    }
    hT = h;
  } else {
    const R = core.units;
    let h = zeros([N, R]);
    let hIn = h;
    let cPrev = zeros([N, R]);
    for (let t = 0; t < T; t++) {
      const xr = concatLast(drop('u', t, us[t]), hIn);
      const gate = (name: string) => sigmoid(addBias(matmul(xr, get(`${name}/W`)), get(`${name}/b`)));
      const i = gate('gate_i');
      const f = gate('gate_f');
      const o = gate('gate_o');
      const g = relu(dense(xr, 'candidate'));
      const cNew = add(mul(i, g), mul(f, cPrev));
      const hNew = mul(o, cNew);
      coreSteps.push({ kind: 'lstm', u: us[t], hPrev: h, cPrev, i, f, o, g, c: cNew, h: hNew });
      h = hNew;
      hIn = drop('h', t, hNew);
      cPrev = cNew;
    }
    hT = hIn;
  }

  // Head.
  let head: RefTrace['head'];
  if (L.head.kind === 'linear') {
    head = { kind: 'linear', hT, y: dense(hT, 'output') };
  } else {
    const o = relu(dense(drop('h.out', T - 1, hT), 'output_1'));
    head = { kind: 'deep', hT, o, y: dense(o, 'output_2') };
  }
  const steps = xs.map((xt, t) => ({ x: xt, enc: encSteps[t], core: coreSteps[t] }));
  // A dense encoder's values for all steps at once (t-major rows), as the traced eval forward keeps them.
  if (enc.kind === 'dense' && !mask) {
    const X = concatRows(xs);
    const denseEncoder = {
      x: X,
      xW1: matmul(X, get('input_1/W')),
      acts: enc.sizes.map((_, i) => concatRows(encSteps.map((e) => (e as { acts: F64[] }).acts[i]))),
    };
    return { logits: head.y, trace: { steps, head, denseEncoder } as RefTrace };
  }
  return { logits: head.y, trace: { steps, head } as RefTrace };
}

const ones = (n: number) => new Float64Array(n).fill(1);
