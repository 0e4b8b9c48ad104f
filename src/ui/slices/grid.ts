/**
 * The grid slice: rows are method specs, columns the models (models slice). Every change of the
 * sequence, the methods or a column's model re-runs the grid in the worker: one batched
 * `explainGrid` request per model with all methods; a newer request for the same model supersedes
 * the pending one (protocol groupOf), so stale results never land. The page never waits for it.
 */
import { WorkerCallError, isSuperseded } from '../../protocol/errors';
import { message, type AppState, type SliceContext } from '../store';
import { columnsOf } from './models';

/** Latencies kept for the measurement script. */
const LATENCY_KEEP = 200;

export function createGridSlice(ctx: SliceContext) {
  const { get, set, patch, worker, deps } = ctx;

  const withEntry = <K extends 'results' | 'pending' | 'errors'>(key: K, slot: string, value: AppState['grid'][K][string] | undefined) =>
    set((s) => {
      const next = { ...s.grid[key] } as Record<string, unknown>;
      if (value === undefined) delete next[slot];
      else next[slot] = value;
      return { grid: { ...s.grid, [key]: next } };
    });

  /** Records the stroke-to-grid latency once every ready column shows the stroke's version. */
  const checkLatency = () => {
    const s = get();
    const end = s.seq.strokeEnd;
    if (!end) return;
    const ready = columnsOf(s).filter((c) => s.models.slots[c.slot]?.status === 'ready');
    if (!ready.length || !ready.every((c) => (s.grid.results[c.slot]?.version ?? -1) >= end.version)) return;
    patch('seq', { strokeEnd: null });
    deps.afterPaint(() => patch('grid', { latencies: [...get().grid.latencies.slice(-(LATENCY_KEEP - 1)), deps.now() - end.t] }));
  };

  /**
   * Runs the grid for every ready column (or `only` these). `throttle` (while a stroke is being
   * drawn): skip a model that is still computing, so that at most one request per model is in
   * flight and the stroke's final request does not queue behind several intermediate ones; when
   * its result lands, the newest pixels are sent (the grid follows the pen).
   * `onlyStale`: skip a model whose result or pending request already has the current version.
   */
  const refreshGrid = (only?: string[], opts: { throttle?: boolean; onlyStale?: boolean } = {}) => {
    const s = get();
    const px = s.seq.pixels;
    if (!px || !s.grid.methods.length) return;
    for (const col of columnsOf(s)) {
      if (only && !only.includes(col.slot)) continue;
      if (s.models.slots[col.slot]?.status !== 'ready') continue;
      const { version, label, mask } = s.seq;
      if (opts.throttle && s.grid.pending[col.slot] !== undefined) continue;
      if (opts.onlyStale && (s.grid.pending[col.slot] === version || s.grid.results[col.slot]?.version === version)) continue;
      withEntry('pending', col.slot, version);
      worker
        .call({ kind: 'explainGrid', slot: col.slot, pixels: px.slice(), label, mask, methods: s.grid.methods, version })
        .then((r) => {
          set((st) => {
            const pending = { ...st.grid.pending };
            if (pending[r.slot] === r.version) delete pending[r.slot];
            const { [r.slot]: _e, ...errors } = st.grid.errors;
            return { grid: { ...st.grid, results: { ...st.grid.results, [r.slot]: r }, pending, errors } };
          });
          // While drawing, the pen has usually moved on: ask at once for the newest pixels (the
          // model is free again), so the grid follows the stroke as fast as the worker allows,
          // with one request per model in flight and never a queue of stale ones.
          const now = get();
          if (now.seq.drawing && now.seq.version > r.version && now.grid.pending[r.slot] === undefined) refreshGrid([r.slot], { throttle: true });
          checkLatency();
        })
        .catch((err: unknown) => {
          if (isSuperseded(err) || (err instanceof WorkerCallError && err.code === 'cancelled')) return;
          withEntry('pending', col.slot, undefined);
          withEntry('errors', col.slot, message(err));
        });
    }
  };

  /** Methods changed: a new view version, and the grid again. */
  const setMethods = (methods: string[]) => {
    patch('grid', { methods });
    patch('seq', { version: get().seq.version + 1 });
    refreshGrid();
  };

  const state: AppState['grid'] = { methods: [], positiveOnly: false, results: {}, pending: {}, errors: {}, selected: null, latencies: [] };
  const actions = {
    refreshGrid,
    checkLatency,
    setMethods,
    toggleMethod(spec: string) {
      const m = get().grid.methods;
      if (m.includes(spec)) {
        if (m.length > 1) setMethods(m.filter((x) => x !== spec));
      } else setMethods([...m, spec]);
    },
    setPositiveOnly: (on: boolean) => patch('grid', { positiveOnly: on }),
    select: (method: string, slot: string) => patch('grid', { selected: { method, slot } }),
  };
  return { state, actions };
}
