/**
 * The page's one zustand store, in slices (worker, seq, models, grid, train, view; see ./slices/) with
 * the actions beside the state. The store talks to the worker only through a `Caller` (the
 * restartable WorkerHost, or a ProtocolClient in tests), so it is tested in Node against an
 * in-process server. The worker owns data and weights; the store mirrors plain summaries and the
 * latest grid results. Heatmap canvases read results through `subscribe`, not React renders.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CallOptions } from '../protocol/client';
import type { BackendName, DatasetId, GridResult, HelloResult, Kind, ModelSummary, RequestOf, ResultOf, TaskId, SplitId, TrainDone, TrainProgressMsg, TrainState } from '../protocol/messages';
import type { PresetId } from '../core/cells/presets';
import type { BundleEntry, BundleIndex } from './lib/bundle-index';
import type { EvalLoad } from './lib/comparison';
import type { ModelDb, StoredModelInfo } from './lib/model-db';
import type { RunDb, SavedRun } from './lib/run-db';
import type { RestartDecision } from './restart-policy';
import type { UrlState, ViewTab } from './url-state';
import { createSequenceSlice } from './slices/sequence';
import { createModelsSlice } from './slices/models';
import { createGridSlice } from './slices/grid';
import { createTrainSlice } from './slices/train';
import { createViewSlice } from './slices/view';
import { createFaithSlice, type FaithActions, type FaithState } from './slices/faith';
import { createWorkerSlice } from './slices/worker';

export type { ViewTab };

/** What the store needs of the worker connection. */
export interface Caller {
  call<K extends Kind>(req: RequestOf<K>, opts?: CallOptions<K>): Promise<ResultOf<K>>;
}

/** A chosen file: a Blob with a name (the browser's File). */
export type NamedBlob = Blob & { name: string };

/** What the store needs of the page (injected: Node tests pass doubles). */
export interface StoreDeps {
  /** Reads the bundled models' index (public/models/index.json). */
  loadBundleIndex(): Promise<BundleIndex>;
  /** Fetches a file's bytes (bundled model files); rejects with a readable message. */
  fetchBytes(url: string): Promise<Uint8Array>;
  db: ModelDb;
  /** False when models cannot be kept across page loads (no IndexedDB). */
  persistent: boolean;
  /** Saves bytes as a file (the browser's download). */
  download(bytes: Uint8Array, name: string, type: string): void;
  /** Runs `fn` once the next frame is rendered (requestAnimationFrame, then a message: perf-marks.ts afterNextPaint; at once in tests). */
  afterPaint(fn: () => void): void;
  now(): number;
  /** A fresh id for stored models. */
  newId(prefix: string): string;
  /** Where the training run in progress is kept across reloads (absent: it is not kept). */
  runs?: RunDb;
}

export interface TrainForm {
  preset: PresetId;
  dataset: DatasetId;
  limit: number;
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
  /** The sequence task (one image, `T` column strips: Experiment 1); absent or 'maj': MAJ at T = 12. */
  task?: TaskId;
  /** The sequence task's time steps (1, 4 or 7; default 4). */
  T?: number;
}

/**
 * The training form's defaults: a run that visibly learns in about a minute on a 2-core machine
 * (docs/explorer.md, "Training that teaches"): R-LSTM-SD, the thesis's best cell, learns the most
 * per step; on 4,000 MNIST-MAJ sequences, 4 epochs (320 steps) at Adam lr 3·10⁻³ (15 × the thesis's
 * 2·10⁻⁴, which needs ~50 × the steps) it reaches ≈ 85 % test accuracy (measured with the CLI:
 * 85.6 % on 833 test sequences; the page's running accuracy, dropout on, ends near 77 %).
 */
export const DEFAULT_TRAIN_FORM: TrainForm = { preset: 'r-lstm-sd', dataset: 'mnist', limit: 4000, epochs: 4, batchSize: 50, lr: 3e-3, seed: 71 };

/** One block of the sequence: its class (null: not stated) and the unchanged test image it shows, if any. */
export interface BlockState {
  label: number | null;
  /** Global base-dataset index of the test image the block shows unchanged; null once drawn on, cleared or stated. */
  baseIndex: number | null;
}

export interface UndoEntry {
  pixels: Uint8Array;
  blocks: BlockState[];
  edited: boolean;
}

/** A model the grid shows (a column) or keeps (a slot of the worker). */
export interface SlotState {
  slot: string;
  status: 'loading' | 'ready' | 'error';
  summary: ModelSummary | null;
  error: string | null;
  /** Why it holds random weights although a trained model was wanted (a bundled file failed to load). */
  note: string | null;
  evaluation: { running: boolean; accuracy: number | null; n: number; dataset: DatasetId; error: string | null } | null;
}

/** A grid column as derived from the architectures (or the sequence task's fixed cells), the bundle index, the dataset and the user models. */
export interface Column {
  slot: string;
  kind: 'arch' | 'user';
  preset: PresetId | null;
  /** The bundled model used for this architecture on this dataset, if any. */
  bundle: BundleEntry | null;
  userId: string | null;
  /** The task whose images the column's model reads. */
  task: TaskId;
  /** The sequence task's columns: the cell's time steps (1, 4 or 7); null for MAJ (T = 12) and browser models. */
  T: number | null;
}

