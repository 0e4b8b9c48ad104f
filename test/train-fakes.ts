/**
 * Test doubles for the training and model-file tests: a tiny recurrent "cell" honouring the Cell
 * contract (with a frozen zero bias, a trainable bias and dropout), and a small synthetic data set.
 * Parameter names depend on the arch (lstm-like archs get "gate/W"), so architecture mismatches
 * show up in the weight names as with real cells.
 */
import * as tf from '../src/core/tf';
import type { Cell, CellOptions, ParamSpec, Trace, Weights } from '../src/core/cells/types';
import type { SequenceSource } from '../src/core/train/types';
import { Rng } from '../src/core/data/rng';

const HIDDEN = 8;

export function fakeCell(options: Partial<CellOptions> = {}): Cell {
  const o: CellOptions = { arch: 'deep', dropout: 'standard', T: 4, width: 28, bias: 'zero', keepProb: 0.8, ...options };
  if (o.width % o.T !== 0) throw new Error(`T = ${o.T} does not divide ${o.width}`);
  const c = o.width / o.T;
  const d = 28 * c;
  const rec = o.arch.includes('lstm') ? 'gate' : 'recurrent';
  const W = (name: string, shape: number[]): ParamSpec => ({ name, shape, init: { kind: 'truncated-normal', fanIn: shape[0] }, trainable: true, thesisCount: shape[0] * shape[1] });
  const params: ParamSpec[] = [
    W('input_1/W', [d, HIDDEN]),
    { name: 'input_1/b', shape: [HIDDEN], init: { kind: 'zeros' }, trainable: false, thesisCount: HIDDEN },
    W(`${rec}/W`, [HIDDEN, HIDDEN]),
    W('output/W', [HIDDEN, 10]),
    { name: 'output/b', shape: [10], init: { kind: 'zeros' }, trainable: true, thesisCount: 10 },
  ];
  return {
    options: o,
    c,
    params,
    forward(w: Weights, x: tf.Tensor3D, opts = {}) {
      const n = x.shape[0];
      let r: tf.Tensor2D = tf.zeros([n, HIDDEN]);
      for (let t = 0; t < o.T; t++) {
        const xt = tf.reshape(tf.slice(x, [0, 0, t * c], [n, 28, c]), [n, d]) as tf.Tensor2D;
        let h = tf.relu(tf.add(tf.add(tf.matMul(xt, w['input_1/W']), w['input_1/b']), tf.matMul(r, w[`${rec}/W`]))) as tf.Tensor2D;
        if (opts.training) h = tf.dropout(h, 1 - o.keepProb, undefined, (opts.seed ?? 0) + t) as tf.Tensor2D;
        r = h;
      }
      const logits = tf.add(tf.matMul(r, w['output/W']), w['output/b']) as tf.Tensor2D;
      return { logits, trace: { steps: [], head: { kind: 'linear', hT: r, y: logits } } as Trace };
    },
  };
}

/** Seeded weights for a cell (truncated normal σ = 1/√fanIn, zeros), as tf.Variables. */
export function fakeWeights(cell: Cell, seed = 1): Weights {
  const w: Weights = {};
  cell.params.forEach((p, i) => {
    const t =
      p.init.kind === 'truncated-normal'
        ? tf.truncatedNormal(p.shape, 0, 1 / Math.sqrt(p.init.fanIn), 'float32', seed * 100 + i)
        : tf.zeros(p.shape);
    w[p.name] = tf.variable(t, p.trainable);
    t.dispose();
  });
  return w;
}

/**
 * n sequences of width `width`: class k lights up a band of rows (k·2 … k·2+3) over noise, so the
 * task is learnable by a small net. Labels cycle 0…9 after a seeded shuffle.
 */
export function fakeSource(n: number, width = 28, seed = 5): SequenceSource {
  const rng = new Rng(seed);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) labels[i] = i % 10;
  rng.shuffle(labels);
  const px = new Float32Array(n * 28 * width);
  for (let i = 0; i < n; i++) {
    for (let row = 0; row < 28; row++) {
      const on = row >= labels[i] * 2 && row < labels[i] * 2 + 4;
      for (let col = 0; col < width; col++) px[(i * 28 + row) * width + col] = (on ? 0.8 : -0.8) + 0.4 * (rng.float() - 0.5);
    }
  }
  return {
    n,
    width,
    labels,
    batch(indices) {
      const out = new Float32Array(indices.length * 28 * width);
      for (let k = 0; k < indices.length; k++) out.set(px.subarray(indices[k] * 28 * width, (indices[k] + 1) * 28 * width), k * 28 * width);
      return out;
    },
  };
}

/** Bytes of every variable, for bit-exact comparisons. */
export async function snapshot(w: Weights): Promise<Record<string, Uint32Array>> {
  const out: Record<string, Uint32Array> = {};
  for (const [k, v] of Object.entries(w)) out[k] = new Uint32Array(Float32Array.from(await v.data()).buffer);
  return out;
}
