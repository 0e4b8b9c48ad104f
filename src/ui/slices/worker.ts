/** The worker slice: connecting (hello, bundle index, stored models, first sequence) and recovering after a restart. */
import type { BackendName } from '../../protocol/messages';
import { message, type AppState, type SliceContext } from '../store';
import type { UrlState } from '../url-state';

export function createWorkerSlice(ctx: SliceContext) {
  const { get, patch, worker, deps } = ctx;
  let backend: BackendName | null = null;

  const hello = () =>
    worker.call({ kind: 'hello', backend }).then(
      (h) => patch('worker', { status: 'ready', hello: h, error: null }),
      (err: unknown) => patch('worker', { status: 'error', error: message(err) }),
    );

  const state: AppState['worker'] = { status: 'starting', hello: null, error: null, notice: null, restarts: 0 };
  const actions = {
    async start(url: UrlState) {
      backend = url.backend;
      const a = ctx.actions();
      patch('seq', { dataset: url.dataset, index: url.index });
      patch('grid', { methods: [...url.methods], positiveOnly: url.positiveOnly });
      patch('models', { arch: [...url.arch], user: [...url.user] });
      patch('train', { form: { ...get().train.form, dataset: url.dataset } });
      patch('view', { tab: url.view, compareDataset: url.compareDataset ?? url.dataset });
      // The backend choice, the model index and the data download are independent: side by side.
      // The comparison's evaluation files are fetched only when it is shown (here: opened by the URL).
      const bundle = deps.loadBundleIndex().then((b) => {
        patch('models', { bundle: b });
        void a.loadEvals();
      });
      const stored = deps.db.list().then(
        (list) => patch('models', { stored: list }),
        () => patch('models', { stored: [] }),
      );
      const seq = a.openSequence(url);
      await Promise.all([hello(), bundle, stored]);
      await Promise.all([a.ensureModels(), seq]);
    },

    async recover(reason: string) {
      const a = ctx.actions();
      const wasTraining = get().train.state === 'running' || get().train.state === 'paused';
      patch('worker', { status: 'restarting', notice: `The worker stopped (${reason}); restarting it…`, restarts: get().worker.restarts + 1 });
      // Nothing of the old worker survives: every model must be loaded again.
      patch('models', { slots: {} });
      patch('grid', { results: {}, pending: {}, errors: {} });
      if (wasTraining) patch('train', { state: 'idle', slot: null, error: `Training was interrupted: the worker stopped (${reason}).` });
      await hello();
      const { dataset, task, split } = get().seq;
      await worker.call({ kind: 'loadData', dataset, task, split }).catch(() => undefined);
      await a.ensureModels();
      const n = Object.values(get().models.slots).filter((s) => s.status === 'ready').length;
      patch('worker', { notice: `The worker stopped (${reason}). It was restarted and ${n} model${n === 1 ? '' : 's'} reloaded.` });
    },
  };
  return { state, actions };
}
