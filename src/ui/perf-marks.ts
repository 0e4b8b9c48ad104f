/**
 * A User Timing mark for the page's first useful moment: `rrx:grid-ready`, set once, after the
 * paint that follows the first time every column of the grid shows a result for the current view
 * (nothing pending). `performance.getEntriesByName('rrx:grid-ready')[0].startTime` is then the
 * time from navigation to a page with heatmaps (read by `npm run bench:ui`; also visible in a
 * Chromium performance trace).
 */
import type { AppState, AppStore } from './store';

export const GRID_READY_MARK = 'rrx:grid-ready';

/**
 * Runs `fn` once the next frame has been rendered: a requestAnimationFrame callback runs just
 * before the frame's style, layout and paint, and a message posted from it is handled right after
 * them (the page's `afterPaint`: when the stroke-to-grid latency and the ready mark are taken).
 */
export function afterNextPaint(fn: () => void): void {
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      fn();
    };
    channel.port2.postMessage(null);
  });
}

/** True when every column shows a result of the current view version and nothing is pending. */
export function gridSettled(s: AppState, columns: (s: AppState) => { slot: string }[]): boolean {
  const cols = columns(s);
  return (
    cols.length > 0 &&
    Object.keys(s.grid.pending).length === 0 &&
    cols.every((c) => s.models.slots[c.slot]?.status === 'ready' && s.grid.results[c.slot]?.version === s.seq.version)
  );
}

/** Marks `rrx:grid-ready` (through `mark`) after the paint that follows the grid's first settling. */
export function markGridReady(store: AppStore, columns: (s: AppState) => { slot: string }[], afterPaint: (fn: () => void) => void, mark: (name: string) => void): void {
  let done = false;
  const check = (s: AppState) => {
    if (done || !gridSettled(s, columns)) return;
    done = true;
    unsubscribe();
    afterPaint(() => mark(GRID_READY_MARK));
  };
  const unsubscribe = store.subscribe(check);
  check(store.getState());
}
