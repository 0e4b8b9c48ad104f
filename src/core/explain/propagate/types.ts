/**
 * The weights the relevance propagation reads, grouped by part of the cell (encoder, core, head) and
 * already split where a layer takes a concatenated input ([x_t, r_{t−1}], [u_t, r_{t−1}], [u_t, h_{t−1}],
 * Conv⁺'s [x_t, a1_{t−1}] and [p1_t, a2_{t−1}]). Built once per explanation by ./cell-weights.ts, so
 * that no step slices a weight matrix again. Gate weights are absent: no relevance enters them (§5.6).
 *
 * Shapes: d = 28·c pixels per step, F = encoder output width, S = recurrent state width, H = the width
 * of the vector the head reads.
 */
import type { Tensor2D, Tensor4D } from '../../tf';

/**
 * A weight matrix with, optionally, its W⁺ = max(0, W) and W⁻ = min(0, W), computed once per
 * explanation and handed to the rules (DenseBlock.split), which would otherwise split W at every step.
 * Spread into a rule block: `{ x, ...w.rec, kind: 'relu' }`.
 */
export interface Mat {
  W: Tensor2D;
  split?: { pos: Tensor2D; neg: Tensor2D; posT?: Tensor2D; negT?: Tensor2D };
  /** Wᵀ (and W⁺ᵀ, W⁻ᵀ in split) when prepared for the backward maps (prepareWeights). */
  WT?: Tensor2D;
}
/** A conv kernel [kh, kw, C_in, C_out] with, optionally, its W⁺ and W⁻. */
export interface Kernel {
  W: Tensor4D;
  split?: { pos: Tensor4D; neg: Tensor4D; posT?: Tensor4D; negT?: Tensor4D };
  /** The input-gradient kernel of W (rotated, channels swapped; and of W⁺, W⁻ in split) when prepared. */
  WT?: Tensor4D;
}

export type EncoderWeights =
  | { kind: 'none' }
  /** layers[0]: W_1 [d, F1]; layers[1] (DeepV2): W_2 [F1, F2]. */
  | { kind: 'dense'; layers: Mat[] }
  | {
      kind: 'conv';
      /** conv1 on the pixel channel [5, 5, 1, 24]. */
      conv1: Kernel;
      /** conv2 on p1 [3, 3, 24, 32]. */
      conv2: Kernel;
      /** Dense layer on the flattened p2 [|f|, 128]. */
      dense: Mat;
      /** Conv⁺: conv1 rows of a1_{t−1} [5, 5, 24, 24] and conv2 rows of a2_{t−1} [3, 3, 32, 32]. */
      plus?: { conv1: Kernel; conv2: Kernel };
    };

export type CoreWeights =
  /** h_t = relu(x_t·inX + r_{t−1}·inR): inX [d, 256], inR [256, 256]; r_t = relu(h_t·rec), rec [256, 256]. */
  | { kind: 'shallow'; inX: Mat; inR: Mat; rec: Mat }
  /** h_t = relu(u_t·inU + r_{t−1}·inR): inU [F, 128], inR [256, 128]; r_t = relu(h_t·rec), rec [128, 256]. */
  | { kind: 'deep'; inU: Mat; inR: Mat; rec: Mat }
  /** Candidate g_t = relu(u_t·gU + h_{t−1}·gH): gU [F, R], gH [R, R]. */
  | { kind: 'lstm'; gU: Mat; gH: Mat };

export type HeadWeights =
  /** y = h_T·out, out [H, 10]. */
  | { kind: 'linear'; out: Mat }
  /** o = relu(h_T·o1), o1 [H, 32]; y = o·o2, o2 [32, 10]. */
  | { kind: 'deep'; o1: Mat; o2: Mat };

export interface CellWeights {
  encoder: EncoderWeights;
  core: CoreWeights;
  head: HeadWeights;
}
