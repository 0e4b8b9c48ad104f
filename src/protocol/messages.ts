/**
 * The page ⇄ worker protocol, defined once for both sides (after Comlink's protocol.ts and the
 * Squoosh worker bridge): every call is a discriminated union member keyed by `kind`, carrying only
 * plain, structured-cloneable data. `Calls` is the single table: for each kind its request payload,
 * its result and (for long jobs) its progress value. Everything else (envelopes, the client, the
 * server) is derived from it.
 *
 * Versioned: every envelope carries `v = PROTOCOL_VERSION`; a side that receives another version
 * answers with an error of code 'version' instead of guessing.
 *
 * This module imports no runtime code (type imports only): the UI may import it freely.
 *
 * Version 2: models live in named slots (several at once: the grid's columns), `explainGrid`
 * explains one sequence given as pixels with every method of a column in one call.
 */
import type { PresetId } from '../core/cells/presets';
import type { ModelMetrics, TrainingRecord } from '../core/model-io/format';
import type { JobProgress, PerturbationCurves, PerturbationRequest, RandomisationRequest, RandomisationStages } from './faithfulness-messages';

export * from './faithfulness-messages';

export const PROTOCOL_VERSION = 2 as const;

/** TF.js backends the worker can run on, in the worker's default order of preference. */
export const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export const DATASET_IDS = ['mnist', 'fashion'] as const;
export type DatasetId = (typeof DATASET_IDS)[number];
export const TASK_IDS = ['maj', 'seq'] as const;
export type TaskId = (typeof TASK_IDS)[number];
export const SPLIT_IDS = ['train', 'val', 'test'] as const;
export type SplitId = (typeof SPLIT_IDS)[number];

/** Which sequences: a (dataset, task, split) triple. */
export interface DataRef {
  dataset: DatasetId;
  task: TaskId;
  split: SplitId;
}

/** What the worker found about WebGPU (null fields when there is no adapter). */
export interface AdapterReport {
  /** adapter.info.vendor / architecture, e.g. 'google' / 'swiftshader'. */
  vendor: string;
  architecture: string;
  /** True for a software fallback adapter (isFallbackAdapter, or SwiftShader). */
  isFallback: boolean;
}

export interface BackendAttempt {
  name: BackendName;
  ok: boolean;
  /** Why it was not used (setBackend returned false, a different backend became active, an exception). */
  error?: string;
}

/** One backend's measured time for the page's work (median of its timed calls, ms), or why it has none. */
export interface BackendTiming {
  backend: BackendName;
  /** null: it failed or did not come up. */
  ms: number | null;
  /** Timed calls behind `ms`. */
  calls: number;
  error?: string;
}

/** How the worker chose among several backends by measuring them (worker/backend-choice.ts). */
export interface BackendChoiceReport {
  /** What was measured: a grid update (the explanations) or a training step at `batchSize`. */
  work: 'grid' | 'train';
  batchSize?: number;
  chosen: BackendName;
  timings: BackendTiming[];
  /** True when the timings came from this browser's cache for this device (an earlier visit). */
  cached: boolean;
  /** When they were measured (ms since the epoch). */
  measuredAt: number;
}

export interface HelloResult {
  protocol: number;
  /** The backend TF.js really runs on (tf.getBackend() after setBackend). */
  backend: BackendName;
  /** The backend forced by `?backend=`, or null. */
  requested: BackendName | null;
  /** One sentence: why this backend (for the footer's title). */
  reason: string;
  webgpu: AdapterReport | null;
  /** Software WebGL renderer detected (SwiftShader / llvmpipe), or null when WebGL was not probed. */
  webglSoftware: boolean | null;
  attempts: BackendAttempt[];
  /** Set when the backend was chosen by measuring several (absent: by the order alone, or forced). */
  choice?: BackendChoiceReport | null;
}

export interface DataInfo extends DataRef {
  n: number;
  /** Image width in columns (84 for MAJ, 28 for the sequence task). */
  width: number;
  classNames: string[];
}