export interface CurvePoint {
  iteration: number;
  loss: number;
  accuracy: number;
  /** The epoch (1-based) the running figures belong to. */
  epoch: number;
}

/** A training run kept in this browser that can be resumed (lib/run-db.ts, without its files and curve). */
export type InterruptedRun = Omit<SavedRun, 'files' | 'curve'>;

export interface AppState {
  worker: {
    status: 'starting' | 'ready' | 'restarting' | 'error';
    hello: HelloResult | null;
    error: string | null;
    /** A message about a restart (shown in the status bar), or null. */
    notice: string | null;
    restarts: number;
    /** Backends given up after repeated failures (../restart-policy.ts); every hello avoids them. */
    avoid: BackendName[];
  };
  seq: {
    dataset: DatasetId;
    task: TaskId;
    split: SplitId;
    /** The test sequence the view starts from. */
    index: number;
    n: number | null;
    classNames: string[];
    /** Raw grey levels [28, 84] of what the grid explains (test sequence, possibly edited). */
    pixels: Uint8Array | null;
    blocks: BlockState[];
    /** True once the sequence differs from test sequence `index`. */
    edited: boolean;
    /** The test sequence whose pixels were loaded last (set when they arrive). */
    shown: { dataset: DatasetId; index: number } | null;
    /** The class appearing at least twice and its mask; null when no class repeats. */
    label: number | null;
    mask: number[] | null;
    /** Bumped on every change of what the grid must explain. */
    version: number;
    loading: boolean;
    error: string | null;
    undo: UndoEntry[];
    /** The last stroke's end (for the stroke-to-grid latency). */
    strokeEnd: { version: number; t: number } | null;
    /** True between a stroke's pointerdown and its end: the grid follows the pen (one request per model in flight, the newest pixels next). */
    drawing: boolean;
    /** The drawing tool (brush or eraser; B and E switch it). */
    tool: 'pen' | 'eraser';
  };
  models: {
    /** null while loading. */
    bundle: BundleIndex | null;
    arch: PresetId[];
    user: string[];
    slots: Record<string, SlotState>;
    stored: StoredModelInfo[];
    persistent: boolean;
    upload: { loading: boolean; error: string | null; attempts: number; message: string | null };
    /** Browser models a link named that this browser does not hold (their columns were dropped). */
    missing: string[];
  };
  grid: {
    methods: string[];
    positiveOnly: boolean;
    results: Record<string, GridResult>;
    /** Version in flight per slot. */
    pending: Record<string, number>;
    errors: Record<string, string>;
    selected: { method: string; slot: string } | null;
    /** Stroke-end → grid-painted latencies in ms, most recent last. */
    latencies: number[];
  };
  train: {
    state: TrainState;
    form: TrainForm;
    progress: TrainProgressMsg | null;
    curve: CurvePoint[];
    done: TrainDone | null;
    error: string | null;
    /** The slot being trained into. */
    slot: string | null;
    /** What happened to the trained model (saved, joined the grid). */
    saved: string | null;
    /** The last epoch whose checkpoint the worker sent during this run, and whether it is kept in this browser. */
    checkpoint: { epoch: number; kept: boolean } | null;
    /** A run kept in this browser (a reload or a worker failure interrupted it): offered for resuming. */
    interrupted: InterruptedRun | null;
  };
  view: {
    tab: ViewTab;
    /** The dataset the architecture comparison shows (its own switch; the grid keeps `seq.dataset`). */
    compareDataset: DatasetId;
    /** Evaluation files of bundled models by entry id, fetched when the comparison first needs them. */
    evals: Record<string, EvalLoad>;
    /** A grid cell to scroll into view and focus once it is shown (after openInGrid); cleared by the cell. */
    reveal: { slot: string; method: string } | null;
    /** Presentation mode (`?present=1`): larger type and controls for a projector. */
    present: boolean;
  };
  /** The faithfulness panel (region perturbation, randomisation) of a grid cell: ./slices/faith.ts. */
  faith: FaithState;
  actions: Actions;
}

