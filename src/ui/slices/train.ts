/**
 * The training slice: trains a cell in the worker with live progress (the loss and accuracy
 * curves), pause, resume and stop. The trained model (complete or stopped) is saved to this
 * browser's model store at once, so it is never lost, and joins the grid as a column. The run in
 * progress is kept in this browser after every epoch (lib/run-db.ts): after a reload or a worker
 * failure the page offers to resume it from that checkpoint.
 */
import type { ModelSummary, RequestOf, TrainCheckpointFiles, TrainProgressMsg, TrainRequest } from '../../protocol/messages';
import { PRESETS } from '../../core/cells/presets';
import { isSuperseded } from '../../protocol/errors';
import { checkRequest } from '../../protocol/validate';
import { message, type AppState, type InterruptedRun, type SliceContext, type TrainForm } from '../store';
import type { SavedRun } from '../lib/run-db';
import { DEFAULT_TRAIN_FORM } from '../store';
import { setSlotOf } from './models';

const DATASET_NAMES = { mnist: 'MNIST-MAJ', fashion: 'FashionMNIST-MAJ' } as const;
const IMAGE_DATASET_NAMES = { mnist: 'MNIST', fashion: 'FashionMNIST' } as const;

/** The sequence task's default steps in the form. */
export const SEQ_TRAIN_T = 4;

export function trainedName(m: ModelSummary, form: TrainForm, aborted: boolean): string {
  const n = m.metrics?.trainN ?? form.limit;
  const stopped = aborted ? ' (stopped)' : '';
  if (form.task === 'seq') return `${PRESETS[form.preset].name}-${form.T ?? SEQ_TRAIN_T} · ${IMAGE_DATASET_NAMES[form.dataset]} · ${n} images${stopped}`;
  return `${PRESETS[form.preset].name} · ${DATASET_NAMES[form.dataset]} · ${n} seq${stopped}`;
}

/** The form's fields as the page names them. */
export const TRAIN_FIELD_LABELS: Record<keyof TrainRequest, string> = {
  slot: 'Slot',
  preset: 'Cell',
  dataset: 'Dataset',
  task: 'Task',
  limit: 'Training sequences',
  epochs: 'Epochs',
  batchSize: 'Batch size',
  lr: 'Learning rate',
  seed: 'Seed',
  T: 'Time steps',
  resume: 'Checkpoint',
};

/** The training request of a form (MAJ, or the sequence task at the form's T), into `slot`. */
export const trainRequest = ({ task, T, ...form }: TrainForm, slot: string): RequestOf<'trainStart'> =>
  task === 'seq' ? { kind: 'trainStart', slot, ...form, task, T: T ?? SEQ_TRAIN_T } : { kind: 'trainStart', slot, ...form, task: 'maj' };

/**
 * Why the worker would refuse this form: the field and the protocol's own check of trainStart in
 * the form's words ("Batch size must be an integer in [1, 1000], got 5000"); null when it would not.
 */
export function trainFormProblem(form: TrainForm): { field: string; message: string } | null {
  const bad = checkRequest(trainRequest(form, 'u:form'));
  return bad ? { field: bad.field, message: `${TRAIN_FIELD_LABELS[bad.field as keyof TrainRequest] ?? bad.field} ${bad.problem}` } : null;
}

/** What the page says about a run kept in this browser that can be resumed (the record without its files). */
export function interruptedOf(run: SavedRun): InterruptedRun {
  const { files: _files, curve: _curve, ...rest } = run;
  return rest;
}

