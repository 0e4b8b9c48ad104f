/**
 * The models slice: which models are the grid's columns, and loading them into the worker's slots.
 * A column is an architecture (the bundled pretrained model for it on the current dataset, or
 * fresh seeded weights labelled "untrained (random weights)" when there is none) or a model of
 * this browser (trained in the page or uploaded; kept in IndexedDB).
 */
import type { PresetId } from '../../core/cells/presets';
import { isSuperseded, WorkerCallError } from '../../protocol/errors';
import type { DatasetId, ModelSummary, TaskId } from '../../protocol/messages';
import { fmtInt } from '../format';
import { bundledFor, type BundleIndex } from '../lib/bundle-index';
import { seqColumns } from '../lib/seq-columns';
import { taskOfWidth } from '../lib/task';
import { checkModelFiles, checkWeightsSize } from '../model-files';
import { message, type AppState, type Column, type NamedBlob, type SliceContext, type SlotState } from '../store';

/** Seed of the untrained columns' weights (the same random model on every visit). */
export const INIT_SEED = 1;
/** At most this many architecture columns. */
export const MAX_ARCH = 6;
/** Test sequences an evaluation runs on (a seeded subset). */
export const EVAL_LIMIT = 1000;

export interface ColumnInputs {
  arch: readonly PresetId[];
  user: readonly string[];
  bundle: BundleIndex | null;
  dataset: DatasetId;
  /** MAJ (default) or the sequence task. */
  task?: TaskId;
  /** The task a browser model reads, once known (its loaded model's width); null: not known yet. */
  userTask?: (id: string) => TaskId | null;
}

/**
 * The grid's columns (pure). MAJ: one per architecture (slot `b:<bundle id>` for its bundled model on
 * the dataset, else `i:<preset>` for seeded random weights); the sequence task: Shallow and Deep at
 * T = 1, 4, 7 (lib/seq-columns.ts). Then one per browser model (`u:<id>`) of the task, or not known yet.
 */
export function columnsFor(c: ColumnInputs): Column[] {
  const entries = c.bundle?.status === 'ready' ? c.bundle.entries : [];
  const task = c.task ?? 'maj';
  const arch: Column[] =
    task === 'seq'
      ? seqColumns(entries, c.dataset)
      : c.arch.map((preset) => {
          const bundle = bundledFor(entries, preset, c.dataset) ?? null;
          return { slot: bundle ? `b:${bundle.id}` : `i:${preset}`, kind: 'arch', preset, bundle, userId: null, task, T: null };
        });
  const user: Column[] = c.user
    .filter((id) => (c.userTask?.(id) ?? task) === task)
    .map((id) => ({ slot: `u:${id}`, kind: 'user', preset: null, bundle: null, userId: id, task, T: null }));
  return [...arch, ...user];
}

/** The task of the browser model `id` from its loaded model (null while it is not loaded). */
export const userTaskOf = (slots: AppState['models']['slots'], id: string): TaskId | null => taskOfWidth(slots[`u:${id}`]?.summary?.width);

export const columnsOf = (s: Pick<AppState, 'models' | 'seq'>): Column[] =>
  columnsFor({ arch: s.models.arch, user: s.models.user, bundle: s.models.bundle, dataset: s.seq.dataset, task: s.seq.task, userTask: (id) => userTaskOf(s.models.slots, id) });

/** Is the slot's model trained weights (false: the fresh seeded weights of an architecture)? */
export function isUntrained(summary: ModelSummary | null): boolean {
  return summary !== null && summary.source === 'init';
}

const slotState = (slot: string, p: Partial<SlotState>): SlotState => ({ slot, status: 'loading', summary: null, error: null, note: null, evaluation: null, ...p });

/** Updates one slot's state (creating it when new). */
export function setSlotOf(ctx: SliceContext, slot: string, p: Partial<SlotState>): void {
  ctx.set((s) => ({ models: { ...s.models, slots: { ...s.models.slots, [slot]: { ...(s.models.slots[slot] ?? slotState(slot, {})), ...p } } } }));
}

/** A chosen file: a File, marked when it is known to be a dropped folder. */
export type ChosenBlob = NamedBlob & { folder?: boolean };

/** Reads a chosen file whole; a read that fails (a folder, a file gone or changed) says so, naming it. */
async function readChosen(f: ChosenBlob): Promise<Uint8Array<ArrayBuffer>> {
  let buf: ArrayBuffer;
  try {
    buf = await f.arrayBuffer();
  } catch (err) {
    throw new Error(`${f.name} could not be read (${message(err)}): is it a file that still exists?`);
  }
  if (buf.byteLength !== f.size) throw new Error(`${f.name} changed while it was read (${fmtInt(buf.byteLength)} of ${fmtInt(f.size)} bytes)`);
  return new Uint8Array(buf);
}