export interface Sample extends DataRef {
  index: number;
  n: number;
  width: number;
  label: number;
  /** MAJ: one flag per 28-column block (1 = holds the majority class); null for the sequence task. */
  mask: number[] | null;
  /** Raw grey levels 0…255, [28, width] row-major (the model sees x = 2p/255 − 1, facts §1.1). */
  pixels: Uint8Array;
  /** Each 28-column block's base image: global index into the base dataset and its class. */
  blocks: { baseIndex: number; label: number }[];
}

/** How a model came to the worker (the page uses it to label the model and to reload it after a restart). */
export type ModelSource = 'init' | 'bundled' | 'file' | 'stored' | 'trained';

/** The training record of model.json (docs/model-format.md), as plain data. */
export type ModelTraining = TrainingRecord;
/** The metrics of model.json (accuracies, history), as plain data. */
export type ModelMetricsInfo = ModelMetrics;

/** A plain summary of one of the worker's models (the worker owns the weights). */
export interface ModelSummary {
  /** The worker's slot that holds the model (the page chooses slot names). */
  slot: string;
  preset: PresetId | null;
  arch: string;
  /** Display name, e.g. 'Deep'. */
  name: string;
  T: number;
  width: number;
  /** True number of scalar parameters (cells' countParams().true). */
  parameters: number;
  /** The thesis's figure for the same cell (countParams().thesis; differs for R-LSTM gate biases and T = 1). */
  parametersThesis: number;
  source: ModelSource;
  /** Free-form provenance (file name, seed, training run). */
  detail: string;
  /** From model.json (null for fresh weights that were never trained). */
  training: ModelTraining | null;
  metrics: ModelMetricsInfo | null;
}

/**
 * Bounds of a training request (checked by the protocol's validator, shown by the page's form).
 * The thesis trains with batch 50; a batch of 1,000 MAJ sequences already holds 9.4 MB of inputs
 * (1,000 × 28 × 84 float32) and, for the backward pass, every step's activations of every
 * sequence: more only exhausts a browser tab's memory. Epochs: the thesis's runs take tens; 1,000
 * is far past any run a page should start. Adam's learning rate: the thesis uses 2·10⁻⁴; above 1
 * it only diverges.
 */
export const TRAIN_BOUNDS = {
  batchSize: { min: 1, max: 1000 },
  epochs: { min: 1, max: 1000 },
  /** Exclusive lower bound 0, inclusive upper bound 1. */
  lr: { min: 0, max: 1 },
} as const;

export interface TrainRequest {
  /** The slot that receives the trained model (replacing what it held when training ends or stops). */
  slot: string;
  preset: PresetId;
  dataset: DatasetId;
  task: TaskId;
  /** Use `limit` training sequences (a seeded random subset keeps browser training short); at most the split's size. */
  limit: number;
  /** 1…TRAIN_BOUNDS.epochs.max */
  epochs: number;
  /** 1…TRAIN_BOUNDS.batchSize.max */
  batchSize: number;
  /** Finite, in (0, 1]. */
  lr: number;
  seed: number;
  /** Time steps (default: 12 for MAJ, 7 for the sequence task). */
  T?: number;
  /**
   * Continue an interrupted run of this same request from a checkpoint the worker sent at an
   * epoch's end (`TrainProgressMsg.checkpoint`): its model files and its checkpoint files.
   */
  resume?: TrainCheckpointFiles;
}

/**
 * A training checkpoint as files (docs/model-format.md): the model (model.json + weights.bin) and
 * the optimiser's state and position (checkpoint.json + optimizer.bin), all as bytes.
 */
export interface TrainCheckpointFiles {
  json: Uint8Array;
  weights: Uint8Array;
  checkpoint: Uint8Array;
  optimizer: Uint8Array;
}

export type TrainState = 'idle' | 'running' | 'paused' | 'stopped';

