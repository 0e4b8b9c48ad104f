/**
 * The contract between the cells (forward passes), training, model files and the explainers.
 *
 * A cell is composed of three parts, following thesis-code-facts.md §2:
 *   - an *encoder* that maps the pixel block x_t of one step to a feature vector u_t
 *     (none for Shallow, one or two dense ReLU layers, or the conv / conv⁺ stack + a dense layer);
 *   - a recurrent *core* (Shallow, Deep, or R-LSTM);
 *   - an output *head* on the last step's hidden vector (one linear layer, or ReLU 32 + linear).
 *
 * Shapes: N = batch, T = steps, c = columns per step (= width / T), d = 28·c pixel inputs per step.
 */
import type { Tensor2D, Tensor3D, Tensor4D, Variable, Tensor } from '@tensorflow/tfjs-core';

/** The eight base architectures (public ids used by the CLI, the UI and model files). */
export const ARCH_IDS = [
  'shallow',
  'deep',
  'deep-v2',
  'conv-deep',
  'conv-plus-deep',
  'r-lstm',
  'conv-r-lstm',
  'conv-plus-r-lstm',
] as const;
export type ArchId = (typeof ARCH_IDS)[number];

export type DropoutKind = 'standard' | 'stationary';

/**
 * Bias convention of ReLU and output layers (§1.2):
 *  - 'zero': the thesis code's effective behaviour, bias frozen at 0 (default);
 *  - 'softplus': the thesis text's trainable non-positive bias −softplus(b), softplus(b₀) = 0.01.
 * R-LSTM gate biases are ordinary trainable additive biases (init 0) in both modes.
 */
export type BiasMode = 'zero' | 'softplus';

/** Everything that determines a cell's structure. */
export interface CellOptions {
  arch: ArchId;
  dropout: DropoutKind;
  /** Number of time steps; must divide `width`. */
  T: number;
  /** Image width in columns: 28 for the sequence task, 84 for MAJ. Height is always 28. */
  width: number;
  bias: BiasMode;
  /** Keep probability of every dropout site during training (thesis: 0.8). */
  keepProb: number;
  /** R-LSTM state width; defaults 72 (r-lstm) and 96 (conv-r-lstm, conv-plus-r-lstm). */
  lstmUnits?: number;
}

/** How a parameter is initialised. */
export type ParamInit =
  | { kind: 'truncated-normal'; fanIn: number } // σ = 1/√fanIn, redraw beyond 2σ
  | { kind: 'zeros' }
  | { kind: 'softplus-bias'; value: number }; // raw b with softplus(b) = value

/** One weight tensor of a cell, in manifest order. */
export interface ParamSpec {
  /** e.g. "input_1/W", "input_1/b", "conv1/W", "gate_i/b". */
  name: string;
  shape: number[];
  init: ParamInit;
  /** False for the frozen zero biases of BiasMode 'zero'. */
  trainable: boolean;
  /** How the thesis code counts this tensor (§3.1): a gate bias [R] counts 1; everything else its size. */
  thesisCount: number;
}

export type Weights = Record<string, Variable>;

/** Element-wise nonlinearities, replaceable so that guided backprop can override their gradients. */
export interface Activations {
  relu: (z: Tensor) => Tensor;
  sigmoid: (z: Tensor) => Tensor;
}

export interface ForwardOptions {
  /** Training mode applies dropout; inference (default) does not and is deterministic. */
  training?: boolean;
  /** Seed for the dropout masks of this call (training only). */
  seed?: number;
  /** Override ReLU / sigmoid (guided backprop). Defaults to tf.relu / tf.sigmoid. */
  act?: Activations;
  /**
   * false: the weights are constants for the backward pass (gradients with respect to the input only,
   * as the gradient methods of an explanation need); the weight gradients are not computed at all.
   * Default true (training). Forward values are the same either way.
   */
  weightGradients?: boolean;
}

