/**
 * The page's one zustand store, in slices (worker, sequence, model, train) with the actions beside
 * the state. The store talks to the worker only through a `Caller` (the ProtocolClient), so it is
 * tested in Node against an in-process server. The worker owns data and weights; the store mirrors
 * plain summaries.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { isSuperseded } from '../protocol/errors';
import type { CallOptions } from '../protocol/client';
import type {
  DatasetId,
  HelloResult,
  Kind,
  ModelSummary,
  RequestOf,
  ResultOf,
  Sample,
  SplitId,
  TaskId,
  TrainDone,
  TrainProgressMsg,
  TrainState,
} from '../protocol/messages';
import type { PresetId } from '../core/cells/presets';
import { pairModelFiles } from './model-files';
import { randomIndex, stepIndex } from './sequence-nav';
import type { UrlState } from './url-state';

/** What the store needs of the worker connection. */
export interface Caller {
  call<K extends Kind>(req: RequestOf<K>, opts?: CallOptions<K>): Promise<ResultOf<K>>;
}

/** A chosen file: a Blob with a name (the browser's File). */
export type NamedBlob = Blob & { name: string };

export interface TrainForm {
  preset: PresetId;
  limit: number;
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
}

export const DEFAULT_TRAIN_FORM: TrainForm = { preset: 'deep', limit: 500, epochs: 1, batchSize: 50, lr: 2e-4, seed: 71 };

export interface AppState {
  worker: { status: 'starting' | 'ready' | 'error'; hello: HelloResult | null; error: string | null };
  seq: {
    dataset: DatasetId;
    task: TaskId;
    split: SplitId;
    index: number;
    /** Size of the current set (null until loaded). */
    n: number | null;
    classNames: string[];
    sample: Sample | null;
    loading: boolean;
    error: string | null;
  };
  /** `attempts` counts finished load attempts (success or not), so tests can wait for one. */
  model: { summary: ModelSummary | null; loading: boolean; error: string | null; attempts: number };
  train: { state: TrainState; form: TrainForm; progress: TrainProgressMsg | null; done: TrainDone | null; error: string | null };
  actions: Actions;
}

export interface Actions {
  /** Connects: hello (backend choice), then loads the first dataset and sample. */
  start(url: UrlState): Promise<void>;
  setDataset(dataset: DatasetId): Promise<void>;
  showIndex(index: number): Promise<void>;
  step(delta: number): Promise<void>;
  random(rand?: () => number): Promise<void>;
  setTrainForm(patch: Partial<TrainForm>): void;
  startTraining(): Promise<void>;
  pauseTraining(): Promise<void>;
  resumeTraining(): Promise<void>;
  stopTraining(): Promise<void>;
  loadModelFiles(files: readonly NamedBlob[]): Promise<void>;
}

export type AppStore = StoreApi<AppState>;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function createAppStore(worker: Caller): AppStore {
  return createStore<AppState>()((set, get) => {
    const patch = <S extends 'worker' | 'seq' | 'model' | 'train'>(slice: S, p: Partial<AppState[S]>) =>
      set((s) => ({ [slice]: { ...s[slice], ...p } }) as Pick<AppState, S>);

    const showIndex = async (index: number) => {
      const { dataset, task, split } = get().seq;
      patch('seq', { index, loading: true, error: null });
      try {
        const sample = await worker.call({ kind: 'getSample', dataset, task, split, index });
        patch('seq', { sample, n: sample.n, loading: false });
      } catch (err) {
        if (!isSuperseded(err)) patch('seq', { loading: false, error: message(err) });
      }
    };

    const setDataset = async (dataset: DatasetId) => {
      const { task, split } = get().seq;
      patch('seq', { dataset, loading: true, error: null });
      try {
        const info = await worker.call({ kind: 'loadData', dataset, task, split });
        if (get().seq.dataset !== dataset) return; // switched again meanwhile
        patch('seq', { n: info.n, classNames: info.classNames });
        await showIndex(Math.min(get().seq.index, info.n - 1));
      } catch (err) {
        patch('seq', { loading: false, error: message(err) });
      }
    };

    const runTraining = async (req: RequestOf<'trainStart'>) => {
      patch('train', { state: 'running', progress: null, done: null, error: null });
      try {
        const done = await worker.call(req, { onProgress: (progress) => patch('train', { progress }) });
        patch('train', { state: 'idle', done });
        patch('model', { summary: done.model, error: null });
      } catch (err) {
        if (!isSuperseded(err)) patch('train', { state: 'idle', error: message(err) });
      }
    };

    const control = async <K extends 'trainPause' | 'trainResume' | 'trainStop'>(kind: K) => {
      try {
        const { state } = await worker.call<K>({ kind } as RequestOf<K>);
        // A stop answers 'stopped'; trainStart's own answer then sets 'idle'.
        if (get().train.state !== 'idle') patch('train', { state });
      } catch (err) {
        patch('train', { error: message(err) });
      }
    };

    const actions: Actions = {
      async start(url) {
        patch('seq', { dataset: url.dataset, index: url.index });
        // The backend choice and the data download are independent: run them side by side.
        const hello = worker.call({ kind: 'hello', backend: url.backend }).then(
          (h) => patch('worker', { status: 'ready', hello: h, error: null }),
          (err: unknown) => patch('worker', { status: 'error', error: message(err) }),
        );
        await Promise.all([hello, setDataset(url.dataset)]);
      },
      setDataset,
      showIndex,
      step: (delta) => {
        const { index, n } = get().seq;
        return n === null ? Promise.resolve() : showIndex(stepIndex(index, delta, n));
      },
      random: (rand) => {
        const { index, n } = get().seq;
        return n === null ? Promise.resolve() : showIndex(randomIndex(n, index, rand));
      },
      setTrainForm: (p) => patch('train', { form: { ...get().train.form, ...p } }),
      startTraining: () => {
        const { form } = get().train;
        const { dataset, task } = get().seq;
        return runTraining({ kind: 'trainStart', ...form, dataset, task });
      },
      pauseTraining: () => control('trainPause'),
      resumeTraining: () => control('trainResume'),
      stopTraining: () => control('trainStop'),
      async loadModelFiles(files) {
        const attempt = get().model.attempts + 1;
        const pair = pairModelFiles(files);
        if ('error' in pair) {
          patch('model', { error: pair.error, attempts: attempt });
          return;
        }
        patch('model', { loading: true, error: null });
        try {
          const [json, weights] = await Promise.all([pair.json.arrayBuffer(), pair.weights.arrayBuffer()]);
          const summary = await worker.call(
            { kind: 'loadModel', json: new Uint8Array(json), weights: new Uint8Array(weights), name: pair.json.name },
            { transfer: [json, weights] },
          );
          patch('model', { summary, loading: false, attempts: attempt });
        } catch (err) {
          // The worker keeps its current model on any error; so does the page.
          if (!isSuperseded(err)) patch('model', { loading: false, error: message(err), attempts: attempt });
        }
      },
    };

    return {
      worker: { status: 'starting', hello: null, error: null },
      seq: { dataset: 'mnist', task: 'maj', split: 'test', index: 0, n: null, classNames: [], sample: null, loading: false, error: null },
      model: { summary: null, loading: false, error: null, attempts: 0 },
      train: { state: 'idle', form: DEFAULT_TRAIN_FORM, progress: null, done: null, error: null },
      actions,
    };
  });
}
