/**
 * The page's browser history: the address bar's writer (a new entry for a change of sequence,
 * the current entry rewritten for anything else: history-policy.ts) and Back/Forward (popstate),
 * which show the sequence of the entry they land on.
 *
 * While Back/Forward's sequence is being restored, the view still shows the one before: an address
 * written then (the URL sync is debounced) would be pushed as a new entry after the one landed on
 * and cut off the Forward entries. So nothing is written until the store shows the restored
 * sequence (or the restore has ended, e.g. failed).
 */
import { historyMode, sequenceKey } from './history-policy';
import type { AppState } from './store';
import { urlStateOf } from './url-sync';
import { parseUrlState, type UrlState } from './url-state';

type HistoryLike = Pick<History, 'pushState' | 'replaceState'>;
type LocationLike = Pick<Location, 'pathname' | 'search' | 'hash'>;
type WindowLike = Pick<Window, 'addEventListener' | 'removeEventListener'> & { location: LocationLike };
/** What the history needs of the store. */
interface StoreLike {
  getState(): Pick<AppState, 'seq' | 'models' | 'grid' | 'view'> & { actions: { goTo(u: UrlState): Promise<void> } };
}

export interface HistorySync {
  /** The URL sync's writer: a view's query string into the history. */
  write(search: string): void;
  stop(): void;
}

export function historySync(store: StoreLike, h: HistoryLike, win: WindowLike): HistorySync {
  /** The sequence Back/Forward is restoring (no address is written until it is shown), or null. */
  let restoring: string | null = null;
  let pops = 0;
  const loc = win.location;

  const write = (search: string) => {
    if (restoring !== null) {
      if (sequenceKey(parseUrlState(search)) !== restoring) return; // the view from before the restore
      restoring = null;
    }
    const url = `${loc.pathname}${search}${loc.hash}`;
    if (historyMode(loc.search, search) === 'push') h.pushState(null, '', url);
    else h.replaceState(null, '', url);
  };

  const onPop = async () => {
    const s = store.getState();
    if (s.seq.pixels === null) return; // still opening the first sequence
    const u = parseUrlState(loc.search);
    const key = sequenceKey(u);
    if (key === sequenceKey(urlStateOf(s as AppState, { backend: null, test: false }))) return;
    restoring = key;
    const mine = ++pops;
    await s.actions.goTo(u);
    if (mine === pops) restoring = null; // shown, or failed: the address follows the view again
  };
  const listener = () => void onPop();
  win.addEventListener('popstate', listener);
  return { write, stop: () => win.removeEventListener('popstate', listener) };
}
