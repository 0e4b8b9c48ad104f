/**
 * The cache of backend measurements (backend-choice.ts ChoiceEntry), one entry per device key, in
 * the browser's IndexedDB (database `rrx-backend`, store `choices`), opened from the worker. Where
 * IndexedDB cannot be opened the cache lives for the worker's lifetime only (a memory map): the
 * page then measures on every load, and says so (not "measured earlier").
 */
import type { ChoiceEntry } from './backend-choice';

export interface ChoiceStore {
  get(key: string): Promise<ChoiceEntry | null>;
  put(entry: ChoiceEntry): Promise<void>;
}

export function memoryChoiceStore(): ChoiceStore {
  const m = new Map<string, ChoiceEntry>();
  return {
    get: async (key) => m.get(key) ?? null,
    put: async (e) => {
      m.set(e.key, e);
    },
  };
}

const DB = 'rrx-backend';
const STORE = 'choices';

const done = <T>(r: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });

/** The IndexedDB store, or a memory store when IndexedDB is missing or refuses to open. */
export async function openChoiceStore(): Promise<ChoiceStore> {
  if (typeof indexedDB === 'undefined') return memoryChoiceStore();
  let db: IDBDatabase;
  try {
    const open = indexedDB.open(DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: 'key' });
    db = await done(open);
  } catch {
    return memoryChoiceStore();
  }
  return {
    async get(key) {
      const e = (await done(db.transaction(STORE).objectStore(STORE).get(key))) as ChoiceEntry | undefined;
      return e && e.version === 1 && e.key === key ? e : null;
    },
    async put(entry) {
      const tx = db.transaction(STORE, 'readwrite');
      tx.objectStore(STORE).put(entry);
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
      });
    },
  };
}
