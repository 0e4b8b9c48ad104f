/**
 * The thesis's published figures for the MAJ experiments (Chormai 2018, §4.3–4.4 and Appendices 1–2),
 * as plain data: no TF.js, so the UI, the CLI and the report all read the same numbers.
 *
 * - `THESIS_ACCURACY`: test accuracy (%) of the one model per cell shown in Tables 4.5 and 4.6.
 * - `THESIS_CV_ACCURACY`: mean test accuracy (%) over the 7 cross-validation folds (Appendix 1).
 * - `THESIS_TUKEY`: the pairwise Tukey HSD mean differences of the mean cosine (Appendix 2), pooled
 *   over MNIST-MAJ and FashionMNIST-MAJ (7 folds × 2 datasets per cell). The thesis gives its cosine
 *   figures only as bar charts (Figures 4.12, 4.17, 4.20); these differences are the only cosine
 *   numbers it prints. Convention (statsmodels): `meanDiff = mean(b) − mean(a)`.
 */
import type { Dataset } from '../model-io/format';
import type { PresetId } from '../cells/presets';

/** The ten cells of the MAJ experiments, in the thesis's order (Tables 4.5, 4.6). */
export const ZOO_CELLS = [
  'shallow',
  'deep',
  'deep-v2',
  'conv-deep',
  'conv-plus-deep',
  'r-lstm',
  'deep-sd',
  'r-lstm-sd',
  'conv-r-lstm-sd',
  'conv-plus-r-lstm-sd',
] as const satisfies readonly PresetId[];
export type ZooCell = (typeof ZOO_CELLS)[number];

/** The cells' names as the thesis writes them. */
export const CELL_NAME: Record<ZooCell, string> = {
  shallow: 'Shallow',
  deep: 'Deep',
  'deep-v2': 'DeepV2',
  'conv-deep': 'ConvDeep',
  'conv-plus-deep': 'Conv⁺Deep',
  'r-lstm': 'R-LSTM',
  'deep-sd': 'Deep-SD',
  'r-lstm-sd': 'R-LSTM-SD',
  'conv-r-lstm-sd': 'ConvR-LSTM-SD',
  'conv-plus-r-lstm-sd': 'Conv⁺R-LSTM-SD',
};

/** The MAJ tasks' names as the thesis writes them. */
export const DATASET_NAME: Record<Dataset, string> = { mnist: 'MNIST-MAJ', fashion: 'FashionMNIST-MAJ' };

/** The five thesis methods, as method specs of the registry (simple Taylor = gradient × input). */
export const ZOO_METHODS = ['sensitivity', 'guided-backprop', 'gradient-x-input', 'deep-taylor', 'lrp-alpha-beta'] as const;
export type ZooMethod = (typeof ZOO_METHODS)[number];

/** Short names of the methods as the thesis's figures label them. */
export const ZOO_METHOD_SHORT: Record<ZooMethod, string> = {
  sensitivity: 'SA',
  'guided-backprop': 'GB',
  'gradient-x-input': 'Simple Taylor',
  'deep-taylor': 'DTD',
  'lrp-alpha-beta': 'LRP-α1.5β0.5',
};

/** Tables 4.5 and 4.6: test accuracy (%) of the single model per cell, T = 12. */
export const THESIS_ACCURACY: Record<ZooCell, Record<Dataset, number>> = {
  shallow: { mnist: 98.12, fashion: 90.0 },
  deep: { mnist: 98.16, fashion: 89.81 },
  'deep-v2': { mnist: 98.26, fashion: 90.57 },
  'conv-deep': { mnist: 99.22, fashion: 92.87 },
  'conv-plus-deep': { mnist: 97.92, fashion: 88.1 },
  'r-lstm': { mnist: 98.5, fashion: 91.35 },
  'deep-sd': { mnist: 98.1, fashion: 89.47 },
  'r-lstm-sd': { mnist: 98.57, fashion: 91.52 },
  'conv-r-lstm-sd': { mnist: 99.35, fashion: 93.6 },
  'conv-plus-r-lstm-sd': { mnist: 98.48, fashion: 88.19 },
};

/** Appendix 1: mean test accuracy (%) over the 7 folds of the cross-validated models. */
export const THESIS_CV_ACCURACY: Record<ZooCell, Record<Dataset, number>> = {
  shallow: { mnist: 98.35, fashion: 92.3 },
  deep: { mnist: 98.43, fashion: 91.35 },
  'deep-v2': { mnist: 98.48, fashion: 92.07 },
  'conv-deep': { mnist: 99.28, fashion: 94.19 },
  'conv-plus-deep': { mnist: 97.89, fashion: 89.14 },
  'r-lstm': { mnist: 98.77, fashion: 93.4 },
  'deep-sd': { mnist: 98.43, fashion: 91.87 },
  'r-lstm-sd': { mnist: 98.75, fashion: 93.42 },
  'conv-r-lstm-sd': { mnist: 99.6, fashion: 95.44 },
  'conv-plus-r-lstm-sd': { mnist: 98.3, fashion: 89.71 },
};

/** Experiment 1 (§4.2): the cells and sequence lengths of the sequence task (one image in T strips). */
export const SEQ_CELLS = ['shallow', 'deep'] as const satisfies readonly ZooCell[];
export const SEQ_STEPS = [1, 4, 7] as const;
export type SeqCell = (typeof SEQ_CELLS)[number];
export type SeqSteps = (typeof SEQ_STEPS)[number];

