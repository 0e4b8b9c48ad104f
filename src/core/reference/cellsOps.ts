/**
 * Float64 plain-loop building blocks of the cell replicas (tests only; no TF.js).
 * An array is { shape, data } with data row-major (the last axis fastest), like a TF.js tensor.
 */
import type { BiasMode } from '../cells/types';

export interface F64 {
  shape: number[];
  data: Float64Array;
}

export const f64 = (shape: number[], data?: ArrayLike<number>): F64 => {
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float64Array(n);
  if (data) {
    if (data.length !== n) throw new Error(`f64: ${data.length} values for shape [${shape}]`);
    out.set(data);
  }
  return { shape: [...shape], data: out };
};

export const zeros = (shape: number[]): F64 => f64(shape);

/** Rows of the arrays one after the other (axis 0): [n_1 + n_2 + …, …]. */
export function concatRows(parts: F64[]): F64 {
  const rest = parts[0].shape.slice(1);
  const out = f64([parts.reduce((a, p) => a + p.shape[0], 0), ...rest]);
  let o = 0;
  for (const p of parts) {
    out.data.set(p.data, o);
    o += p.data.length;
  }
  return out;
}

/** Elementwise map. */
export function map(a: F64, fn: (v: number, i: number) => number): F64 {
  const out = f64(a.shape);
  for (let i = 0; i < a.data.length; i++) out.data[i] = fn(a.data[i], i);
  return out;
}

export const relu = (a: F64) => map(a, (v) => (v > 0 ? v : 0));
export const sigmoid = (a: F64) => map(a, (v) => 1 / (1 + Math.exp(-v)));
export const add = (a: F64, b: F64) => map(a, (v, i) => v + b.data[i]);
export const mul = (a: F64, b: F64) => map(a, (v, i) => v * b.data[i]);
export const softplus = (v: number) => (v > 30 ? v : Math.log1p(Math.exp(v)));

/** a [n, I] · W [I, J] → [n, J]. */
export function matmul(a: F64, W: F64): F64 {
  const [n, I] = a.shape;
  const [I2, J] = W.shape;
  if (I !== I2) throw new Error(`matmul: [${a.shape}] · [${W.shape}]`);
  const out = f64([n, J]);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < I; i++) {
      const av = a.data[r * I + i];
      if (av === 0) continue;
      for (let j = 0; j < J; j++) out.data[r * J + j] += av * W.data[i * J + j];
    }
  }
  return out;
}

/** Add a bias b [J] along the last axis. */
export function addBias(z: F64, b: F64): F64 {
  const J = b.data.length;
  return map(z, (v, i) => v + b.data[i % J]);
}

/** The neuron bias convention (§1.2): nothing for 'zero', −softplus(b) for 'softplus'. */
export function neuronBias(z: F64, b: F64, mode: BiasMode): F64 {
  return mode === 'zero' ? z : addBias(z, map(b, (v) => -softplus(v)));
}

/** Concatenate along the last axis: [..., A] and [..., B] → [..., A + B]. */
export function concatLast(a: F64, b: F64): F64 {
  const A = a.shape[a.shape.length - 1];
  const B = b.shape[b.shape.length - 1];
  const rows = a.data.length / A;
  const out = f64([...a.shape.slice(0, -1), A + B]);
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < A; i++) out.data[r * (A + B) + i] = a.data[r * A + i];
    for (let i = 0; i < B; i++) out.data[r * (A + B) + A + i] = b.data[r * B + i];
  }
  return out;
}

/** Columns [start, start + count) of a 2-D array. */
export function cols(a: F64, start: number, count: number): F64 {
  const [n, J] = a.shape;
  const out = f64([n, count]);
  for (let r = 0; r < n; r++) for (let j = 0; j < count; j++) out.data[r * count + j] = a.data[r * J + start + j];
  return out;
}

/** Reshape (same data). */
export const reshape = (a: F64, shape: number[]): F64 => ({ shape, data: a.data });

/**
 * SAME conv, stride 1, zero padding (k − 1)/2 on each side (odd k):
 * y[b,i,j,o] = Σ_{di,dj,ci} x[b, i+di−p, j+dj−p, ci] · W[di, dj, ci, o].  x [B,H,W,C], W [k,k,C,O].
 */
export function conv2dSame(x: F64, W: F64): F64 {
  const [B, H, Wd, C] = x.shape;
  const [kh, kw, C2, O] = W.shape;
  if (C !== C2) throw new Error(`conv: ${C} channels, kernel [${W.shape}]`);
  const ph = (kh - 1) / 2;
  const pw = (kw - 1) / 2;
  const out = f64([B, H, Wd, O]);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < H; i++) {
      for (let j = 0; j < Wd; j++) {
        const o0 = ((b * H + i) * Wd + j) * O;
        for (let di = 0; di < kh; di++) {
          const ii = i + di - ph;
          if (ii < 0 || ii >= H) continue;
          for (let dj = 0; dj < kw; dj++) {
            const jj = j + dj - pw;
            if (jj < 0 || jj >= Wd) continue;
            for (let ci = 0; ci < C; ci++) {
              const xv = x.data[((b * H + ii) * Wd + jj) * C + ci];
              const w0 = ((di * kw + dj) * C + ci) * O;
              for (let o = 0; o < O; o++) out.data[o0 + o] += xv * W.data[w0 + o];
            }
          }
        }
      }
    }
  }
  return out;
}

/**
 * Pooling of §1.3: 2 × TF avg_pool 2×2 stride 2 SAME. Each window's valid entries (those inside the
 * image) are averaged, the padding is not counted, and the mean is doubled. x [B,H,W,C] → [B,⌈H/2⌉,⌈W/2⌉,C].
 */
export function pool2x2(x: F64): F64 {
  const [B, H, W, C] = x.shape;
  const Ho = Math.ceil(H / 2);
  const Wo = Math.ceil(W / 2);
  const out = f64([B, Ho, Wo, C]);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < Ho; i++) {
      for (let j = 0; j < Wo; j++) {
        for (let ch = 0; ch < C; ch++) {
          let sum = 0;
          let valid = 0;
          for (let di = 0; di < 2; di++) {
            for (let dj = 0; dj < 2; dj++) {
              const ii = 2 * i + di;
              const jj = 2 * j + dj;
              if (ii >= H || jj >= W) continue;
              sum += x.data[((b * H + ii) * W + jj) * C + ch];
              valid++;
            }
          }
          out.data[((b * Ho + i) * Wo + j) * C + ch] = (2 * sum) / valid;
        }
      }
    }
  }
  return out;
}