/** Encoder values of one step, all post-activation (eval mode: after identity dropout). */
export type EncoderStep =
  | { kind: 'none' }
  | {
      kind: 'dense';
      /** acts[0] = relu(x_t W_1), acts[1] = relu(acts[0] W_2) (DeepV2). The last one is u_t. */
      acts: Tensor2D[];
    }
  | {
      kind: 'conv';
      /** Pixel slice as an image [N, 28, c, 1]. */
      x4: Tensor4D;
      /** conv1 ReLU output [N, 28, c, 24]. */
      a1: Tensor4D;
      /** pool1 output [N, 14, ceil(c/2), 24]. */
      p1: Tensor4D;
      /** conv2 ReLU output [N, 14, ceil(c/2), 32]. */
      a2: Tensor4D;
      /** pool2 output [N, 7, ceil(c/4), 32]. */
      p2: Tensor4D;
      /** p2 flattened row-major over (H, W, C): [N, 7·ceil(c/4)·32]. */
      f: Tensor2D;
      /** relu(f W_1): [N, 128]. This is u_t. */
      u: Tensor2D;
      /** Conv⁺ only: the previous step's a1 and a2 (zeros at t = 0) fed back as extra input channels. */
      plus?: { a1Prev: Tensor4D; a2Prev: Tensor4D };
    };

/** Core values of one step. */
export type CoreStep =
  | {
      kind: 'shallow';
      /** r_{t−1} [N, 256] (zeros at t = 0). */
      rPrev: Tensor2D;
      /** h_t = relu([x_t, r_{t−1}] W_in) [N, 256]. */
      h: Tensor2D;
      /** r_t = relu(h_t W_rec) [N, 256]. */
      r: Tensor2D;
    }
  | {
      kind: 'deep';
      /** u_t, the encoder output [N, F]. */
      u: Tensor2D;
      /** r_{t−1} [N, 256]. */
      rPrev: Tensor2D;
      /** h_t = relu([u_t, r_{t−1}] W_ic) [N, 128]. */
      h: Tensor2D;
      /** r_t = relu(h_t W_rec) [N, 256]. */
      r: Tensor2D;
    }
  | {
      kind: 'lstm';
      /** u_t [N, F]; xr_t = [u_t, h_{t−1}]. */
      u: Tensor2D;
      hPrev: Tensor2D;
      cPrev: Tensor2D;
      /** Gates σ(xr W + b) [N, R]. */
      i: Tensor2D;
      f: Tensor2D;
      o: Tensor2D;
      /** Candidate relu(xr W_g) [N, R]. */
      g: Tensor2D;
      /** c_t = i⊙g + f⊙c_{t−1}. */
      c: Tensor2D;
      /** h_t = o⊙c_t. */
      h: Tensor2D;
    };

export interface StepTrace {
  /** Pixels of step t, the 28×c slice flattened row-major: [N, 28·c]. */
  x: Tensor2D;
  enc: EncoderStep;
  core: CoreStep;
}

export type HeadTrace =
  | { kind: 'linear'; hT: Tensor2D; y: Tensor2D } // y = h_T W_out
  | { kind: 'deep'; hT: Tensor2D; o: Tensor2D; y: Tensor2D }; // o = relu(h_T W_o1), y = o W_o2

export interface Trace {
  steps: StepTrace[];
  head: HeadTrace;
  /**
   * A dense encoder's values for all steps at once (t-major rows: step t = rows t·N … t·N + N − 1), as
   * the traced forward computes them when it batches the encoder (eval mode): the pixels x [T·N, d],
   * the pixel layer's product x·W_1 before bias and ReLU [T·N, F1], and acts as in EncoderStep. The
   * relevance walk reads these instead of concatenating the steps again (and z^β reuses x·W_1).
   * Absent otherwise; the per-step fields hold the same values.
   */
  denseEncoder?: { x: Tensor2D; xW1: Tensor2D; acts: Tensor2D[] };
}

export interface ForwardResult {
  /** The 10 real logits [N, 10]. */
  logits: Tensor2D;
  trace: Trace;
}

/** A cell: its structure and its forward pass. Weights live outside (see Weights). */
export interface Cell {
  readonly options: Readonly<CellOptions>;
  /** Columns per step. */
  readonly c: number;
  /** Parameter specs in manifest order. */
  readonly params: readonly ParamSpec[];
  /**
   * Forward pass over a batch of images x [N, 28, width] with values in [−1, 1].
   * Returns the logits and the full per-step trace. The caller owns (and disposes) everything returned;
   * wrap in tf.tidy when only part of it is kept.
   */
  forward(w: Weights, x: Tensor3D, opts?: ForwardOptions): ForwardResult;
}
