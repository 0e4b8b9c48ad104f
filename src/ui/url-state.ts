/**
 * The page's URL parameters, parsed in one place (after TF Playground's state table):
 *   ?backend=webgpu|webgl|wasm|cpu  force a TF.js backend in the worker
 *   ?dataset=mnist|fashion          the dataset shown first
 *   ?index=N                        the sample shown first
 *   ?test=1                         expose the test API (window.__rrx) for the e2e tests
 * Unknown or malformed values fall back to the defaults.
 */
import { BACKEND_NAMES, DATASET_IDS, type BackendName, type DatasetId } from '../protocol/messages';

export interface UrlState {
  backend: BackendName | null;
  dataset: DatasetId;
  index: number;
  test: boolean;
}

export const DEFAULT_URL_STATE: Readonly<UrlState> = { backend: null, dataset: 'mnist', index: 0, test: false };

export function parseUrlState(search: string): UrlState {
  const q = new URLSearchParams(search);
  const pick = <T extends string>(key: string, list: readonly T[]): T | null => {
    const v = q.get(key);
    return v !== null && (list as readonly string[]).includes(v) ? (v as T) : null;
  };
  const index = Number(q.get('index'));
  return {
    backend: pick('backend', BACKEND_NAMES),
    dataset: pick('dataset', DATASET_IDS) ?? DEFAULT_URL_STATE.dataset,
    index: q.has('index') && Number.isInteger(index) && index >= 0 ? index : DEFAULT_URL_STATE.index,
    test: q.get('test') === '1',
  };
}