/** Table 4.4: test accuracy (%) of the sequence-classification models, by cell, T and dataset. */
export const THESIS_SEQ_ACCURACY: Record<SeqCell, Record<SeqSteps, Record<Dataset, number>>> = {
  shallow: { 1: { mnist: 98.11, fashion: 87.93 }, 4: { mnist: 98.56, fashion: 89.04 }, 7: { mnist: 98.66, fashion: 89.28 } },
  deep: { 1: { mnist: 98.22, fashion: 89.14 }, 4: { mnist: 98.63, fashion: 89.43 }, 7: { mnist: 98.68, fashion: 88.96 } },
};

/**
 * The bar a model must reach to be used at all (Table 4.2): 98.00 % on MNIST-MAJ, 85.00 % on
 * FashionMNIST-MAJ; Conv⁺Deep on MNIST-MAJ, which the thesis itself took at 97.92 %, at 97.40 %.
 */
export function accuracyBar(cell: ZooCell, dataset: Dataset): number {
  if (dataset === 'fashion') return 85.0;
  return cell === 'conv-plus-deep' ? 97.4 : 98.0;
}

/** How close to Tables 4.5/4.6 the zoo aims to be (percentage points). */
export const ACCURACY_GOAL_POINTS: Record<Dataset, number> = { mnist: 1.0, fashion: 2.0 };

/** One row of a Tukey HSD table (Appendix 2). */
export interface TukeyRow {
  a: ZooCell;
  b: ZooCell;
  /** mean(b) − mean(a) of the per-model mean cosine. */
  meanDiff: number;
  lower: number;
  upper: number;
  reject: boolean;
}

const row = (a: ZooCell, b: ZooCell, meanDiff: number, lower: number, upper: number, reject: boolean): TukeyRow => ({ a, b, meanDiff, lower, upper, reject });

/** Appendix 2: Tukey HSD (FWER 0.05) over Shallow, Deep, DeepV2 and ConvDeep, per method. */
export const THESIS_TUKEY: Partial<Record<ZooMethod, TukeyRow[]>> = {
  sensitivity: [
    row('conv-deep', 'deep', -0.0353, -0.0539, -0.0167, true),
    row('conv-deep', 'deep-v2', -0.019, -0.0376, -0.0005, true),
    row('conv-deep', 'shallow', -0.047, -0.0656, -0.0284, true),
    row('deep', 'deep-v2', 0.0163, -0.0023, 0.0348, false),
    row('deep', 'shallow', -0.0117, -0.0303, 0.0069, false),
    row('deep-v2', 'shallow', -0.028, -0.0466, -0.0094, true),
  ],
  'guided-backprop': [
    row('conv-deep', 'deep', -0.0458, -0.0834, -0.0083, true),
    row('conv-deep', 'deep-v2', -0.0233, -0.0609, 0.0143, false),
    row('conv-deep', 'shallow', -0.0482, -0.0858, -0.0106, true),
    row('deep', 'deep-v2', 0.0226, -0.015, 0.0601, false),
    row('deep', 'shallow', -0.0024, -0.0399, 0.0352, false),
    row('deep-v2', 'shallow', -0.0249, -0.0625, 0.0127, false),
  ],
  'deep-taylor': [
    row('conv-deep', 'deep', -0.062, -0.0851, -0.0389, true),
    row('conv-deep', 'deep-v2', -0.0169, -0.04, 0.0062, false),
    row('conv-deep', 'shallow', -0.2313, -0.2544, -0.2082, true),
    row('deep', 'deep-v2', 0.0451, 0.022, 0.0682, true),
    row('deep', 'shallow', -0.1693, -0.1924, -0.1462, true),
    row('deep-v2', 'shallow', -0.2144, -0.2375, -0.1913, true),
  ],
  'lrp-alpha-beta': [
    row('conv-deep', 'deep', -0.0344, -0.0593, -0.0094, true),
    row('conv-deep', 'deep-v2', -0.0079, -0.0329, 0.017, false),
    row('conv-deep', 'shallow', -0.2267, -0.2516, -0.2017, true),
    row('deep', 'deep-v2', 0.0264, 0.0015, 0.0514, true),
    row('deep', 'shallow', -0.1923, -0.2173, -0.1674, true),
    row('deep-v2', 'shallow', -0.2187, -0.2437, -0.1938, true),
  ],
};

/** One-way ANOVA of one method's mean cosine over the four cells of THESIS_TUKEY (Appendix 2). */
export interface ThesisAnova {
  /** Sum of squares between cells (3 df) and residual (52 df). */
  ss: number;
  ssResidual: number;
  F: number;
  p: number;
  etaSquared: number;
}

/** Appendix 2: the ANOVA tables (statsmodels, 56 models: 4 cells × 7 folds × 2 datasets). */
export const THESIS_ANOVA: Partial<Record<ZooMethod, ThesisAnova>> = {
  sensitivity: { ss: 0.017522, ssResidual: 0.01787, F: 16.995769, p: 8.038269e-8, etaSquared: 0.495083 },
  'guided-backprop': { ss: 0.021354, ssResidual: 0.072995, F: 5.070579, p: 0.003727, etaSquared: 0.226326 },
  'deep-taylor': { ss: 0.469895, ssResidual: 0.027559, F: 295.54357, p: 1.217432e-32, etaSquared: 0.9446 },
  'lrp-alpha-beta': { ss: 0.483564, ssResidual: 0.032165, F: 260.587651, p: 2.640318e-31, etaSquared: 0.937632 },
};
