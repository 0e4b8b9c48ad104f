/**
 * The faithfulness slice (issue 14, part 2): the panel opened from a grid cell that shows the region
 * perturbation curves of that cell's model (every method of the grid, the random reference) or the
 * cascading randomisation of its layers, stage by stage, for the sequence the grid explains. The
 * worker computes both (`perturbation`, `randomisation` calls); a result is kept with the key of its
 * request (model, sequence version, methods, options), so the panel asks again only when one of
 * them changed. A newer request of the same kind supersedes the pending one (the protocol's groups),
 * and closing the panel cancels it.
 */
import { isSuperseded, WorkerCallError } from '../../protocol/errors';
import type { JobProgress, PerturbationCurves, PerturbationFillId, RandomisationStages } from '../../protocol/messages';
import { message, type AppState, type SliceContext } from '../store';

export type FaithTool = 'perturbation' | 'randomisation';

/** A job of the panel: the key of the request its result (or the run in flight) belongs to. */
export interface FaithJob<R> {
  /** Key of the request now running, or null. */
  running: string | null;
  progress: JobProgress | null;
  /** Key of `result` (or of `error`). */
  key: string | null;
  result: R | null;
  error: string | null;
}

export interface FaithOptions {
  fill: PerturbationFillId;
  /** Patch side in pixels (must divide 28 and the model's width). */
  patch: number;
  /** Patches removed, L (capped at the number of patches by the worker). */
  steps: number;
  /** Seeded random orders; their mean is the reference. */
  randomOrders: number;
  /** Seeds the re-initialised weights of the randomisation. */
  seed: number;
}

export interface FaithState {
  /** The panel: which tool, for which cell (model slot and method); null when closed. */
  open: { tool: FaithTool; slot: string; method: string } | null;
  options: FaithOptions;
  perturbation: FaithJob<PerturbationCurves>;
  randomisation: FaithJob<RandomisationStages> & { stage: number };
}

export interface FaithActions {
  /** Opens the panel on a tool for a grid cell (and computes, unless the result is current). */
  openFaith(tool: FaithTool, slot: string, method: string): void;
  /** Closes the panel; a job in flight is cancelled. */
  closeFaith(): void;
  setFaithOptions(patch: Partial<FaithOptions>): void;
  /** Computes the open tool's result for the current sequence when it is not current (no-op while drawing). */
  runFaith(): void;
  /** Shows stage `stage` of the randomisation (0: the original model). */
  setStage(stage: number): void;
}

/**
 * The defaults of the panel: 4 × 4 patches replaced by the background (the thesis code's region
 * perturbation, thesis-code-facts.md §7.5), L = 30 of the 147 patches of a MAJ sequence, 8 random
 * orders for the reference.
 */
export const DEFAULT_FAITH_OPTIONS: FaithOptions = { fill: 'background', patch: 4, steps: 30, randomOrders: 8, seed: 1 };

const idle = <R>(): FaithJob<R> => ({ running: null, progress: null, key: null, result: null, error: null });

/** The identity of a request: a result is current when its key is the one the state now asks for. */
export function faithKey(s: Pick<AppState, 'faith' | 'seq' | 'grid' | 'models'>, tool: FaithTool): string | null {
  const o = s.faith.open;
  if (!o || !s.seq.pixels || s.grid.methods.length === 0) return null;
  // The model in the slot: another one (a bundled model replacing random weights) asks again.
  const m = s.models.slots[o.slot]?.summary;
  const common = [o.slot, m ? `${m.source}:${m.detail}` : '', s.seq.version, s.seq.label ?? 'pred', s.grid.methods.join(',')];
  const opt = s.faith.options;
  return (tool === 'perturbation' ? [...common, opt.fill, opt.patch, opt.steps, opt.randomOrders] : [...common, opt.seed]).join('|');
}

export function createFaithSlice(ctx: SliceContext) {
  const { get, set, worker } = ctx;
  const controllers: Partial<Record<FaithTool, AbortController>> = {};
  const job = <T extends FaithTool>(tool: T, p: Partial<AppState['faith'][T]>) =>
    set((s) => ({ faith: { ...s.faith, [tool]: { ...s.faith[tool], ...p } } }));

  const cancel = (tool: FaithTool) => {
    controllers[tool]?.abort();
    delete controllers[tool];
  };

  const run = async (tool: FaithTool) => {
    const s = get();
    const key = faithKey(s, tool);
    const open = s.faith.open;
    if (!key || !open || !s.seq.pixels || s.seq.drawing) return;
    const cur = s.faith[tool];
    // Current (or coming): nothing to do. A failed request is asked again (Try again, or any change).
    if (cur.running === key || (cur.running === null && cur.key === key && cur.error === null)) return;
    cancel(tool);
    const ac = new AbortController();
    controllers[tool] = ac;
    job(tool, { running: key, progress: null });
    const common = { slot: open.slot, pixels: s.seq.pixels.slice(), label: s.seq.label, methods: [...s.grid.methods], version: s.seq.version };
    const opts = { signal: ac.signal, onProgress: (p: JobProgress) => get().faith[tool].running === key && job(tool, { progress: p }) };
    try {
      if (tool === 'perturbation') {
        const o = s.faith.options;
        const r = await worker.call({ kind: 'perturbation', ...common, fill: o.fill, patch: o.patch, steps: o.steps, randomOrders: o.randomOrders }, opts);
        if (get().faith.perturbation.running === key) job('perturbation', { running: null, progress: null, key, result: r, error: null });
      } else {
        const r = await worker.call({ kind: 'randomisation', ...common, seed: s.faith.options.seed }, opts);
        if (get().faith.randomisation.running === key) {
          const stage = Math.min(get().faith.randomisation.stage, r.layers.length);
          job('randomisation', { running: null, progress: null, key, result: r, error: null, stage });
        }
      }
    } catch (err) {
      // Superseded by a newer request or cancelled here (closed, or the sequence changed): that one answers.
      if (isSuperseded(err) || (err instanceof WorkerCallError && err.code === 'cancelled' && ac.signal.aborted)) {
        if (get().faith[tool].running === key) job(tool, { running: null, progress: null });
        return;
      }
      // Anything else (the worker failed and restarts, a refused request) is shown with its message.
      if (get().faith[tool].running === key) job(tool, { running: null, progress: null, key, result: null, error: message(err) });
    } finally {
      if (controllers[tool] === ac) delete controllers[tool];
    }
  };

  const state: FaithState = {
    open: null,
    options: { ...DEFAULT_FAITH_OPTIONS },
    perturbation: idle(),
    randomisation: { ...idle<RandomisationStages>(), stage: 1 },
  };

  const actions: FaithActions = {
    openFaith(tool, slot, method) {
      const f = get().faith;
      set({ faith: { ...f, open: { tool, slot, method } } });
      void run(tool);
    },
    closeFaith() {
      cancel('perturbation');
      cancel('randomisation');
      const f = get().faith;
      set({ faith: { ...f, open: null, perturbation: { ...f.perturbation, running: null, progress: null }, randomisation: { ...f.randomisation, running: null, progress: null } } });
    },
    setFaithOptions(patch) {
      const f = get().faith;
      set({ faith: { ...f, options: { ...f.options, ...patch } } });
      if (f.open) void run(f.open.tool);
    },
    runFaith() {
      const open = get().faith.open;
      if (open) void run(open.tool);
    },
    setStage(stage) {
      const r = get().faith.randomisation;
      const max = r.result?.layers.length ?? 0;
      job('randomisation', { stage: Math.max(0, Math.min(max, Math.round(stage))) });
    },
  };
  return { state, actions };
}
