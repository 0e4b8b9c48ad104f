/**
 * The page's entry: starts the worker (the only place TF.js runs), connects the protocol client,
 * creates the store and renders the app. `?test=1` installs the e2e test API.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ProtocolClient } from './protocol/client';
import { App } from './ui/components/App';
import { createAppStore } from './ui/store';
import { StoreContext } from './ui/store-context';
import { installTestApi } from './ui/test-api';
import { parseUrlState } from './ui/url-state';
import './ui/styles.css';

const url = parseUrlState(location.search);
const worker = new Worker(new URL('./worker/main.ts', import.meta.url), { type: 'module', name: 'rrx-worker' });
const client = new ProtocolClient(worker);
const store = createAppStore(client);
worker.addEventListener('error', (e) => {
  store.setState((s) => ({ worker: { ...s.worker, status: 'error', error: e.message || 'the worker failed to start' } }));
});
if (url.test) installTestApi(window, client, store);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
void store.getState().actions.start(url);
