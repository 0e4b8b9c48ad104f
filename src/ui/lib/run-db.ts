/**
 * The training run in progress, kept in this browser (IndexedDB database "rrx-run", store "runs",
 * one record under the key "current") so that a reload or a worker failure does not lose it: after
 * every epoch the worker's checkpoint (model.json, weights.bin, checkpoint.json, optimizer.bin; the
 * CLI's files, docs/model-format.md) replaces the record, with the form that started the run and
 * its curve; the record is deleted when the run ends (the model is then saved as a browser model).
 * `memoryRunDb` is the same interface in memory (Node tests, browsers without IndexedDB).
 */
import type { TrainCheckpointFiles } from '../../protocol/messages';
import type { CurvePoint, TrainForm } from '../store';

export interface SavedRun {
  /** The run's id: its model is saved as a browser model under this id (slot `u:<id>`). */
  id: string;
  form: TrainForm;
  /** Epochs done at the checkpoint. */
  epoch: number;
  /** Steps done at the checkpoint. */
  iteration: number;
  /** Wall time of the training so far (seconds, pauses not counted). */
  elapsedSeconds: number;
  /** The curves up to the checkpoint. */
  curve: CurvePoint[];
  /** ISO date of the checkpoint. */
  saved: string;
  files: TrainCheckpointFiles;
}

export interface RunDb {
  /** False when the run is kept in memory only (no IndexedDB): a reload loses it. */
  readonly persistent: boolean;
  get(): Promise<SavedRun | undefined>;
  put(run: SavedRun): Promise<void>;
  clear(): Promise<void>;
}

export function memoryRunDb(): RunDb {
  let run: SavedRun | undefined;
  return {
    persistent: false,
    get: async () => run,
    put: async (r) => void (run = r),
    clear: async () => void (run = undefined),
  };
}

const DB = 'rrx-run';
const STORE = 'runs';
const KEY = 'current';

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

/** The IndexedDB store; in memory where IndexedDB cannot open (a reload then loses the run). */
export async function openRunDb(factory: IDBFactory | undefined = globalThis.indexedDB): Promise<RunDb> {
  if (!factory) return memoryRunDb();
  let db: IDBDatabase;
  try {
    const open = factory.open(DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE);
    db = await request(open);
  } catch {
    return memoryRunDb();
  }
  const write = (fn: (s: IDBObjectStore) => void) =>
    new Promise<void>((resolve, reject) => {
      const t = db.transaction(STORE, 'readwrite');
      fn(t.objectStore(STORE));
      t.oncomplete = () => resolve();
      t.onerror = () => reject(t.error ?? new Error('IndexedDB write failed'));
    });
  return {
    persistent: true,
    get: async () => (await request(db.transaction(STORE, 'readonly').objectStore(STORE).get(KEY))) as SavedRun | undefined,
    put: (run) => write((s) => s.put(run, KEY)),
    clear: () => write((s) => s.delete(KEY)),
  };
}