export interface Actions extends FaithActions {
  /** Connects: hello (backend choice), the bundle index, stored models, the dataset and the sequence of the URL. */
  start(url: UrlState): Promise<void>;
  /** The worker went down: say what happens next (a restart after a back-off, another backend, or none). */
  workerDown(reason: string, decision: RestartDecision): void;
  /** After a worker restart: hello again (avoiding given-up backends), reload the current models, re-run the grid. */
  recover(reason: string, decision?: RestartDecision): Promise<void>;
  /** Opens the dataset, then the URL's edited blocks or its test sequence. */
  openSequence(url: Pick<UrlState, 'dataset' | 'index' | 'blocks'>): Promise<void>;
  /** Loads the columns' models that the worker lacks and frees the ones no column uses. */
  ensureModels(): Promise<void>;
  /** Records the stroke-to-grid latency when the grid has caught up with the last stroke. */
  checkLatency(): void;
  // sequence
  setDataset(dataset: DatasetId): Promise<void>;
  /** Shows the sequence of a history entry (Back / Forward): its dataset, task, and its test index or edited blocks. */
  goTo(url: Pick<UrlState, 'dataset' | 'index' | 'blocks'> & Partial<Pick<UrlState, 'task'>>): Promise<void>;
  /** MAJ or the sequence task (Experiment 1): its test set at the same index, its columns. */
  setTask(task: TaskId): Promise<void>;
  setTool(tool: 'pen' | 'eraser'): void;
  showIndex(index: number): Promise<void>;
  step(delta: number): Promise<void>;
  random(rand?: () => number): Promise<void>;
  randomOfClass(label: number, rand?: () => number): Promise<void>;
  beginStroke(): void;
  /** New pixels of the whole sequence after painting on `block`. */
  paint(pixels: Uint8Array, block: number): void;
  endStroke(): void;
  clearBlock(block: number): void;
  replaceBlock(block: number, label: number | null, rand?: () => number): Promise<void>;
  setBlockLabel(block: number, label: number | null): void;
  /** Puts a user's picture (28 × 28 grey levels, preprocessed as MNIST: core/data/preprocess-image.ts) into a block, with its class or none; undoable. */
  putImage(block: number, image: Uint8Array, label: number | null): void;
  undo(): void;
  // models
  setArch(arch: PresetId[]): void;
  toggleArch(preset: PresetId): void;
  showStored(id: string): void;
  removeColumn(slot: string): void;
  deleteStored(id: string): Promise<void>;
  /** Hides the message about models of a link that this browser does not hold. */
  dismissMissing(): void;
  /** Checks the chosen files' kinds and sizes before reading them, then loads the pair into a new column. */
  loadModelFiles(files: readonly (NamedBlob & { folder?: boolean })[]): Promise<void>;
  downloadModel(slot: string): Promise<void>;
  evaluateModel(slot: string): Promise<void>;
  // grid
  toggleMethod(spec: string): void;
  setMethods(specs: string[]): void;
  setPositiveOnly(on: boolean): void;
  select(method: string, slot: string): void;
  refreshGrid(slots?: string[], opts?: { throttle?: boolean; onlyStale?: boolean; paced?: boolean }): void;
  // view
  setView(tab: ViewTab): void;
  setCompareDataset(dataset: DatasetId): void;
  /** Fetches the comparison dataset's evaluation files that are not loaded yet (only while the comparison is shown). */
  loadEvals(): Promise<void>;
  /** Shows an architecture's column and a method's row in the grid on `dataset`, the cell selected. */
  openInGrid(preset: PresetId, spec: string, dataset: DatasetId): Promise<void>;
  /** The revealed cell has been brought into view. */
  revealDone(): void;
  /** Presentation mode on or off. */
  setPresent(on: boolean): void;
  // training
  setTrainForm(patch: Partial<TrainForm>): void;
  startTraining(): Promise<void>;
  pauseTraining(): Promise<void>;
  /** Looks for a run kept in this browser and offers it (train.interrupted). */
  checkInterrupted(): Promise<void>;
  /** Resumes the kept run from its last epoch's checkpoint. */
  resumeInterrupted(): Promise<void>;
  discardInterrupted(): Promise<void>;
  resumeTraining(): Promise<void>;
  stopTraining(): Promise<void>;
}

export type AppStore = StoreApi<AppState>;
export type SliceName = Exclude<keyof AppState, 'actions'>;

/** What every slice receives: state access, the worker, the page's services, and the other slices' actions. */
export interface SliceContext {
  get: () => AppState;
  set: StoreApi<AppState>['setState'];
  patch<S extends SliceName>(slice: S, p: Partial<AppState[S]>): void;
  worker: Caller;
  deps: StoreDeps;
  /** All actions (slices call each other through these). */
  actions: () => Actions;
}

export const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export function createAppStore(worker: Caller, deps: StoreDeps): AppStore {
  return createStore<AppState>()((set, get) => {
    const patch: SliceContext['patch'] = (slice, p) => set((s) => ({ [slice]: { ...s[slice], ...p } }) as Pick<AppState, typeof slice>);
    const ctx: SliceContext = { get, set, patch, worker, deps, actions: () => get().actions };
    const w = createWorkerSlice(ctx);
    const s = createSequenceSlice(ctx);
    const m = createModelsSlice(ctx, deps.persistent);
    const g = createGridSlice(ctx);
    const t = createTrainSlice(ctx);
    const v = createViewSlice(ctx);
    const f = createFaithSlice(ctx);
    return {
      worker: w.state,
      seq: s.state,
      models: m.state,
      grid: g.state,
      train: t.state,
      view: v.state,
      faith: f.state,
      actions: { ...w.actions, ...s.actions, ...m.actions, ...g.actions, ...t.actions, ...v.actions, ...f.actions },
    };
  });
}
