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

/**
 * While a stroke is drawn, a model is asked for the newest pixels at most once per this many ms
 * (about 15 grid updates a second per column; the target is ≥ 10). Asking again the moment a result
 * lands kept the worker busy all the time: at the stroke's end it was usually still computing a
 * stale request that the final one had to wait for, and it took a core from the page's rendering.
 * The stroke's final request is never paced (endStroke).
 */
export const LIVE_INTERVAL_MS = 66;

export function createGridSlice(ctx: SliceContext) {
  const { get, set, patch, worker, deps } = ctx;
  /** When each model was last asked (deps.now), and its paced live request waiting for its turn. */
  const lastSent: Record<string, number> = {};
  const liveTimers: Record<string, ReturnType<typeof setTimeout>> = {};

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
   * its result lands, the newest pixels are sent (the grid follows the pen), paced to one request per
   * LIVE_INTERVAL_MS per model (`paced: false`: the paced turn has come).
   * `onlyStale`: skip a model whose result or pending request already has the current version.
   */
  const refreshGrid = (only?: string[], opts: { throttle?: boolean; onlyStale?: boolean; paced?: boolean } = {}) => {
    const s = get();
    const px = s.seq.pixels;
    if (!px || !s.grid.methods.length) return;
    for (const col of columnsOf(s)) {
      if (only && !only.includes(col.slot)) continue;
      if (s.models.slots[col.slot]?.status !== 'ready') continue;
      const { version, label, mask } = s.seq;
      if (opts.throttle && s.grid.pending[col.slot] !== undefined) continue;
      if (opts.onlyStale && (s.grid.pending[col.slot] === version || s.grid.results[col.slot]?.version === version)) continue;
      if (opts.throttle && opts.paced !== false) {
        const wait = LIVE_INTERVAL_MS - (deps.now() - (lastSent[col.slot] ?? -Infinity));
        if (wait > 0) {
          const slot = col.slot;
          liveTimers[slot] ??= setTimeout(() => {
            delete liveTimers[slot];
            // Sent unless the stroke has ended meanwhile (endStroke asked for its last pixels).
            if (get().seq.drawing) refreshGrid([slot], { throttle: true, paced: false });
          }, wait);
          continue;
        }
      }
      lastSent[col.slot] = deps.now();
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
