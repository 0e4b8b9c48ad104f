/**
 * The forward pass of any cell: split the image into steps once, encode every step, run the
 * recurrent core from t = 1 to T, apply the head (thesis-code-facts.md §1.1, §2).
 *
 *   x [N, 28, W] → x_t [N, 28·c] (columns [t·c, (t+1)·c), flattened row-major) → u_t → core → h_T → y [N, 10]
 *
 * Everything runs in one tf.tidy: the returned logits and trace survive, every intermediate is freed.
 */
import * as tf from '../tf';
import type { CellOptions, ForwardOptions, ForwardResult, StepTrace, Weights } from './types';
import { HEIGHT, type CellLayout } from './cellLayout';
import { Dropout, type MaskRecorder } from './ops/dropout';
import { takeSteps } from './ops/takeSteps';
import { inputGradientOps, TRAINABLE_OPS } from './ops/linearOps';
import type { Steps } from './ops/steps';
import type { RunContext } from './parts/context';
import { encode } from './parts/encode';
import { coreShallow } from './parts/coreShallow';
import { coreDeep } from './parts/coreDeep';
import { coreLstm } from './parts/coreLstm';
import { head } from './parts/head';

/** The default nonlinearities. */
export const DEFAULT_ACTIVATIONS = { relu: (z: tf.Tensor) => tf.relu(z), sigmoid: (z: tf.Tensor) => tf.sigmoid(z) };

/** Internal hooks (tests): a recorder of every dropout mask used. */
export interface ForwardHooks {
  recorder?: MaskRecorder;
}

function run(
  options: CellOptions,
  layout: CellLayout,
  w: Weights,
  x: tf.Tensor3D,
  opts: ForwardOptions,
  trace: boolean,
  hooks: ForwardHooks,
): ForwardResult {
  const [N, H, W] = x.shape;
  if (x.rank !== 3 || H !== HEIGHT || W !== layout.width) {
    throw new Error(`input must be [N, ${HEIGHT}, ${layout.width}], got [${x.shape.join(', ')}]`);
  }
  const { T, c, d } = layout;
  const drop = new Dropout({
    training: opts.training ?? false,
    kind: options.dropout,
    keepProb: options.keepProb,
    seed: opts.seed,
    recorder: hooks.recorder,
  });
  const ops = opts.weightGradients === false ? inputGradientOps() : TRAINABLE_OPS;
  const ctx: RunContext = { layout, w, N, act: opts.act ?? DEFAULT_ACTIVATIONS, bias: options.bias, drop, trace, ops };

  // [N, 28, T·c] → [T, N, 28, c] → [T·N, 28·c]: step t is rows t·N … t·N + N − 1.
  const xt = T === 1 ? x : tf.transpose(tf.reshape(x, [N, HEIGHT, T, c]), [2, 0, 1, 3]);
  const xAll = tf.reshape(xt, [T * N, d]) as tf.Tensor2D;
  // Traced (and Conv⁺): one tensor per step. Untraced: the batch of all steps.
  const perStep = trace || (layout.encoder.kind === 'conv' && layout.encoder.plus);
  const xSteps: Steps = perStep ? { each: takeSteps(xAll, T) } : { all: xAll };

  const enc = encode(ctx, xSteps, xAll);
  const core =
    layout.core.kind === 'shallow'
      ? coreShallow(ctx, xSteps)
      : layout.core.kind === 'deep'
        ? coreDeep(ctx, enc.u!)
        : coreLstm(ctx, enc.u!);
  const headTrace = head(ctx, core.hT);
  const steps: StepTrace[] = trace && 'each' in xSteps ? xSteps.each.map((xs, t) => ({ x: xs, enc: enc.steps[t], core: core.steps[t] })) : [];
  const out = enc.batched ? { steps, head: headTrace, denseEncoder: enc.batched } : { steps, head: headTrace };
  return { logits: headTrace.y, trace: out };
}

/** Forward pass with the full trace (see Cell.forward). */
export function forwardCell(
  options: CellOptions,
  layout: CellLayout,
  w: Weights,
  x: tf.Tensor3D,
  opts: ForwardOptions = {},
  hooks: ForwardHooks = {},
): ForwardResult {
  return tf.tidy(() => run(options, layout, w, x, opts, true, hooks) as unknown as tf.TensorContainer) as unknown as ForwardResult;
}

/** Forward pass that builds no trace: only the logits [N, 10] (training, accuracy). */
export function forwardLogits(
  options: CellOptions,
  layout: CellLayout,
  w: Weights,
  x: tf.Tensor3D,
  opts: ForwardOptions = {},
  hooks: ForwardHooks = {},
): tf.Tensor2D {
  return tf.tidy(() => run(options, layout, w, x, opts, false, hooks).logits);
}
