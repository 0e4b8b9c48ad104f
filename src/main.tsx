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
import { columnsOf } from './ui/slices/models';
import { createAppStore, type AppStore } from './ui/store';
import { StoreContext } from './ui/store-context';
import { installTestApi } from './ui/test-api';
import { syncUrl } from './ui/url-sync';
import { parseUrlState } from './ui/url-state';
import { WorkerHost } from './ui/worker-host';
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

const db = await openModelDb();
store = createAppStore(host, {
  loadBundleIndex,
  fetchBytes,
  db,
  persistent: db.persistent,
  download: downloadBytes,
  afterPaint: (fn) => requestAnimationFrame(() => requestAnimationFrame(fn)),
  now: () => performance.now(),
  newId: (prefix) => `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36).padStart(2, '0')}`,
});
if (url.test) installTestApi(window, host, store, columnsOf);
syncUrl(store, url, (search) => history.replaceState(null, '', `${location.pathname}${search}${location.hash}`));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
void store.getState().actions.start(url);
