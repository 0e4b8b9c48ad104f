/**
 * Early fetches for the page's first grid. The bundled model files of the columns the URL asks for
 * are known as soon as models/index.json is read, long before the worker has chosen its backend and
 * the store asks for them: fetched then, the bytes are waiting when the models are loaded.
 *
 * A prefetched file is handed out once (its buffer is transferred to the worker, so it cannot be
 * handed out twice); every later request for it, and every request for another file, is a fresh
 * fetch. A prefetch that failed hands out its error, as the fetch would have.
 */
import type { PresetId } from '../../core/cells/presets';
import type { DatasetId, TaskId } from '../../protocol/messages';
import type { BundleIndex } from './bundle-index';
import { columnsFor } from '../slices/models';

export interface Prefetcher {
  /** Starts fetching these files now (a file already waiting is not fetched twice). */
  prefetch(urls: readonly string[]): void;
  /** The file's bytes: the prefetched ones (once), else a fresh fetch. */
  fetchBytes(url: string): Promise<Uint8Array>;
  /** Files fetched ahead and not handed out yet. */
  waiting(): string[];
}

export function createPrefetcher(fetchBytes: (url: string) => Promise<Uint8Array>): Prefetcher {
  const early = new Map<string, Promise<Uint8Array>>();
  return {
    prefetch(urls) {
      for (const u of urls) {
        if (early.has(u)) continue;
        const p = fetchBytes(u);
        p.catch(() => undefined); // handed out (with its error) when asked for; never unhandled
        early.set(u, p);
      }
    },
    fetchBytes(url) {
      const p = early.get(url);
      if (!p) return fetchBytes(url);
      early.delete(url);
      return p;
    },
    waiting: () => [...early.keys()],
  };
}

/** The bundled model files (model.json, weights.bin) of the first grid's columns for this view. */
export function firstGridFiles(bundle: BundleIndex, view: { arch: readonly PresetId[]; dataset: DatasetId; task: TaskId }): string[] {
  if (bundle.status !== 'ready') return [];
  return columnsFor({ arch: view.arch, user: [], bundle, dataset: view.dataset, task: view.task }).flatMap((c) => (c.bundle ? [`${c.bundle.url}model.json`, `${c.bundle.url}weights.bin`] : []));
}