export interface TrainProgressMsg {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  iteration: number;
  loss: number;
  accuracy: number;
  seqPerSec: number;
  elapsedSeconds: number;
  etaSeconds: number;
  backend: BackendName;
  /** Why the run is on `backend` when the worker measured the candidates for it (worker/backend-choice.ts). */
  backendReason?: string;
  /**
   * Sent once at the end of every epoch (with that epoch's last figures): the files to resume the
   * run from the next epoch (trainStart's `resume`). `epoch` epochs are done.
   */
  checkpoint?: TrainCheckpointFiles & { epoch: number };
}

export interface TrainDone {
  /** True when stopped before the last epoch. */
  aborted: boolean;
  iterations: number;
  seconds: number;
  /** Last reported running loss / accuracy (NaN when no batch ran). */
  loss: number;
  accuracy: number;
  model: ModelSummary;
}

export interface ExplainRequest extends DataRef {
  /** Which model (default: the model loaded or trained last). */
  slot?: string;
  index: number;
  /** A method id or spec of the explainers' catalog, e.g. 'sensitivity', 'deep-taylor', 'lrp-alpha-beta:a2b1'. */
  method: string;
  /** Method parameters (validated by the explainers' registry). */
  params?: Record<string, number | boolean | string>;
  /** The explained class: a class 0…9, 'predicted', or (default) the true label. */
  target?: number | 'predicted';
}

/** One sequence's explanation, as the core's explain() returns it (plain data), plus where it ran. */
export interface Explanation {
  method: string;
  /** Display label, e.g. "LRP-α1.5β0.5". */
  label: string;
  index: number;
  width: number;
  T: number;
  /** Relevance [28, width] row-major. */
  heatmap: Float32Array;
  /** Σ relevance per step (length T). */
  perStep: number[];
  logits: number[];
  target: number;
  predicted: number;
  /** Shares of the positive relevance per 28-column block, and the cosine to the MAJ mask. */
  blockShares: number[];
  cosine: number | null;
  /** Σ heatmap, the explained logit y_c and relu(y_c): conservation figures. */
  conservation: { sum: number; logit: number; target: number; error: number };
  backend: BackendName;
  ms: number;
}

/**
 * One column of the comparison grid: every method for one sequence on one model, in one batched
 * call (the forward trace is shared by the LRP methods). The sequence is sent as raw grey levels,
 * so a drawn sequence and a test sequence take the same path (x = 2p/255 − 1 in the worker, facts §1.1).
 */
export interface GridRequest {
  slot: string;
  /** Raw grey levels 0…255, [28, width] row-major. */
  pixels: Uint8Array;
  /** The class to explain (the class appearing at least twice); null: explain the predicted class. */
  label: number | null;
  /** One flag per 28-column block (1 = holds the label's class); null: no mask, cosine is null. */
  mask: number[] | null;
  /** Method specs of the catalog, e.g. 'deep-taylor', 'lrp-alpha-beta:a1.5b0.5'. */
  methods: string[];
  /** Echoed back: the page's sequence version, so it can tell which edit a result belongs to. */
  version: number;
}

export interface GridCell {
  /** The spec as requested. */
  method: string;
  /** Display label, e.g. "LRP-α1.5β0.5". */
  label: string;
  /** Relevance [28, width] row-major. */
  heatmap: Float32Array;
  /** Σ relevance per step (signed), length T. */
  perStep: number[];
  /**
   * LRP methods: per step t, the relevance reaching steps 1…t+1 through what step t+1 hands on (at
   * t = T−1: what the head hands to the cell), length T; null for gradient methods
   * (core SequenceExplanation.state: relevance through time, core/metrics/relevanceFlow.ts).
   */
  state: number[] | null;
  /** Conv⁺ cells, LRP methods: the part of `state` passed back through the literal connections; else null. */
  literal: number[] | null;
  /** Shares of the positive relevance per 28-column block (facts §7.1). */
  blockShares: number[];
  /** cos(mask, shares) (facts §7.3); null without a mask. */
  cosine: number | null;
  conservation: { sum: number; logit: number; target: number; error: number };
}

