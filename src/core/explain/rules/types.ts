/**
 * Relevance rules are small values (Zennit-style); a method maps layer kinds to rules.
 * Facts: thesis-code-facts.md §5.4–5.6, §11.
 *
 * Every layer the propagation walks is linear in its inputs before the ReLU, z_j = Σ_blocks Σ_i x_i W_ij
 * (biases are ignored by every rule, as in the thesis code). A layer may take several input *blocks*
 * (e.g. Deep's [u_t, r_{t−1}], Shallow's [x_t, r_{t−1}], Conv⁺'s [x_t, a1_{t−1}]); the rule applies to
 * the concatenation, with shared denominators, and returns one relevance tensor per block.
 */
import type { Tensor2D, Tensor4D } from '../../tf';

/** What kind of values an input block holds. */
export type InputKind =
  /** Non-negative activations (ReLU outputs, pooled ReLU outputs, R-LSTM states h ≥ 0). */
  | 'relu'
  /** Pixels, bounded in [low, high] (here [−1, 1]). */
  | 'pixel';

/** A rule for the ReLU-input (hidden) blocks of a layer. */
export type HiddenRule =
  /** LRP-αβ, α − β = 1; α = 1, β = 0 is the z⁺ rule of deep Taylor. `conservative`: a unit with
   *  z⁻_j = 0 is treated as α = 1, β = 0 (§11.2); false reproduces the thesis behaviour. */
  | {
      kind: 'alpha-beta';
      alpha: number;
      beta: number;
      conservative: boolean;
      /**
       * Several αβ methods in one batch (explainMany stacks methods that differ only in α, β): α and β
       * of each row of the stacked batch [M·N] (method-major). Layers that batch the T steps (T·M·N
       * rows, t-major) repeat them per step. `alpha`/`beta` then hold the pair with the largest β.
       */
      perRow?: { alpha: readonly number[]; beta: readonly number[] };
    }
  /** LRP-ε: R_i = Σ_j x_i W_ij R_j / (z_j + ε·sign(z_j)). With ε = 0 this is LRP-0 (= gradient × input on bias-free ReLU nets). */
  | { kind: 'epsilon'; epsilon: number };

/** A rule for the pixel blocks of a layer. */
export type PixelRule =
  /** z^β with bounds l, h (thesis: l = −1, h = 1): q_ij = x_i W_ij − l W⁺_ij − h W⁻_ij (eq. 3.70). */
  | { kind: 'z-beta'; low: number; high: number }
  /** w² rule for unbounded real inputs: q_ij = W_ij². */
  | { kind: 'w-square' }
  /** Treat pixels like any other input under the hidden rule (e.g. LRP-ε everywhere). */
  | { kind: 'as-hidden' };

/** The rules of one explanation method for the layers LRP walks through. */
export interface RuleSet {
  hidden: HiddenRule;
  pixel: PixelRule;
  /**
   * Conv⁺ literal channels in the mixed conv1 rule: 'conservative' gives them x_i(αW⁺ − βW⁻)R_j/z_j
   * (the product's default); 'thesis-code' reproduces the original code's x_i W_ij R_j / z_j, which
   * is not conservative (§5.6).
   */
  literal: 'conservative' | 'thesis-code';
  /** Stabiliser added to denominators (thesis 1e-9, unsigned). 0 allowed, with 0/0 := 0 (§11.1). */
  stabilizer: number;
  /** Stabiliser of the R-LSTM cell split p = f⊙c_{t−1} / (c_t + s) (thesis 1e-10). */
  lstmStabilizer: number;
}

/**
 * One input block of a dense layer: x [N, I_b] (the block's activations), W [I_b, J] (its rows of the
 * layer's weight matrix). All blocks of a layer share J and the batch N.
 */
export interface DenseBlock {
  x: Tensor2D;
  W: Tensor2D;
  kind: InputKind;
  /**
   * Optional W⁺ = max(0, W) and W⁻ = min(0, W), for a weight the caller uses at every step (the
   * propagation through time splits each weight once per explanation); without it the rule splits W.
   */
  split?: { pos: Tensor2D; neg: Tensor2D; posT?: Tensor2D; negT?: Tensor2D };
  /** Optional Wᵀ (and posT, negT in split: W⁺ᵀ, W⁻ᵀ), prepared once so that no step transposes W. */
  WT?: Tensor2D;
  /** Optional x·W as the forward pass computed it (a pixel block's z^β then needs no matmul of its own). */
  xW?: Tensor2D;
}

/**
 * One input block of a conv layer (SAME padding, stride 1, NHWC): x [N, H, W, C_b],
 * W [kh, kw, C_b, C_out]. `literal: true` marks the Conv⁺ fed-back channels (kind 'relu');
 * rules.literal applies to them in the mixed pixel + relu rule only.
 */
export interface ConvBlock {
  x: Tensor4D;
  W: Tensor4D;
  kind: InputKind;
  literal?: boolean;
  /** Optional W⁺ and W⁻ of W (see DenseBlock.split). */
  split?: { pos: Tensor4D; neg: Tensor4D; posT?: Tensor4D; negT?: Tensor4D };
  /** Optional kernel of the input gradient (W rotated by 180°, channels swapped), and posT/negT in split. */
  WT?: Tensor4D;
}

/**
 * Optional counters a rule adds to (+=) when the caller passes one (§11.2). Filling them reads a
 * scalar back from the backend (a sync), so pass one only when the figure is wanted.
 */
export interface RuleStats {
  /** Output units (batch × units) with R_j ≠ 0 that went through an LRP-αβ rule. */
  units: number;
  /** Of those, the units with z⁻_j = 0: β·R_j is lost there unless `conservative` (§11.2). */
  zeroNegative: number;
}
