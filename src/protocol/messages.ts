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
 */
import type { PresetId } from '../core/cells/presets';

export const PROTOCOL_VERSION = 1 as const;

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
}

/** A plain summary of the worker's current model (the worker owns the weights). */
export interface ModelSummary {
  preset: PresetId | null;
  arch: string;
  /** Display name, e.g. 'Deep' or the file name. */
  name: string;
  T: number;
  width: number;
  /** True number of scalar parameters. */
  parameters: number;
  source: 'init' | 'file' | 'trained';
  /** Free-form provenance (file name, seed, training run). */
  detail: string;
}

export interface TrainRequest {
  preset: PresetId;
  dataset: DatasetId;
  task: TaskId;
  /** Use the first `limit` training sequences (a subset keeps browser training short). */
  limit: number;
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
  /** Time steps (default: 12 for MAJ, 7 for the sequence task). */
  T?: number;
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

/** The single table of calls. `progress: never` marks calls that report no progress. */
export interface Calls {
  hello: { req: { backend: BackendName | null }; res: HelloResult; progress: never };
  loadData: { req: DataRef; res: DataInfo; progress: never };
  getSample: { req: DataRef & { index: number }; res: Sample; progress: never };
  /** Fresh seeded weights for a preset (the task fixes T and the width). */
  initModel: { req: { preset: PresetId; task: TaskId; seed: number; T?: number }; res: ModelSummary; progress: never };
  /** Replace the model by a file pair; on any error the current model stays. */
  loadModel: { req: { json: Uint8Array; weights: Uint8Array; name: string }; res: ModelSummary; progress: never };
  trainStart: { req: TrainRequest; res: TrainDone; progress: TrainProgressMsg };
  trainPause: { req: Record<never, never>; res: { state: TrainState }; progress: never };
  trainResume: { req: Record<never, never>; res: { state: TrainState }; progress: never };
  trainStop: { req: Record<never, never>; res: { state: TrainState }; progress: never };
  explain: { req: ExplainRequest; res: Explanation; progress: never };
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
 * null: never superseded (idempotent or control calls).
 */
export const SUPERSEDES: Readonly<Record<Kind, string | null>> = {
  hello: null,
  loadData: null,
  getSample: 'sample',
  initModel: 'model',
  loadModel: 'model',
  trainStart: 'train',
  trainPause: null,
  trainResume: null,
  trainStop: null,
  explain: 'explain',
};

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
