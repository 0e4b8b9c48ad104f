/**
 * The faithfulness checks' calls (issue 14, part 2): the payloads of `perturbation` and
 * `randomisation` in the single table of messages.ts. Like every call, plain structured-cloneable
 * data; the sequence travels as raw grey levels (as the grid's), so a drawn or uploaded sequence and
 * a test sequence take the same path. Type imports only.
 */
import type { BackendName } from './messages';

/** How a removed patch is filled (core/faithfulness/perturbation.ts): the background −1, or uniform noise in [−1, 1]. */
export const PERTURBATION_FILLS = ['background', 'noise'] as const;
export type PerturbationFillId = (typeof PERTURBATION_FILLS)[number];

/** Bounds of a perturbation request (checked by the protocol's validator, offered by the page's panel). */
export const PERTURBATION_BOUNDS = {
  /** Patches removed, L. */
  steps: { min: 1, max: 200 },
  /** Random orders averaged for the reference curve. */
  randomOrders: { min: 1, max: 32 },
} as const;

/**
 * Region perturbation (Samek et al. 2017) of one sequence on one model, for several methods: each
 * method's heatmap orders the patches (most relevant first), a few seeded random orders give the
 * reference, and the explained logit is read after each removal.
 */
export interface PerturbationRequest {
  slot: string;
  /** Raw grey levels 0…255, [28, width] row-major. */
  pixels: Uint8Array;
  /** The class to explain (the grid's: the class appearing at least twice); null: the predicted class. */
  label: number | null;
  /** Method specs of the catalog, e.g. 'deep-taylor', 'lrp-alpha-beta:a1.5b0.5'. */
  methods: string[];
  fill: PerturbationFillId;
  /** Patch side in pixels; must divide 28 and the model's width. */
  patch: number;
  /** Patches removed, L (at most the number of patches). */
  steps: number;
  /** Seeded random orders; their mean is the reference curve. */
  randomOrders: number;
  /** Echoed back: the page's sequence version. */
  version: number;
}

/** One method's MoRF curve. */
export interface PerturbationCurve {
  /** The spec as requested. */
  method: string;
  /** Display label, e.g. "LRP-α1.5β0.5". */
  label: string;
  /** The explained logit f(x⁽ᵏ⁾) after k = 0…L patches removed (index k). */
  curve: number[];
  /** AOPC = mean over k of f(x⁽⁰⁾) − f(x⁽ᵏ⁾). */
  aopc: number;
  /** True when the heatmap has no positive relevance: every patch ties, the order is the patches' own (row by row). */
  empty: boolean;
}

export interface PerturbationCurves {
  slot: string;
  version: number;
  width: number;
  T: number;
  /** The explained class, and the model's prediction for the untouched sequence. */
  target: number;
  predicted: number;
  fill: PerturbationFillId;
  patch: number;
  /** L as run (the request's, capped at the number of patches). */
  steps: number;
  /** Patches of the image (28/p · W/p). */
  patches: number;
  methods: PerturbationCurve[];
  /** The random orders' curves, their pointwise mean (the reference) and its AOPC (the mean of theirs). */
  random: { curves: number[][]; mean: number[]; aopc: number };
  backend: BackendName;
  ms: number;
}

/** The cascading model-parameter randomisation (Adebayo et al. 2018) of one sequence on one model. */
export interface RandomisationRequest {
  slot: string;
  /** Raw grey levels 0…255, [28, width] row-major. */
  pixels: Uint8Array;
  /** The class to explain at every stage; null: the original model's prediction. */
  label: number | null;
  methods: string[];
  /** Seeds the re-initialised weights. */
  seed: number;
  version: number;
}

export interface RandomisationStages {
  slot: string;
  version: number;
  width: number;
  T: number;
  /** The class explained at every stage. */
  target: number;
  /** The cell's layers from the output down: stage s has the first s re-initialised. */
  layers: string[];
  methods: { method: string; label: string }[];
  /** Per stage 0…K (0: the original model), per method: the heatmap [28, width]. */
  heatmaps: Float32Array[][];
  /** Per stage 0…K, per method: Spearman rank correlation with stage 0 (1 at stage 0). */
  spearman: number[][];
  /** The same for SSIM. */
  ssim: number[][];
  backend: BackendName;
  ms: number;
}

/** Progress of a faithfulness job: what it does now, and how far it is. */
export interface JobProgress {
  phase: 'explaining' | 'perturbing' | 'randomising';
  done: number;
  total: number;
}
