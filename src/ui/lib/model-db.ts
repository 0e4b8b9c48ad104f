/**
 * Models kept in this browser (IndexedDB database "rrx", store "models"): every model trained in
 * the page (saved when training completes and when it is stopped) and every uploaded file pair, as
 * the documented file pair (model.json + weights.bin bytes) plus a few fields for listing.
 * `memoryModelDb` is the same interface in memory (Node tests, browsers without IndexedDB).
 */
export interface StoredModelInfo {
  id: string;
  /** Display name, e.g. "Deep · MNIST-MAJ · 500 seq". */
  name: string;
  preset: string;
  source: 'trained' | 'file';
  /** ISO date. */
  created: string;
}

export interface StoredModel extends StoredModelInfo {
  json: Uint8Array;
  weights: Uint8Array;
}

export interface ModelDb {
  list(): Promise<StoredModelInfo[]>;
  get(id: string): Promise<StoredModel | undefined>;
  put(m: StoredModel): Promise<void>;
  delete(id: string): Promise<void>;
}

const info = ({ id, name, preset, source, created }: StoredModel): StoredModelInfo => ({ id, name, preset, source, created });

export function memoryModelDb(): ModelDb {
  const all = new Map<string, StoredModel>();
  return {
    list: async () => [...all.values()].map(info).sort((a, b) => a.created.localeCompare(b.created)),
    get: async (id) => all.get(id),
    put: async (m) => void all.set(m.id, m),
    delete: async (id) => void all.delete(id),
  };
}

const DB = 'rrx';
const STORE = 'models';

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

/** The IndexedDB store; falls back to memory (with `persistent: false`) where IndexedDB cannot open. */
export async function openModelDb(factory: IDBFactory | undefined = globalThis.indexedDB): Promise<ModelDb & { persistent: boolean }> {
  if (!factory) return { ...memoryModelDb(), persistent: false };
  let db: IDBDatabase;
  try {
    const open = factory.open(DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: 'id' });
    db = await request(open);
  } catch {
    return { ...memoryModelDb(), persistent: false };
  }
  const tx = (mode: IDBTransactionMode) => db.transaction(STORE, mode).objectStore(STORE);
  const done = (t: IDBObjectStore) =>
    new Promise<void>((resolve, reject) => {
      t.transaction.oncomplete = () => resolve();
      t.transaction.onerror = () => reject(t.transaction.error ?? new Error('IndexedDB write failed'));
    });
  return {
    persistent: true,
    list: async () => ((await request(tx('readonly').getAll())) as StoredModel[]).map(info).sort((a, b) => a.created.localeCompare(b.created)),
    get: async (id) => (await request(tx('readonly').get(id))) as StoredModel | undefined,
    put: async (m) => {
      const s = tx('readwrite');
      s.put(m);
      await done(s);
    },
    delete: async (id) => {
      const s = tx('readwrite');
      s.delete(id);
      await done(s);
    },
  };
}
