/**
 * The training slice: trains a cell in the worker with live progress (the loss and accuracy
 * curves), pause, resume and stop. The trained model (complete or stopped) is saved to this
 * browser's model store at once, so it is never lost, and joins the grid as a column.
 */
import type { ModelSummary, RequestOf } from '../../protocol/messages';
import { PRESETS } from '../../core/cells/presets';
import { isSuperseded } from '../../protocol/errors';
import { message, type AppState, type SliceContext, type TrainForm } from '../store';
import { DEFAULT_TRAIN_FORM } from '../store';
import { setSlotOf } from './models';

const DATASET_NAMES = { mnist: 'MNIST-MAJ', fashion: 'FashionMNIST-MAJ' } as const;

export function trainedName(m: ModelSummary, form: TrainForm, aborted: boolean): string {
  return `${PRESETS[form.preset].name} · ${DATASET_NAMES[form.dataset]} · ${m.metrics?.trainN ?? form.limit} seq${aborted ? ' (stopped)' : ''}`;
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
      const id = deps.newId('t');
      const slot = `u:${id}`;
      patch('train', { state: 'running', progress: null, curve: [], done: null, error: null, slot, saved: null });
      try {
        const done = await worker.call(
          { kind: 'trainStart', slot, ...form, task: 'maj' },
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
