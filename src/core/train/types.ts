/**
 * Types shared by the training loop and its callers (CLI, worker, tests).
 *
 * A `SequenceSource` is the part of the data layer's `SequenceSet` that training needs: the number of
 * sequences, their labels, the image width and a way to materialise a batch of scaled pixels
 * ([n, 28, width] row-major, values in [−1, 1], thesis-code-facts.md §1.1). It is declared here
 * structurally so that training depends on the data layer's contract only.
 */

/** The batch-order policy (thesis-code-facts.md §4.1 and §10.12). */
export type ShuffleMode =
  /** The thesis code's behaviour: the same permutation (from the seed) in every epoch. */
  | 'fixed'
  /** A fresh permutation per epoch, derived from (seed, epoch). */
  | 'epoch';

export const SHUFFLE_MODES: readonly ShuffleMode[] = ['fixed', 'epoch'];

/** What training and evaluation read from a data set. */
export interface SequenceSource {
  /** Number of sequences. */
  readonly n: number;
  /** Image width in columns (28 or 84). The height is always 28. */
  readonly width: number;
  /** Class labels 0…9, length n. */
  readonly labels: ArrayLike<number>;
  /** Scaled pixels of the given sequences, [indices.length, 28, width] row-major. */
  batch(indices: ArrayLike<number>): Float32Array;
}

/** Hyper-parameters of one training run (thesis defaults in `DEFAULT_TRAIN_CONFIG`). */
export interface TrainConfig {
  /** Total number of epochs to reach (a resumed run counts the epochs already done). */
  epochs: number;
  /** Minibatch size; the last batch of an epoch may be smaller. */
  batchSize: number;
  /** Adam learning rate (of the first epoch, and of every epoch before the schedule's first entry). */
  lr: number;
  /**
   * A step schedule: from epoch `fromEpoch` (1-based) on, the rate is `lr`. Entries in increasing
   * `fromEpoch`; the loop sets the optimiser's rate at the start of every epoch (`lrAtEpoch`).
   */
  lrSchedule?: readonly LrStep[];
  /** Seeds the batch order and the dropout masks (weight init is seeded by the caller). */
  seed: number;
  shuffle: ShuffleMode;
}

/** One step of a learning-rate schedule: from epoch `fromEpoch` (1-based) on, the rate is `lr`. */
export interface LrStep {
  fromEpoch: number;
  lr: number;
}

/** The learning rate of epoch `epoch` (1-based): the last schedule step at or before it, else `lr`. */
export function lrAtEpoch(config: Pick<TrainConfig, 'lr' | 'lrSchedule'>, epoch: number): number {
  let lr = config.lr;
  for (const s of config.lrSchedule ?? []) if (s.fromEpoch <= epoch) lr = s.lr;
  return lr;
}

/** Checks a schedule: positive finite rates, integer epochs ≥ 1, strictly increasing. Throws with the reason. */
export function checkLrSchedule(schedule: readonly LrStep[]): void {
  let prev = 0;
  for (const s of schedule) {
    if (!(Number.isInteger(s.fromEpoch) && s.fromEpoch >= 1)) throw new Error(`learning-rate schedule: fromEpoch must be an integer ≥ 1, got ${s.fromEpoch}`);
    if (!(Number.isFinite(s.lr) && s.lr > 0 && s.lr <= 10)) throw new Error(`learning-rate schedule: the rate of epoch ${s.fromEpoch} must be in (0, 10], got ${s.lr}`);
    if (s.fromEpoch <= prev) throw new Error(`learning-rate schedule: epochs must increase (${s.fromEpoch} after ${prev})`);
    prev = s.fromEpoch;
  }
}

/** Thesis-code-facts.md §4.1–4.2: lr 2e-4, batch 50, 100 epochs, shuffle seed 71, same order every epoch. */
export const DEFAULT_TRAIN_CONFIG: Readonly<TrainConfig> = {
  epochs: 100,
  batchSize: 50,
  lr: 2e-4,
  seed: 71,
  shuffle: 'fixed',
};

/** A point in training: `epoch` epochs completed, plus `batch` batches of the next one. */
export interface TrainPosition {
  epoch: number;
  batch: number;
}

/** Reported every few batches (when the loss is read back from the backend). */
export interface TrainProgress {
  /** 1-based number of the epoch being run. */
  epoch: number;
  epochs: number;
  /** Batches done in this epoch, and batches per epoch. */
  batch: number;
  batches: number;
  /** Optimizer steps done in total (all epochs, resumed ones included). */
  iteration: number;
  /** Mean training loss over the batches of this epoch run so far. */
  loss: number;
  /** Running training accuracy of this epoch so far (forward pass with dropout on). */
  accuracy: number;
  /** Sequences per second over the batches since the previous report. */
  seqPerSec: number;
  /** Seconds of training since train() was called. */
  elapsedSeconds: number;
  /** Estimated seconds left until the last epoch's training batches end (evaluation not included). */
  etaSeconds: number;
}

/** One finished epoch. */
export interface EpochResult {
  /** 1-based number of the epoch that just ended. */
  epoch: number;
  /** Mean training loss over the epoch's batches (batches run in this call only, after a mid-epoch resume). */
  loss: number;
  /** Running training accuracy over the epoch (dropout on). */
  trainAccuracy: number;
  /** Validation accuracy (inference mode), when a validation set was given. */
  valAccuracy: number | null;
  /** Seconds this epoch took, validation included. */
  seconds: number;
  /** Optimizer steps done in total at the end of this epoch. */
  iteration: number;
}

export interface TrainResult {
  /** True when the signal stopped training before `config.epochs` were done. */
  aborted: boolean;
  /** Where training stopped (resume from here). */
  position: TrainPosition;
  /** Optimizer steps done in total. */
  iterations: number;
  /** The epochs finished during this call. */
  history: EpochResult[];
  /** Wall seconds of this call. */
  seconds: number;
}
