/**
 * The e2e test API (tldraw style), installed on `window.__rrx` only when the page has `?test=1`.
 * It gives Playwright typed access to the worker protocol and a snapshot of the store. (Model files
 * go through the real file input in the tests: Playwright's setInputFiles passes their bytes.)
 */
import type { Kind, RequestOf, ResultOf } from '../protocol/messages';
import type { AppState, AppStore, Caller } from './store';

export interface RrxTestApi {
  /** Any protocol call, straight to the worker (supersession applies as for the UI). */
  call<K extends Kind>(req: RequestOf<K>): Promise<ResultOf<K>>;
  /** A snapshot of the store without its actions. */
  state(): Omit<AppState, 'actions'>;
}

declare global {
  interface Window {
    __rrx?: RrxTestApi;
  }
}

export function installTestApi(target: Window, worker: Caller, store: AppStore): void {
  const api: RrxTestApi = {
    call: (req) => worker.call(req),
    state: () => {
      const { actions: _actions, ...rest } = store.getState();
      return rest;
    },
  };
  target.__rrx = api;
}

