/**
 * Encoders: the pixel block x_t of each step → the feature vector u_t (thesis-code-facts.md §2).
 *
 *   none   (Shallow)        u_t absent; the core reads the pixels itself
 *   dense  (Deep, R-LSTM)   u_t = relu(x_t W_1)                            W_1: d × 256
 *          (DeepV2)         u1 = relu(x_t W_1), u_t = relu(drop(u1) W_2)   d × 128, 128 × 256
 *   conv   (Conv*)          a1 = relu(conv5×5(x_t)), p1 = pool(a1), a2 = relu(conv3×3(p1)), p2 = pool(a2),
 *                           f_t = flatten(p2) (row-major over H, W, C), u_t = relu(f_t W_1)   |f| × 128
 *   conv⁺  (Conv⁺*)         conv1 reads [x_t, a1_{t−1}] (25 ch), conv2 reads [p1_t, a2_{t−1}] (56 ch),
 *                           a1_0 = a2_0 = 0 (§2.5)
 *
 * Only DeepV2 has dropout inside its encoder (on u1); the dropout on u_t belongs to the core.
 * No encoder depends on the core's state: untraced, all steps run as one batch (each step's
 * slice is still convolved on its own: the batch axis keeps them apart); the Conv⁺ stack, whose
 * literal connections chain the steps, always runs step by step.
 */
import * as tf from '../../tf';
import type { EncoderStep, Trace } from '../types';
import { HEIGHT } from '../cellLayout';
import { affine, withBias } from '../ops/affine';
import { pool2x2 } from '../ops/pool2x2';
import type { StepIndex, Steps } from '../ops/steps';
import { takeSteps } from '../ops/takeSteps';
import { weight, type RunContext } from './context';

export interface Encoded {
  /** u_t of every step; null without an encoder. */
  u: Steps | null;
  /** Per-step encoder trace (only when tracing). */
  steps: EncoderStep[];
  /** Traced dense encoder run on the step batch: its batched values (Trace.denseEncoder). */
  batched?: NonNullable<Trace['denseEncoder']>;
}

type ConvStep = Extract<EncoderStep, { kind: 'conv' }>;

/**
 * Run the encoder on the pixels x: per step [N, d] (traced), or the t-major batch [T·N, d].
 * Conv⁺ needs the steps one by one (forwardCell always passes them so).
 */
export function encode(ctx: RunContext, x: Steps, xAll?: tf.Tensor2D): Encoded {
  const enc = ctx.layout.encoder;
  const T = ctx.layout.T;
  if (enc.kind === 'none') return { u: null, steps: ctx.trace ? Array.from({ length: T }, () => ({ kind: 'none' })) : [] };
  if (enc.kind === 'dense') {
    if ('all' in x) return { u: { all: denseStack(ctx, x.all, 'all').at(-1)! }, steps: [] };
    if (xAll && !ctx.drop.active) {
      // Traced, without dropout: one matmul per layer on the step batch, then the steps' rows (fewer,
      // larger ops than one matmul per step and layer; the same values).
      const first: { xW1?: tf.Tensor2D } = {};
      const all = denseStack(ctx, xAll, 'all', first);
      const acts = all.map((a) => takeSteps(a, T));
      const steps: EncoderStep[] = Array.from({ length: T }, (_, t) => ({ kind: 'dense', acts: acts.map((a) => a[t]) }));
      return { u: { each: acts.at(-1)! }, steps, batched: { x: xAll, xW1: first.xW1!, acts: all } };
    }
    const acts = x.each.map((xs, t) => denseStack(ctx, xs, t));
    return { u: { each: acts.map((a) => a.at(-1)!) }, steps: acts.map((a) => ({ kind: 'dense', acts: a })) };
  }
  if (enc.plus) {
    if (!('each' in x)) throw new Error('the Conv⁺ encoder runs step by step');
    return encodeConvPlus(ctx, x.each);
  }
  if ('all' in x) return { u: { all: convStack(ctx, x.all).u }, steps: [] };
  const steps = x.each.map((xs) => convStack(ctx, xs));
  return { u: { each: steps.map((s) => s.u) }, steps };
}

/**
 * Dense ReLU layers input_1, input_2, … on x [M, d]; dropout on every input but the first (DeepV2's u1).
 * `keep.xW1` receives the first layer's product x·W_1 (before bias and ReLU) when asked for.
 */
function denseStack(ctx: RunContext, x: tf.Tensor2D, t: StepIndex, keep?: { xW1?: tf.Tensor2D }): tf.Tensor2D[] {
  const enc = ctx.layout.encoder as Extract<typeof ctx.layout.encoder, { kind: 'dense' }>;
  const acts: tf.Tensor2D[] = [];
  let a = x;
  enc.sizes.forEach((_, i) => {
    const input = i === 0 ? a : ctx.drop.at(`enc.u${i}`, a, t, ctx.layout.T);
    const name = `input_${i + 1}`;
    const product = ctx.ops.matMul(input, weight(ctx, `${name}/W`));
    if (i === 0 && keep) keep.xW1 = product;
    a = ctx.act.relu(withBias(product, weight(ctx, `${name}/b`), ctx.bias)) as tf.Tensor2D;
    acts.push(a);
  });
  return acts;
}

