/**
 * The worker slice: connecting (hello, bundle index, stored models, first sequence), and the
 * worker's failures: what the status bar says while it is down (restarting after a back-off, on
 * another backend, or not at all: ../restart-policy.ts) and recovering once a fresh one runs.
 */
import { WorkerCallError } from '../../protocol/errors';
import type { BackendName } from '../../protocol/messages';
import { BACKEND_LABELS } from '../format';
import type { RestartDecision } from '../restart-policy';
import { message, type AppState, type SliceContext } from '../store';
import type { UrlState } from '../url-state';

const seconds = (ms: number) => `${ms / 1000} s`;
const isDeviceLoss = (reason: string) => /device (was )?lost/i.test(reason);

/** What the status bar says when the worker went down, before it is back (pure). */
export function downNotice(reason: string, d: RestartDecision): string {
  const { failures, options } = d;
  const within = `within ${seconds(options.windowMs)}`;
  if (d.action === 'restart') return `The worker stopped (${reason}); restarting it in ${seconds(d.delayMs)} (restart ${failures} of ${options.maxRestarts} ${within})…`;
  const what = d.backend && isDeviceLoss(reason) ? `${BACKEND_LABELS[d.backend]} device lost ${failures} times ${within} (${reason})` : `The worker${d.backend ? ` on ${BACKEND_LABELS[d.backend]}` : ''} stopped ${failures} times ${within} (${reason})`;
  if (d.action === 'switch') return `${what}; switching to another backend…`;
  return `${what}; it is not restarted again: reload the page to try again.`;
}

/** What the status bar says once the fresh worker runs on `now` and `reloaded` models are back (pure). */
export function upNotice(reason: string, d: RestartDecision | undefined, now: BackendName | null, reloaded: number): string {
  const models = `${reloaded} model${reloaded === 1 ? '' : 's'} reloaded`;
  if (d?.action !== 'switch' || d.backend === null) return `The worker stopped (${reason}). It was restarted and ${models}.`;
  const from = BACKEND_LABELS[d.backend];
  const to = now ? BACKEND_LABELS[now] : 'another backend';
  const what = isDeviceLoss(reason) ? `${from} device lost ${d.failures} times` : `The worker on ${from} stopped ${d.failures} times (${reason})`;
  return `${what}; switched to ${to}. The worker was restarted and ${models}.`;
}

export function createWorkerSlice(ctx: SliceContext) {
  const { get, patch, worker, deps } = ctx;
  let backend: BackendName | null = null;
  /** Backends to measure (?candidates=), or null: the worker's own. */
  let candidates: BackendName[] | null = null;

  const hello = () =>
    // The grid's methods are the work the worker times when it measures backends.
    worker.call({ kind: 'hello', backend, avoid: get().worker.avoid, ...(candidates ? { candidates } : {}), methods: get().grid.methods.length ? get().grid.methods : undefined }).then(
      (h) => patch('worker', { status: 'ready', hello: h, error: null }),
      (err: unknown) => {
        // Cancelled: the worker died meanwhile; the host restarts it and recover() says hello again.
        if (!(err instanceof WorkerCallError && err.code === 'cancelled')) patch('worker', { status: 'error', error: message(err) });
      },
    );
  /** Bumped whenever the worker goes down: a recovery of an older worker then stops where it is. */
  let generation = 0;

  const state: AppState['worker'] = { status: 'starting', hello: null, error: null, notice: null, restarts: 0, avoid: [] };
  const actions = {
    async start(url: UrlState) {
      backend = url.backend;
      candidates = url.candidates ?? null;
      const a = ctx.actions();
      patch('seq', { dataset: url.dataset, task: url.task, index: url.index });
      patch('grid', { methods: [...url.methods], positiveOnly: url.positiveOnly });
      patch('models', { arch: [...url.arch], user: [...url.user] });
      patch('train', { form: { ...get().train.form, dataset: url.dataset } });
      patch('view', { tab: url.view, compareDataset: url.compareDataset ?? url.dataset, present: url.present });
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
      void a.checkInterrupted(); // a training run kept in this browser, offered for resuming
      await Promise.all([hello(), bundle, stored]);
      await Promise.all([a.ensureModels(), seq]);
    },

    workerDown(reason: string, d: RestartDecision) {
      generation++;
      const wasTraining = get().train.state === 'running' || get().train.state === 'paused';
      if (wasTraining) patch('train', { state: 'idle', slot: null, error: `Training was interrupted: the worker stopped (${reason}).` });
      if (d.action === 'give-up') patch('worker', { status: 'error', notice: null, error: downNotice(reason, d), avoid: d.avoid });
      else patch('worker', { status: 'restarting', notice: downNotice(reason, d), avoid: d.avoid });
    },

    async recover(reason: string, d?: RestartDecision) {
      const a = ctx.actions();
      const mine = ++generation;
      const stale = () => generation !== mine; // the worker went down again meanwhile
      const wasTraining = get().train.state === 'running' || get().train.state === 'paused';
      patch('worker', { status: 'restarting', notice: `The worker stopped (${reason}); restarting it…`, restarts: get().worker.restarts + 1 });
      if (d) patch('worker', { avoid: d.avoid });
      // Nothing of the old worker survives: every model must be loaded again.
      patch('models', { slots: {} });
      patch('grid', { results: {}, pending: {}, errors: {} });
      if (wasTraining) patch('train', { state: 'idle', slot: null, error: `Training was interrupted: the worker stopped (${reason}).` });
      await hello();
      if (stale()) return;
      const { dataset, task, split } = get().seq;
      await worker.call({ kind: 'loadData', dataset, task, split }).catch(() => undefined);
      if (stale()) return;
      await a.ensureModels();
      if (stale()) return;
      const n = Object.values(get().models.slots).filter((s) => s.status === 'ready').length;
      const now = get().worker.hello?.backend ?? null;
      patch('worker', { notice: upNotice(reason, d, now, n) });
    },
  };
  return { state, actions };
}