export interface GridResult {
  slot: string;
  version: number;
  width: number;
  T: number;
  logits: number[];
  /** softmax over the 10 logits and the constant zero logit of the 11-way loss (docs/training.md); sums to < 1. */
  probabilities: number[];
  predicted: number;
  /** The explained class. */
  target: number;
  cells: GridCell[];
  backend: BackendName;
  ms: number;
}

/** A base image (one 28×28 block) of a dataset's test split. */
export interface BaseImage {
  dataset: DatasetId;
  /** Global index into the base dataset (training images first, then test). */
  baseIndex: number;
  label: number;
  /** Raw grey levels [28, 28]. */
  pixels: Uint8Array;
}

/** What the core loader found in a model.json checked on its own (before weights.bin is read). */
export interface ModelJsonInfo {
  preset: PresetId;
  /** Number of weights in the manifest. */
  weights: number;
  /** Bytes weights.bin must have: Σ over the manifest's entries of product(shape) × 4. */
  weightBytes: number;
}

/** Serialised model files (docs/model-format.md). */
export interface ModelFiles {
  name: string;
  json: Uint8Array;
  weights: Uint8Array;
}

/** The single table of calls. `progress: never` marks calls that report no progress. */
export interface Calls {
  /**
   * Activates a backend: `backend` first when given (?backend=), then the worker's order; never one of
   * `avoid` (the page's restart policy gives up on a backend that keeps failing; cpu is never avoided).
   */
  hello: {
    req: {
      backend: BackendName | null;
      avoid?: BackendName[];
      /** Measure exactly these backends, software ones too (diagnostics and tests: `?candidates=`); default: the hardware GPU backends and WASM. */
      candidates?: BackendName[];
      /** The grid's methods: the work a measurement times (default: the five thesis methods). */
      methods?: string[];
    };
    res: HelloResult;
    progress: never;
  };
  loadData: { req: DataRef; res: DataInfo; progress: never };
  getSample: { req: DataRef & { index: number }; res: Sample; progress: never };
  /** A test sequence whose label is `label`: the `pick`-th such (modulo their number). */
  findSequence: { req: DataRef & { label: number; pick: number }; res: { index: number; count: number }; progress: never };
  /** A test image: by global index, or the `pick`-th test image of class `label`. */
  getImage: { req: { dataset: DatasetId; baseIndex?: number; label?: number; pick?: number }; res: BaseImage; progress: never };
  /** Fresh seeded weights for a preset into a slot (the task fixes T and the width). */
  initModel: { req: { slot: string; preset: PresetId; task: TaskId; seed: number; T?: number }; res: ModelSummary; progress: never };
  /**
   * Checks a model.json alone with the core loader (every check but weights.bin's), so the page can
   * refuse a weights.bin of the wrong size before reading it.
   */
  inspectModel: { req: { json: Uint8Array }; res: ModelJsonInfo; progress: never };
  /**
   * A file pair into a slot; on any error the slot keeps what it held. With `returnFiles` the worker
   * hands the two buffers back (transferred, not copied) for a caller that keeps them, so the page
   * can transfer them here instead of copying.
   */
  loadModel: {
    req: { slot: string; json: Uint8Array; weights: Uint8Array; name: string; source?: 'bundled' | 'file' | 'stored' | 'trained'; returnFiles?: boolean };
    res: ModelSummary & { files?: { json: Uint8Array; weights: Uint8Array } };
    progress: never;
  };
  /** Frees a slot's weights (no error when it is empty). */
  removeModel: { req: { slot: string }; res: { removed: boolean }; progress: never };
  /** A slot's model as files in the documented format. */
  saveModel: { req: { slot: string }; res: ModelFiles; progress: never };
  /**
   * Accuracy of a slot's model on `limit` sequences of a split (a seeded random subset; inference mode).
   * On the test split of the model's own training data the result is written into its metrics.
   */
  evaluate: { req: DataRef & { slot: string; limit: number }; res: { accuracy: number; n: number; loss: number; seconds: number; model: ModelSummary }; progress: { done: number; total: number } };
  trainStart: { req: TrainRequest; res: TrainDone; progress: TrainProgressMsg };
  trainPause: { req: Record<never, never>; res: { state: TrainState }; progress: never };
  trainResume: { req: Record<never, never>; res: { state: TrainState }; progress: never };
  trainStop: { req: Record<never, never>; res: { state: TrainState }; progress: never };
  explain: { req: ExplainRequest; res: Explanation; progress: never };
  explainGrid: { req: GridRequest; res: GridResult; progress: never };
  /** tf.memory() of the worker (for the leak test). */
  memory: { req: Record<never, never>; res: { numTensors: number; numBytes: number; slots: string[] }; progress: never };
  /**
   * Test hook: throws an uncaught error in the worker (the page must restart it). With `deviceLoss`
   * it destroys the WebGPU device instead, a real loss that reaches the page as device.lost does
   * (refused when the worker is not on webgpu).
   */
  crash: { req: { message: string; deviceLoss?: boolean }; res: { ok: true }; progress: never };
  /** Region perturbation curves of one sequence on one model, every given method and the random reference (faithfulness-messages.ts). */
  perturbation: { req: PerturbationRequest; res: PerturbationCurves; progress: JobProgress };
  /** Cascading randomisation of one model's layers, the methods' heatmaps per stage (faithfulness-messages.ts). */
  randomisation: { req: RandomisationRequest; res: RandomisationStages; progress: JobProgress };
}

