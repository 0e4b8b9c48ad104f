/**
 * The e2e test API (tldraw style), installed on `window.__rrx` only when the page has `?test=1`.
 * It gives Playwright typed access to the worker protocol, a snapshot of the store, and hooks for
 * the robustness and latency checks. (Model files go through the real file input in the tests.)
 */
import type { Kind, RequestOf, ResultOf } from '../protocol/messages';
import type { Actions, AppState, AppStore, Caller } from './store';
import { gridSettled } from './perf-marks';
import type { HostHistoryEntry } from './worker-host';
import type { GridMirror } from './grid-mirror';

export interface RrxTestApi {
  /** Any protocol call, straight to the worker (supersession applies as for the UI). */
  call<K extends Kind>(req: RequestOf<K>): Promise<ResultOf<K>>;
  /** A snapshot of the store without its actions. */
  state(): Omit<AppState, 'actions'>;
  /** tf.memory() of the worker: numTensors, numBytes, and its model slots. */
  memory(): Promise<ResultOf<'memory'>>;
  /** Throws an uncaught error inside the worker (the page must restart it). */
  crashWorker(message?: string): Promise<void>;
  /** Destroys the worker's WebGPU device: a real device loss (rejects when not on webgpu). */
  loseGpuDevice(): Promise<void>;
  /** The worker host's downs and ups with the restart policy's decisions (empty without a host). */
  workerHistory(): HostHistoryEntry[];
  /** True when every column's grid result shows the current view version and nothing is pending. */
  gridSettled(): boolean;
  /** Every grid result that landed in the store (page clock, ms), oldest first (the last 2,000). */
  gridLog(): GridLogEntry[];
  /** How many calls of each kind the store made since the page opened (explainGrid: the grid's requests). */
  requestCounts(): Partial<Record<Kind, number>>;
  /** Stroke-end → grid-painted latencies (ms) recorded so far. */
  latencies(): number[];
  /** The store's actions (what the controls call), for scripted sequences of edits. */
  actions(): Actions;
  /** The grid's second worker (grid-mirror.ts): whether it is on, why not, and the slots it explains. */
  mirror(): { on: boolean; offReason: string | null; slots: string[] };
  /** tf.memory() of the second grid worker (null when it is off). */
  mirrorMemory(): Promise<ResultOf<'memory'> | null>;
}

/** A grid result as it landed: its column, view version, the worker's own time for it and when it landed. */
export interface GridLogEntry {
  slot: string;
  version: number;
  /** The worker's explainGrid time (GridResult.ms). */
  ms: number;
  /** performance.now() of the page when the result was in the store. */
  t: number;
}

declare global {
  interface Window {
    __rrx?: RrxTestApi;
  }
}

/** A Caller that counts the calls made through it, per kind (the store's calls, for the test API). */
export function countingCaller(inner: Caller): { caller: Caller; counts: Partial<Record<Kind, number>> } {
  const counts: Partial<Record<Kind, number>> = {};
  return {
    counts,
    caller: {
      call: (req, opts) => {
        counts[req.kind] = (counts[req.kind] ?? 0) + 1;
        return inner.call(req, opts);
      },
    },
  };
}

export function installTestApi(
  target: Window,
  worker: Caller & { history?: readonly HostHistoryEntry[] },
  store: AppStore,
  columns: (s: AppState) => { slot: string }[],
  counts: Partial<Record<Kind, number>> = {},
  mirror: GridMirror | null = null,
): void {
  const gridLog: GridLogEntry[] = [];
  store.subscribe((s, prev) => {
    if (s.grid.results === prev.grid.results) return;
    for (const [slot, r] of Object.entries(s.grid.results)) {
      if (prev.grid.results[slot] !== r) gridLog.push({ slot, version: r.version, ms: r.ms, t: performance.now() });
    }
    if (gridLog.length > 2000) gridLog.splice(0, gridLog.length - 2000);
  });
  const api: RrxTestApi = {
    call: (req) => worker.call(req),
    state: () => {
      const { actions: _actions, ...rest } = store.getState();
      return rest;
    },
    memory: () => worker.call({ kind: 'memory' }),
    crashWorker: async (message = 'simulated crash (test API)') => {
      await worker.call({ kind: 'crash', message });
    },
    loseGpuDevice: async () => {
      await worker.call({ kind: 'crash', message: 'device loss (test API)', deviceLoss: true });
    },
    workerHistory: () => (worker.history ?? []).map((e) => ({ ...e })),
    gridSettled: () => gridSettled(store.getState(), columns),
    gridLog: () => gridLog.map((e) => ({ ...e })),
    requestCounts: () => ({ ...counts }),
    latencies: () => [...store.getState().grid.latencies],
    actions: () => store.getState().actions,
    mirror: () => ({
      on: mirror?.second != null,
      offReason: mirror?.offReason ?? null,
      slots: Object.keys(store.getState().models.slots).filter((slot) => mirror?.explainsOnSecondary(slot) ?? false),
    }),
    mirrorMemory: async () => (mirror?.second ? mirror.second.call({ kind: 'memory' }) : null),
  };
  target.__rrx = api;
}