export function createModelsSlice(ctx: SliceContext, persistent: boolean) {
  const { get, set, patch, worker, deps } = ctx;
  const setSlot = (slot: string, p: Partial<SlotState>) => setSlotOf(ctx, slot, p);

  /** Loads one column's model into its slot (and re-runs the grid for it). */
  const load = async (col: Column) => {
    const slot = col.slot;
    setSlot(slot, { status: 'loading', error: null, note: null });
    try {
      let summary: ModelSummary;
      let note: string | null = null;
      if (col.kind === 'user') {
        const m = await deps.db.get(col.userId!);
        if (!m) return dropUnknown(col);
        summary = await worker.call({ kind: 'loadModel', slot, json: m.json, weights: m.weights, name: m.name, source: m.source === 'trained' ? 'trained' : 'stored' });
      } else if (col.bundle) {
        try {
          const [json, weights] = await Promise.all([deps.fetchBytes(`${col.bundle.url}model.json`), deps.fetchBytes(`${col.bundle.url}weights.bin`)]);
          summary = await worker.call({ kind: 'loadModel', slot, json, weights, name: col.bundle.id, source: 'bundled' }, { transfer: [json.buffer, weights.buffer] });
        } catch (err) {
          if (err instanceof WorkerCallError && err.code === 'cancelled') throw err;
          note = `the bundled model ${col.bundle.id} could not be loaded (${message(err)})`;
          summary = await worker.call({ kind: 'initModel', slot, preset: col.preset!, task: col.task, seed: INIT_SEED, ...(col.T ? { T: col.T } : {}) });
        }
      } else {
        summary = await worker.call({ kind: 'initModel', slot, preset: col.preset!, task: col.task, seed: INIT_SEED, ...(col.T ? { T: col.T } : {}) });
      }
      setSlot(slot, { status: 'ready', summary, note });
      ctx.actions().refreshGrid([slot]);
    } catch (err) {
      if (err instanceof WorkerCallError && err.code === 'cancelled') return; // the worker restarted: recover() reloads
      setSlot(slot, { status: 'error', error: message(err) });
    }
  };

  /**
   * A column names a browser model this browser does not hold (a shared link opened elsewhere):
   * the column is dropped and the page says why, instead of waiting for a model that never comes.
   */
  const dropUnknown = (col: Column) => {
    const id = col.userId!;
    set((s) => {
      const { [col.slot]: _gone, ...slots } = s.models.slots;
      const missing = s.models.missing.includes(id) ? s.models.missing : [...s.models.missing, id];
      return { models: { ...s.models, slots, user: s.models.user.filter((u) => u !== id), missing } };
    });
  };

  /** Keeps the worker's slots equal to the columns: loads the missing, frees the unused. */
  const ensureModels = async () => {
    const s = get();
    if (s.models.bundle === null) return; // the index decides the architectures' slots
    const cols = columnsOf(s);
    // Browser models stay loaded while they are listed, those of the other task too (a task switch back shows them at once).
    const wanted = new Set([...cols.map((c) => c.slot), ...s.models.user.map((id) => `u:${id}`)]);
    const loads = cols.filter((c) => !s.models.slots[c.slot]).map(load);
    for (const slot of Object.keys(s.models.slots)) {
      if (wanted.has(slot) || slot === s.train.slot) continue;
      set((st) => {
        const { [slot]: _gone, ...slots } = st.models.slots;
        const { [slot]: _r, ...results } = st.grid.results;
        return { models: { ...st.models, slots }, grid: { ...st.grid, results } };
      });
      void worker.call({ kind: 'removeModel', slot }).catch(() => undefined);
    }
    await Promise.all(loads);
  };

  const refreshStored = async () => patch('models', { stored: await deps.db.list().catch(() => get().models.stored) });

  /** Re-saves a browser model after its metadata changed (e.g. a measured test accuracy). */
  const resave = async (slot: string) => {
    const id = slot.slice(2);
    const old = await deps.db.get(id);
    if (!old) return;
    const files = await worker.call({ kind: 'saveModel', slot });
    await deps.db.put({ ...old, json: files.json, weights: files.weights });
  };

  const state: AppState['models'] = {
    bundle: null,
    arch: [],
    user: [],
    slots: {},
    stored: [],
    persistent,
    upload: { loading: false, error: null, attempts: 0, message: null },
    missing: [],
  };

  const actions = {
    ensureModels,
    dismissMissing: () => patch('models', { missing: [] }),
    setArch(arch: PresetId[]) {
      patch('models', { arch: arch.slice(0, MAX_ARCH) });
      void ensureModels();
    },
    toggleArch(preset: PresetId) {
      const arch = get().models.arch;
      if (arch.includes(preset)) patch('models', { arch: arch.filter((p) => p !== preset) });
      else if (arch.length < MAX_ARCH) patch('models', { arch: [...arch, preset] });
      void ensureModels();
    },
    showStored(id: string) {
      const user = get().models.user;
      if (!user.includes(id)) patch('models', { user: [...user, id] });
      void ensureModels();
    },
    removeColumn(slot: string) {
      const col = columnsOf(get()).find((c) => c.slot === slot);
      if (!col) return;
      if (col.kind === 'arch') patch('models', { arch: get().models.arch.filter((p) => p !== col.preset) });
      else patch('models', { user: get().models.user.filter((u) => u !== col.userId) });
      void ensureModels();
    },
    async deleteStored(id: string) {
      await deps.db.delete(id);
      patch('models', { user: get().models.user.filter((u) => u !== id) });
      await refreshStored();
      void ensureModels();
    },

    async loadModelFiles(files: readonly ChosenBlob[]) {
      const attempt = get().models.upload.attempts + 1;
      const done = (p: Partial<AppState['models']['upload']>) => patch('models', { upload: { ...get().models.upload, loading: false, attempts: attempt, ...p } });
      // Kinds and sizes first: File.size is known without reading the file.
      const pair = checkModelFiles(files);
      if ('error' in pair) return done({ error: pair.error, message: null });
      patch('models', { upload: { ...get().models.upload, loading: true, error: null, message: null } });
      const id = deps.newId('f');
      const slot = `u:${id}`;
      try {
        const json = await readChosen(pair.json);
        // model.json alone through the core's checks (a copy: it is small); then weights.bin must have
        // exactly the size its manifest implies, or it is refused unread.
        const info = await worker.call({ kind: 'inspectModel', json });
        const wrongSize = checkWeightsSize(pair.weights, pair.json.name, info);
        if (wrongSize) return done({ error: wrongSize, message: null });
        const weights = await readChosen(pair.weights);
        // Into a new slot: on any error the grid's models stay as they were. The buffers are
        // transferred, not copied, and come back with the answer, to be kept in this browser.
        const { files: kept, ...summary } = await worker.call(
          { kind: 'loadModel', slot, json, weights, name: pair.json.name, source: 'file', returnFiles: true },
          { transfer: [json.buffer, weights.buffer] },
        );
        if (!kept) throw new Error('the worker did not hand the model files back');
        const name = `${summary.name} · ${pair.json.name}`;
        await deps.db.put({ id, name, preset: summary.preset ?? summary.arch, source: 'file', created: new Date().toISOString(), json: kept.json, weights: kept.weights });
        setSlot(slot, { status: 'ready', summary });
        patch('models', { user: [...get().models.user, id] });
        await refreshStored();
        ctx.actions().refreshGrid([slot]);
        const reads = taskOfWidth(summary.width);
        done({
          error: null,
          message:
            reads && reads !== get().seq.task
              ? `Loaded ${name}: it reads ${reads === 'seq' ? 'one 28 × 28 image (the sequence task)' : 'MAJ sequences (28 × 84)'}, so its column is in the ${reads === 'seq' ? 'sequence' : 'MAJ'} task.`
              : `Loaded ${name}: added to the grid.`,
        });
      } catch (err) {
        if (!isSuperseded(err)) done({ error: message(err), message: null });
      }
    },

    async downloadModel(slot: string) {
      try {
        const files = await worker.call({ kind: 'saveModel', slot });
        deps.download(files.json, 'model.json', 'application/json');
        deps.download(files.weights, 'weights.bin', 'application/octet-stream');
      } catch (err) {
        setSlot(slot, { error: message(err) });
      }
    },

    async evaluateModel(slot: string) {
      const st = get().models.slots[slot];
      if (!st?.summary) return;
      const dataset = st.summary.training?.dataset ?? get().seq.dataset;
      setSlot(slot, { evaluation: { running: true, accuracy: null, n: 0, dataset, error: null } });
      try {
        const r = await worker.call({ kind: 'evaluate', dataset, task: taskOfWidth(st.summary.width) ?? 'maj', split: 'test', slot, limit: EVAL_LIMIT });
        setSlot(slot, { summary: r.model, evaluation: { running: false, accuracy: r.accuracy, n: r.n, dataset, error: null } });
        if (slot.startsWith('u:')) await resave(slot).catch(() => undefined);
      } catch (err) {
        if (!isSuperseded(err)) setSlot(slot, { evaluation: { running: false, accuracy: null, n: 0, dataset, error: message(err) } });
      }
    },
  };
  return { state, actions };
}
