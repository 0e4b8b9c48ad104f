/**
 * A ReadBytes over HTTP for the browser and the worker: `fetchReader('/data/')` reads
 * public/data as Vite serves it. Pair with `loadDataset(reader, name, { compressed: true })` to
 * download the gzip copies (load.ts handles servers that decode `.gz` themselves).
 */
import type { ReadBytes } from './load';

/** fetch-like: only the part of the Fetch API this reader uses. */
export type FetchLike = (url: string) => Promise<{ ok: boolean; status: number; arrayBuffer(): Promise<ArrayBuffer> }>;

/** Reads `<baseUrl>/<relPath>`; an HTTP error becomes an Error naming the URL. */
export function fetchReader(baseUrl: string, fetchFn: FetchLike = (u) => fetch(u)): ReadBytes {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return async (relPath) => {
    const url = base + relPath;
    const res = await fetchFn(url);
    if (!res.ok) {
      throw new Error(`${url}: HTTP ${res.status}${res.status === 404 ? ' (the prepared data is missing: run `npm install`, which writes public/data)' : ''}`);
    }
    return new Uint8Array(await res.arrayBuffer());
  };
}
