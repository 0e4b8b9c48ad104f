/**
 * The training slice: trains a cell in the worker with live progress (the loss and accuracy
 * curves), pause, resume and stop. The trained model (complete or stopped) is saved to this
 * browser's model store at once, so it is never lost, and joins the grid as a column.
 */
import type { ModelSummary, RequestOf, TrainRequest } from '../../protocol/messages';
import { PRESETS } from '../../core/cells/presets';
import { isSuperseded } from '../../protocol/errors';
import { checkRequest } from '../../protocol/validate';
import { message, type AppState, type SliceContext, type TrainForm } from '../store';
import { DEFAULT_TRAIN_FORM } from '../store';
import { setSlotOf } from './models';

const DATASET_NAMES = { mnist: 'MNIST-MAJ', fashion: 'FashionMNIST-MAJ' } as const;

export function trainedName(m: ModelSummary, form: TrainForm, aborted: boolean): string {
  return `${PRESETS[form.preset].name} · ${DATASET_NAMES[form.dataset]} · ${m.metrics?.trainN ?? form.limit} seq${aborted ? ' (stopped)' : ''}`;
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
};

/** The training request of a form (MAJ, into `slot`). */
export const trainRequest = (form: TrainForm, slot: string): RequestOf<'trainStart'> => ({ kind: 'trainStart', slot, ...form, task: 'maj' });

/**
 * Why the worker would refuse this form: the field and the protocol's own check of trainStart in
 * the form's words ("Batch size must be an integer in [1, 1000], got 5000"); null when it would not.
 */
export function trainFormProblem(form: TrainForm): { field: string; message: string } | null {
  const bad = checkRequest(trainRequest(form, 'u:form'));
  return bad ? { field: bad.field, message: `${TRAIN_FIELD_LABELS[bad.field as keyof TrainRequest] ?? bad.field} ${bad.problem}` } : null;
}

export function createTrainSlice(ctx: SliceContext) {
  const { get, patch, worker, deps } = ctx;

  const control = async <K extends 'trainPause' | 'trainResume' | 'trainStop'>(kind: K) => {
    try {
      const { state } = await worker.call<K>({ kind } as RequestOf<K>);
      // A stop answers 'stopped'; trainStart's own answer then sets 'idle'.
      if (get().train.state !== 'idle') patch('train', { state });
    } catch (err) {
      patch('train', { error: message(err) });
    }
  };

  const state: AppState['train'] = { state: 'idle', form: DEFAULT_TRAIN_FORM, progress: null, curve: [], done: null, error: null, slot: null, saved: null };
  const actions = {
    setTrainForm: (p: Partial<TrainForm>) => patch('train', { form: { ...get().train.form, ...p } }),
    async startTraining() {
      const { form } = get().train;
      // Refused here, in the form's words, rather than by the worker.
      const problem = trainFormProblem(form);
      if (problem) return patch('train', { error: problem.message });
      const id = deps.newId('t');
      const slot = `u:${id}`;
      patch('train', { state: 'running', progress: null, curve: [], done: null, error: null, slot, saved: null });
      try {
        const done = await worker.call(
          trainRequest(form, slot),
          {
            onProgress: (progress) =>
              patch('train', { progress, curve: [...get().train.curve, { iteration: progress.iteration, loss: progress.loss, accuracy: progress.accuracy }] }),
          },
        );
        patch('train', { state: 'idle', done });
        // Persist before anything else: a model trained here is never lost.
        const files = await worker.call({ kind: 'saveModel', slot });
        const name = trainedName(done.model, form, done.aborted);
        await deps.db.put({ id, name, preset: form.preset, source: 'trained', created: new Date().toISOString(), json: files.json, weights: files.weights });
        setSlotOf(ctx, slot, { status: 'ready', summary: done.model, error: null });
        patch('models', { user: [...get().models.user, id], stored: await deps.db.list() });
        patch('train', {
          slot: null,
          saved: `${name}: saved in this browser${get().models.persistent ? '' : ' (for this session only: IndexedDB is not available)'} and added to the grid.`,
        });
        ctx.actions().refreshGrid([slot]);
      } catch (err) {
        if (!isSuperseded(err)) patch('train', { state: 'idle', slot: null, error: message(err) });
      }
    },
    pauseTraining: () => control('trainPause'),
    resumeTraining: () => control('trainResume'),
    stopTraining: () => control('trainStop'),
  };
  return { state, actions };
}
