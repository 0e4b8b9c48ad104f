/**
 * The rrx model file format, version 1 (documented for other programs in docs/model-format.md).
 *
 * A model is two files, laid out like TF.js artifacts:
 *   - `model.json`: UTF-8 JSON (the `ModelJson` below): format name and version, the preset id, the
 *     cell options, the training configuration, metrics, and a TF.js-style `weightsManifest` listing
 *     every weight's name, shape and dtype in the cell's manifest order (cells/types.ts `Cell.params`);
 *   - `weights.bin`: the weights' values, float32 little-endian, concatenated in manifest order,
 *     each tensor row-major (C order), nothing else (no header, no padding).
 */
import type { CellOptions } from '../cells/types';
import type { PresetId } from '../cells/presets';
import type { ShuffleMode } from '../train/types';

export const MODEL_FORMAT = 'rrx-model';
export const MODEL_FORMAT_VERSION = 1;
export const MODEL_JSON_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

export type Dataset = 'mnist' | 'fashion';
export type Task = 'maj' | 'seq';
export const DATASETS: readonly Dataset[] = ['mnist', 'fashion'];
export const TASKS: readonly Task[] = ['maj', 'seq'];
/** Image width of a task (thesis-code-facts.md §1.1): three digits side by side for MAJ. */
export const TASK_WIDTH: Record<Task, number> = { maj: 84, seq: 28 };

/** One weight tensor in the manifest. */
export interface WeightEntry {
  name: string;
  shape: number[];
  dtype: 'float32';
}

/** A TF.js weights-manifest group; rrx writes exactly one, with paths ["weights.bin"]. */
export interface WeightsGroup {
  paths: string[];
  weights: WeightEntry[];
}

/** How the model was trained (null for a model that was never trained, e.g. freshly initialised). */
export interface TrainingRecord {
  dataset: Dataset;
  task: Task;
  /** Time steps; equals `cell.T`. */
  T: number;
  /** Learning rate of the first epoch. */
  lr: number;
  /**
   * Learning-rate changes made when a run was resumed with a new rate (`rrx train --resume --lr`):
   * from epoch `fromEpoch` (1-based) on, the rate was `lr`. Absent or empty: `lr` throughout.
   */
  lrSchedule?: { fromEpoch: number; lr: number }[];
  batch: number;
  /** Epochs asked for (see `metrics.epochsDone` for those done). */
  epochs: number;
  seed: number;
  shuffle: ShuffleMode;
  /** Training sequences used when `--limit` restricted them, else null. */
  limit: number | null;
  /**
   * Present when the model was trained on a k-fold (`rrx train --fold`): the pooled sequences' stratified
   * k-fold (docs/data.md), trained on the other k − 1 folds, validated and tested on fold `index`.
   */
  fold?: { index: number; k: number };
  /** TF.js backend that ran the training ("wasm", "cpu", "webgpu", …). */
  backend: string;
  optimizer: { name: 'adam'; beta1: number; beta2: number; epsilon: number };
  /** Always "softmax-cross-entropy-11" in version 1 (10 logits + a constant zero logit). */
  loss: string;
}

/** One epoch of the training log. */
export interface EpochLog {
  epoch: number;
  loss: number;
  trainAccuracy: number;
  valAccuracy: number | null;
  seconds: number;
}

export interface ModelMetrics {
  /** Running training accuracy of the last epoch (dropout on). */
  trainAccuracy: number | null;
  valAccuracy: number | null;
  testAccuracy: number | null;
  /** Sizes of the sets the accuracies were measured on. */
  trainN: number | null;
  valN: number | null;
  testN: number | null;
  epochsDone: number;
  /** Optimizer steps done. */
  iterations: number;
  /** Wall time of the training, all resumed sessions together. */
  wallTimeSeconds: number;
  /** False while training is in progress or was interrupted (a checkpoint's model). */
  complete: boolean;
  history: EpochLog[];
}

/** The content of model.json. */
export interface ModelJson {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_FORMAT_VERSION;
  /** Writer, e.g. "rrx 0.1.0". */
  generatedBy: string;
  /** ISO 8601 date of writing. */
  created: string;
  preset: PresetId;
  cell: CellOptions;
  training: TrainingRecord | null;
  metrics: ModelMetrics | null;
  weightsManifest: WeightsGroup[];
}

/** The model metadata: model.json without its weights manifest. */
export type ModelMeta = Omit<ModelJson, 'weightsManifest'>;