/** conv → neuron bias → ReLU. */
function convRelu(ctx: RunContext, x: tf.Tensor4D, layer: string): tf.Tensor4D {
  const z = ctx.ops.conv2dSame(x, weight<tf.Tensor4D>(ctx, `${layer}/W`));
  return ctx.act.relu(withBias(z, weight(ctx, `${layer}/b`), ctx.bias)) as tf.Tensor4D;
}

/** u = relu(f W_1) on flattened features [M, |f|]. */
function denseOnFeatures(ctx: RunContext, f: tf.Tensor2D): tf.Tensor2D {
  return ctx.act.relu(affine(f, weight(ctx, 'input_1/W'), weight(ctx, 'input_1/b'), ctx.bias, ctx.ops.matMul)) as tf.Tensor2D;
}

/** The plain conv stack on M step slices x [M, 28·c] (each slice an image of its own). */
function convStack(ctx: RunContext, x: tf.Tensor2D): ConvStep {
  const enc = ctx.layout.encoder as Extract<typeof ctx.layout.encoder, { kind: 'conv' }>;
  const M = x.shape[0];
  const x4 = tf.reshape(x, [M, HEIGHT, ctx.layout.c, 1]) as tf.Tensor4D;
  const a1 = convRelu(ctx, x4, 'conv1');
  const p1 = pool2x2(a1);
  const a2 = convRelu(ctx, p1, 'conv2');
  const p2 = pool2x2(a2);
  const f = tf.reshape(p2, [M, enc.flat]) as tf.Tensor2D;
  return { kind: 'conv', x4, a1, p1, a2, p2, f, u: denseOnFeatures(ctx, f) };
}

/**
 * The Conv⁺ stack (literal connections, §2.5), step by step:
 *   a1_t = relu(conv([x_t, a1_{t−1}], W_1)) = relu(conv(x_t, W_1[:, :, 0]) + conv(a1_{t−1}, W_1[:, :, 1:25]))
 *   a2_t = relu(conv([p1_t, a2_{t−1}], W_2)) = relu(conv(p1_t, W_2[:, :, 0:24]) + conv(a2_{t−1}, W_2[:, :, 24:56]))
 * (a convolution is linear in its input channels, so the channel blocks are convolved apart: no
 * concatenation and no split of its gradient; at t = 1 the zero feedback is skipped).
 * Untraced, the dense layer on top runs for all steps in one matmul.
 */
function encodeConvPlus(ctx: RunContext, xs: tf.Tensor2D[]): Encoded {
  const { T, c } = ctx.layout;
  const enc = ctx.layout.encoder as Extract<typeof ctx.layout.encoder, { kind: 'conv' }>;
  const N = ctx.N;
  const [W1, W2] = [weight<tf.Tensor4D>(ctx, 'conv1/W'), weight<tf.Tensor4D>(ctx, 'conv2/W')];
  const block = (W: tf.Tensor4D, start: number, size: number) => tf.slice(W, [0, 0, start, 0], [-1, -1, size, -1]) as tf.Tensor4D;
  const [W1x, W1a] = [block(W1, 0, 1), block(W1, 1, enc.ch1)];
  const [W2p, W2a] = [block(W2, 0, enc.ch1), block(W2, enc.ch1, enc.ch2)];
  const layer = (z: tf.Tensor4D, name: string) => ctx.act.relu(withBias(z, weight(ctx, `${name}/b`), ctx.bias)) as tf.Tensor4D;
  const withFeedback = (z: tf.Tensor4D, prev: tf.Tensor4D | null, W: tf.Tensor4D) => (prev ? tf.add(z, ctx.ops.conv2dSame(prev, W)) : z) as tf.Tensor4D;

  let a1Prev: tf.Tensor4D | null = null;
  let a2Prev: tf.Tensor4D | null = null;
  const steps: ConvStep[] = [];
  const fs: tf.Tensor2D[] = [];
  for (let t = 0; t < T; t++) {
    const x4 = tf.reshape(xs[t], [N, HEIGHT, c, 1]) as tf.Tensor4D;
    const a1 = layer(withFeedback(ctx.ops.conv2dSame(x4, W1x), a1Prev, W1a), 'conv1');
    const p1 = pool2x2(a1);
    const a2 = layer(withFeedback(ctx.ops.conv2dSame(p1, W2p), a2Prev, W2a), 'conv2');
    const p2 = pool2x2(a2);
    const f = tf.reshape(p2, [N, enc.flat]) as tf.Tensor2D;
    fs.push(f);
    if (ctx.trace) {
      const plus = {
        a1Prev: a1Prev ?? (tf.zeros([N, HEIGHT, c, enc.ch1]) as tf.Tensor4D),
        a2Prev: a2Prev ?? (tf.zeros([N, HEIGHT / 2, enc.w1, enc.ch2]) as tf.Tensor4D),
      };
      steps.push({ kind: 'conv', x4, a1, p1, a2, p2, f, u: denseOnFeatures(ctx, f), plus });
    }
    a1Prev = a1;
    a2Prev = a2;
  }
  if (ctx.trace) return { u: { each: steps.map((s) => s.u) }, steps };
  return { u: { all: denseOnFeatures(ctx, T === 1 ? fs[0] : (tf.concat(fs, 0) as tf.Tensor2D)) }, steps: [] };
}
