/**
 * Builders of replica layers (rulesLayer.ts) from plain arrays, and the other float64 replicas:
 * pooling relevance and the R-LSTM split. Test-only; explicit loops over units and conv windows.
 */
import type { InputKind } from '../explain/rules/types';
import type { RefConnection, RefLayer } from './rulesLayer';

export interface RefDenseBlock {
  /** N × I row-major. */
  x: Float64Array;
  /** I × J row-major. */
  W: Float64Array;
  I: number;
  kind: InputKind;
}

/** A dense layer: every input i of every block feeds every output j with W_b[i, j]. */
export function refDenseLayer(blocks: RefDenseBlock[], N: number, J: number): RefLayer {
  const inputsOf: RefConnection[][] = [];
  for (let j = 0; j < J; j++) {
    const conns: RefConnection[] = [];
    blocks.forEach((b, k) => {
      for (let i = 0; i < b.I; i++) conns.push({ block: k, i, w: b.W[i * J + j] });
    });
    inputsOf.push(conns);
  }
  return { N, units: J, blocks: blocks.map((b) => ({ x: b.x, size: b.I, kind: b.kind })), inputsOf };
}

export interface RefConvBlock {
  /** N × H × W × C row-major (NHWC). */
  x: Float64Array;
  /** kh × kw × C × C_out row-major. */
  W: Float64Array;
  C: number;
  kind: InputKind;
  literal?: boolean;
}

/**
 * A conv layer, SAME zero padding, stride 1: output (y, x, o) sees input (y + dy − pt, x + dx − pl, c)
 * for the window offsets (dy, dx) that land inside the image, with TF's SAME offsets
 * pt = floor((kh − 1)/2), pl = floor((kw − 1)/2). Padding positions are simply absent.
 */
export function refConvLayer(
  blocks: RefConvBlock[], N: number, H: number, Wd: number, kh: number, kw: number, Cout: number,
): RefLayer {
  const pt = Math.floor((kh - 1) / 2);
  const pl = Math.floor((kw - 1) / 2);
  const inputsOf: RefConnection[][] = [];
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < Wd; x++) {
      for (let o = 0; o < Cout; o++) {
        const conns: RefConnection[] = [];
        for (let dy = 0; dy < kh; dy++) {
          const iy = y + dy - pt;
          if (iy < 0 || iy >= H) continue;
          for (let dx = 0; dx < kw; dx++) {
            const ix = x + dx - pl;
            if (ix < 0 || ix >= Wd) continue;
            blocks.forEach((b, k) => {
              for (let c = 0; c < b.C; c++) {
                conns.push({ block: k, i: (iy * Wd + ix) * b.C + c, w: b.W[((dy * kw + dx) * b.C + c) * Cout + o] });
              }
            });
          }
        }
        inputsOf.push(conns);
      }
    }
  }
  return {
    N,
    units: H * Wd * Cout,
    blocks: blocks.map((b) => ({ x: b.x, size: H * Wd * b.C, kind: b.kind, literal: b.literal })),
    inputsOf,
  };
}

/** Forward of a replica layer: z (N × units) = Σ over connections of x_i W_ij. */
export function refForward(layer: RefLayer): Float64Array {
  const z = new Float64Array(layer.N * layer.units);
  for (let n = 0; n < layer.N; n++) {
    for (let j = 0; j < layer.units; j++) {
      let acc = 0;
      for (const c of layer.inputsOf[j]) acc += layer.blocks[c.block].x[n * layer.blocks[c.block].size + c.i] * c.w;
      z[n * layer.units + j] = acc;
    }
  }
  return z;
}
