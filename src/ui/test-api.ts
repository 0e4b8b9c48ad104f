/**
 * The e2e test API (tldraw style), installed on `window.__rrx` only when the page has `?test=1`.
 * It gives Playwright typed access to the worker protocol, a snapshot of the store, and hooks for
 * the robustness and latency checks. (Model files go through the real file input in the tests.)
 */
import type { Kind, RequestOf, ResultOf } from '../protocol/messages';
import type { Actions, AppState, AppStore, Caller } from './store';
import type { HostHistoryEntry } from './worker-host';

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
  /** Stroke-end → grid-painted latencies (ms) recorded so far. */
  latencies(): number[];
  /** The store's actions (what the controls call), for scripted sequences of edits. */
  actions(): Actions;
}

declare global {
  interface Window {
    __rrx?: RrxTestApi;
  }
}

export function installTestApi(target: Window, worker: Caller & { history?: readonly HostHistoryEntry[] }, store: AppStore, columns: (s: AppState) => { slot: string }[]): void {
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
    gridSettled: () => {
      const s = store.getState();
      const cols = columns(s);
      return (
        cols.length > 0 &&
        Object.keys(s.grid.pending).length === 0 &&
        cols.every((c) => s.models.slots[c.slot]?.status === 'ready' && s.grid.results[c.slot]?.version === s.seq.version)
      );
    },
    latencies: () => [...store.getState().grid.latencies],
    actions: () => store.getState().actions,
  };
  target.__rrx = api;
}
