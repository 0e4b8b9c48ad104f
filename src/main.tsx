/**
 * The page's entry: starts the worker (the only place TF.js runs) behind a restartable host,
 * creates the store with the page's services (bundled model index, IndexedDB, downloads), keeps
 * the URL in step with the view and renders the app. `?test=1` installs the e2e test API.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/components/App';
import { parseBundleIndex, type BundleIndex } from './ui/lib/bundle-index';
import { downloadBytes } from './ui/lib/download';
import { openModelDb } from './ui/lib/model-db';
import { openRunDb } from './ui/lib/run-db';
import { createPrefetcher, firstGridFiles } from './ui/lib/prefetch';
import { columnsOf } from './ui/slices/models';
import { createAppStore, type AppStore } from './ui/store';
import { StoreContext } from './ui/store-context';
import { afterNextPaint, markGridReady } from './ui/perf-marks';
import { countingCaller, installTestApi } from './ui/test-api';
import { historySync } from './ui/history-sync';
import { syncUrl } from './ui/url-sync';
import { parseUrlState } from './ui/url-state';
import { WorkerHost } from './ui/worker-host';
import { GridMirror } from './ui/grid-mirror';
import './ui/styles.css';

const url = parseUrlState(location.search);
const base = new URL(import.meta.env.BASE_URL, location.origin);
const indexUrl = new URL('models/index.json', base).href;

async function fetchBytes(u: string): Promise<Uint8Array> {
  const r = await fetch(u);
  if (!r.ok) throw new Error(`${new URL(u).pathname}: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

async function loadBundleIndex(): Promise<BundleIndex> {
  try {
    const r = await fetch(indexUrl, { cache: 'no-cache' });
    if (!r.ok) return { status: 'missing', message: `models/index.json: HTTP ${r.status}` };
    return parseBundleIndex(await r.text(), indexUrl);
  } catch (err) {
    return { status: 'missing', message: `models/index.json could not be fetched (${err instanceof Error ? err.message : String(err)})` };
  }
}

// The model index is read, and the first grid's bundled model files fetched, from the start: the
// store finds them waiting once the worker has chosen its backend (./ui/lib/prefetch.ts).
const prefetcher = createPrefetcher(fetchBytes);
const firstIndex = loadBundleIndex().then((b) => {
  prefetcher.prefetch(firstGridFiles(b, url));
  return b;
});
let indexHandedOut = false;
/** The index read at start-up (once), a fresh read afterwards. */
const bundleIndex = (): Promise<BundleIndex> => {
  if (indexHandedOut) return loadBundleIndex();
  indexHandedOut = true;
  return firstIndex;
};

let store: AppStore | null = null;
const host = new WorkerHost(
  () => new Worker(new URL('./worker/main.ts', import.meta.url), { type: 'module', name: 'rrx-worker' }),
  // Down: the status bar says what happens next; up (after the back-off): hello and reload the models.
  (ev) => {
    const a = store?.getState().actions;
    if (ev.type === 'down') a?.workerDown(ev.reason, ev.decision);
    else void a?.recover(ev.reason, ev.decision);
  },
);

// The grid's second worker (./ui/grid-mirror.ts), with ?mirror=1: on a CPU backend with two or more
// cores it holds copies of the models and explains every other column in parallel with the first.
// Off by default: on a 2-core machine the two workers and the page's rendering contend for the cores
// and the stroke-to-grid latency got worse (docs/benchmarks.md). Without a GPU backend in this
// browser (no navigator.gpu, or ?backend=wasm|cpu) it starts at once, beside the first; otherwise
// after the first worker's hello, if that chose a CPU backend.
const mirror = new GridMirror(host, {
  cores: navigator.hardwareConcurrency ?? 1,
  start: () =>
    url.mirror
      ? new WorkerHost(
          () => new Worker(new URL('./worker/main.ts', import.meta.url), { type: 'module', name: 'rrx-grid-worker' }),
          (ev) => {
            if (ev.type === 'down') mirror.switchOff(`the second grid worker stopped (${ev.reason})`);
          },
        )
      : null,
});
const cpuOnly = url.backend === 'wasm' || url.backend === 'cpu' ? url.backend : url.backend === null && !('gpu' in navigator) ? 'wasm' : null;
if (cpuOnly) mirror.prestart(cpuOnly);

// While the page opens its databases, the worker already chooses its backend and fetches the test
// images: the store's own hello and loadData (the same requests) then find them done or under way.
void mirror.call({ kind: 'hello', backend: url.backend, avoid: [], ...(url.candidates ? { candidates: url.candidates } : {}), methods: url.methods }).catch(() => undefined);
void host.call({ kind: 'loadData', dataset: url.dataset, task: url.task, split: 'test' }).catch(() => undefined);

const [db, runs] = await Promise.all([openModelDb(), openRunDb()]);
// With ?test=1 the store's calls are counted for the test API (the coalescing of grid requests).
const counted = url.test ? countingCaller(mirror) : null;
store = createAppStore(counted?.caller ?? mirror, {
  loadBundleIndex: bundleIndex,
  fetchBytes: prefetcher.fetchBytes,
  db,
  persistent: db.persistent,
  download: downloadBytes,
  afterPaint: afterNextPaint,
  now: () => performance.now(),
  newId: (prefix) => `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36).padStart(2, '0')}`,
  runs,
});
if (url.test) installTestApi(window, host, store, columnsOf, counted?.counts, mirror);
markGridReady(store, columnsOf, afterNextPaint, (name) => performance.mark(name));
// A new history entry for another sequence (Back/Forward move between sequences), the current one rewritten otherwise.
syncUrl(store, url, historySync(store, history, window).write);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
void store.getState().actions.start(url);