export function createTrainSlice(ctx: SliceContext) {
  const { get, patch, worker, deps } = ctx;
  const runs = deps.runs ?? null;

  const control = async <K extends 'trainPause' | 'trainResume' | 'trainStop'>(kind: K) => {
    try {
      const { state } = await worker.call<K>({ kind } as RequestOf<K>);
      // A stop answers 'stopped'; trainStart's own answer then sets 'idle'.
      if (get().train.state !== 'idle') patch('train', { state });
    } catch (err) {
      patch('train', { error: message(err) });
    }
  };

  /** Offers the run kept in this browser, if any, for resuming (when nothing trains). */
  const checkInterrupted = async () => {
    const run = await runs?.get().catch(() => undefined);
    if (get().train.state === 'idle') patch('train', { interrupted: run ? interruptedOf(run) : null });
  };

  /**
   * Runs `form` into the browser model `id` (slot `u:<id>`), from the beginning or from a kept
   * checkpoint. After every epoch the worker's checkpoint replaces the kept run (IndexedDB); when
   * the run ends the model is saved as a browser model, joins the grid and the kept run is deleted.
   */
  const run = async (form: TrainForm, id: string, from: SavedRun | null) => {
    const slot = `u:${id}`;
    patch('train', {
      state: 'running',
      form,
      progress: null,
      curve: from?.curve ?? [],
      done: null,
      error: null,
      slot,
      saved: null,
      interrupted: null,
      checkpoint: from ? { epoch: from.epoch, kept: runs?.persistent ?? false } : null,
    });
    // Writes of the kept run, in order (the last one must not land after the final delete).
    let writes: Promise<unknown> = Promise.resolve();
    const keep = (p: TrainProgressMsg, files: TrainCheckpointFiles & { epoch: number }) => {
      const { epoch, ...bytes } = files;
      const record: SavedRun = { id, form, epoch, iteration: p.iteration, elapsedSeconds: p.elapsedSeconds, curve: get().train.curve, saved: new Date().toISOString(), files: bytes };
      writes = writes.then(() => runs?.put(record)).then(
        () => get().train.slot === slot && patch('train', { checkpoint: { epoch, kept: runs?.persistent ?? false } }),
        () => undefined, // not kept (storage full or gone): the run goes on
      );
    };
    const req: RequestOf<'trainStart'> = { ...trainRequest(form, slot), ...(from ? { resume: from.files } : {}) };
    try {
      const done = await worker.call(req, {
        onProgress: ({ checkpoint, ...progress }) => {
          if (checkpoint) return keep(progress, checkpoint);
          patch('train', { progress, curve: [...get().train.curve, { iteration: progress.iteration, loss: progress.loss, accuracy: progress.accuracy, epoch: progress.epoch }] });
        },
        transfer: from ? [from.files.json.buffer, from.files.weights.buffer, from.files.checkpoint.buffer, from.files.optimizer.buffer] : undefined,
      });
      patch('train', { state: 'idle', done });
      // Persist before anything else: a model trained here is never lost.
      const files = await worker.call({ kind: 'saveModel', slot });
      const name = trainedName(done.model, form, done.aborted);
      await deps.db.put({ id, name, preset: form.preset, source: 'trained', created: new Date().toISOString(), json: files.json, weights: files.weights });
      await writes;
      await runs?.clear().catch(() => undefined);
      setSlotOf(ctx, slot, { status: 'ready', summary: done.model, error: null });
      patch('models', { user: [...get().models.user, id], stored: await deps.db.list() });
      patch('train', {
        slot: null,
        checkpoint: null,
        saved: `${name}: saved in this browser${get().models.persistent ? '' : ' (for this session only: IndexedDB is not available)'} and added to the grid.`,
      });
      ctx.actions().refreshGrid([slot]);
    } catch (err) {
      if (isSuperseded(err)) return;
      await writes;
      // Failed or interrupted (the worker stopped): what was kept can be resumed.
      const kept = await runs?.get().catch(() => undefined);
      patch('train', { state: 'idle', slot: null, checkpoint: null, error: get().train.error ?? message(err), interrupted: kept?.id === id ? interruptedOf(kept) : null });
    }
  };

  const state: AppState['train'] = {
    state: 'idle',
    form: DEFAULT_TRAIN_FORM,
    progress: null,
    curve: [],
    done: null,
    error: null,
    slot: null,
    saved: null,
    checkpoint: null,
    interrupted: null,
  };
  const actions = {
    setTrainForm: (p: Partial<TrainForm>) => patch('train', { form: { ...get().train.form, ...p } }),
    async startTraining() {
      const { form } = get().train;
      // Refused here, in the form's words, rather than by the worker.
      const problem = trainFormProblem(form);
      if (problem) return patch('train', { error: problem.message });
      // A new run replaces the kept one.
      await runs?.clear().catch(() => undefined);
      await run(form, deps.newId('t'), null);
    },
    checkInterrupted,
    async resumeInterrupted() {
      const kept = await runs?.get().catch(() => undefined);
      if (!kept) return patch('train', { interrupted: null, error: 'The interrupted run is no longer kept in this browser.' });
      await run(kept.form, kept.id, kept);
    },
    async discardInterrupted() {
      await runs?.clear().catch(() => undefined);
      patch('train', { interrupted: null });
    },
    pauseTraining: () => control('trainPause'),
    resumeTraining: () => control('trainResume'),
    stopTraining: () => control('trainStop'),
  };
  return { state, actions };
}