export type Kind = keyof Calls;
export type RequestOf<K extends Kind> = { kind: K } & Calls[K]['req'];
export type ResultOf<K extends Kind> = Calls[K]['res'];
export type ProgressOf<K extends Kind> = Calls[K]['progress'];
/** Every request, as a discriminated union on `kind`. */
export type Request = { [K in Kind]: RequestOf<K> }[Kind];

/**
 * Supersession groups: a new request of a group makes the pending one of the same group stale
 * (its promise rejects with code 'superseded', the worker aborts its signal and drops its answer).
 * null: never superseded (idempotent or control calls). `explainGrid` has one group per slot
 * (see groupOf): a new edit supersedes the pending grid of each model, not the other models'.
 */
export const SUPERSEDES: Readonly<Record<Kind, string | null>> = {
  hello: null,
  loadData: null,
  getSample: 'sample',
  findSequence: 'find',
  getImage: null,
  initModel: null,
  inspectModel: null,
  loadModel: null,
  removeModel: null,
  saveModel: null,
  evaluate: 'evaluate',
  trainStart: 'train',
  trainPause: null,
  trainResume: null,
  trainStop: null,
  explain: 'explain',
  explainGrid: 'grid',
  memory: null,
  crash: null,
  perturbation: 'perturbation',
  randomisation: 'randomisation',
};

/** The supersession group of one request (SUPERSEDES, made per slot for the grid). */
export function groupOf(req: Request): string | null {
  const g = SUPERSEDES[req.kind];
  if (g === null) return null;
  return req.kind === 'explainGrid' ? `${g}:${req.slot}` : g;
}

export const KINDS = Object.keys(SUPERSEDES) as Kind[];

// ---- envelopes -------------------------------------------------------------------------------

export interface RequestEnvelope {
  v: typeof PROTOCOL_VERSION;
  id: number;
  type: 'request';
  req: Request;
}
export interface CancelEnvelope {
  v: typeof PROTOCOL_VERSION;
  id: number;
  type: 'cancel';
}
export type ToWorker = RequestEnvelope | CancelEnvelope;

/** Why a call failed. 'failed': the handler threw (message = its message). */
export type ErrorCode = 'failed' | 'superseded' | 'cancelled' | 'bad-request' | 'version';

export type ToPage =
  | { v: typeof PROTOCOL_VERSION; id: number; kind: Kind; type: 'result'; value: unknown }
  | { v: typeof PROTOCOL_VERSION; id: number; kind: Kind; type: 'progress'; value: unknown }
  | { v: typeof PROTOCOL_VERSION; id: number; kind: Kind | null; type: 'error'; code: ErrorCode; message: string };
