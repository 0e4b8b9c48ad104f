/**
 * The sequence task in the store (Experiment 1): switching the task, the six fixed columns (Shallow and
 * Deep at T = 1, 4, 7, bundled or seeded), drawing on the one 28 × 28 image, its label, the URL and
 * history, and browser models kept to their own task. Against an in-process worker double (the real
 * ProtocolClient and serve() over a MessageChannel) that serves both tasks' synthetic data.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { ProtocolClient } from '../protocol/client';
import { PROTOCOL_VERSION, type GridRequest, type ModelSummary, type Sample, type TaskId } from '../protocol/messages';
import type { PortLike } from '../protocol/port';
import { serve, type Handlers } from '../protocol/server';
import { parseBundleIndex, type BundleIndex } from './lib/bundle-index';
import { memoryModelDb } from './lib/model-db';
import { createAppStore, type AppStore } from './store';
import { columnsOf } from './slices/models';
import { historyMode } from './history-policy';
import { urlStateOf } from './url-sync';
import { DEFAULT_URL_STATE, parseUrlState, serializeUrlState, type UrlState } from './url-state';

type PresetIdLike = 'shallow' | 'deep';
const N = 5;
const WIDTH: Record<TaskId, number> = { maj: 84, seq: 28 };

/** MAJ sample i: classes [i, i+1, i+1]; sequence-task sample i: one image of class (i + 3) mod 10, grey 20 + i. */
function sample(task: TaskId, index: number): Sample {
  if (task === 'seq') {
    const label = (index + 3) % 10;
    return { dataset: 'mnist', task, split: 'test', index, n: N, width: 28, label, mask: null, pixels: new Uint8Array(784).fill(20 + index), blocks: [{ baseIndex: 60000 + index, label }] };
  }
  const c = [index % 10, (index + 1) % 10, (index + 1) % 10];
  return { dataset: 'mnist', task, split: 'test', index, n: N, width: 84, label: c[1], mask: [0, 1, 1], pixels: new Uint8Array(28 * 84).fill(index), blocks: c.map((label, k) => ({ baseIndex: 1000 + 3 * index + k, label })) };
}

const summary = (slot: string, preset: PresetIdLike, source: ModelSummary['source'], task: TaskId, T: number): ModelSummary => ({
  slot,
  preset,
  arch: preset,
  name: preset === 'shallow' ? 'Shallow' : 'Deep',
  T,
  width: WIDTH[task],
  parameters: 1,
  parametersThesis: 1,
  source,
  detail: '',
  training: null,
  metrics: null,
});

interface Log {
  calls: string[];
  grids: GridRequest[];
  samples: string[];
}

/** The calls the store makes in these tests (the others are not served: a call to one fails). */
function fakeHandlers(log: Log): Handlers {
  const models = new Map<string, ModelSummary>();
  const h: Partial<Handlers> = {
    hello: ({ backend }) => ({ protocol: PROTOCOL_VERSION, backend: 'wasm', requested: backend, reason: 'test', webgpu: null, webglSoftware: null, attempts: [] }),
    loadData: (ref) => ({ ...ref, n: N, width: WIDTH[ref.task], classNames: [...'0123456789'] }),
    getSample: (req) => {
      log.samples.push(`${req.task} ${req.index}`);
      return sample(req.task, req.index);
    },
    getImage: (req) => ({ dataset: req.dataset, baseIndex: req.baseIndex ?? 7000, label: req.baseIndex === undefined ? (req.label ?? 0) : req.baseIndex % 10, pixels: new Uint8Array(784).fill(200) }),
    initModel: (req) => {
      log.calls.push(`init ${req.slot} ${req.task} T=${req.T ?? ''}`);
      const m = summary(req.slot, req.preset as PresetIdLike, 'init', req.task, req.T ?? 12);
      models.set(req.slot, m);
      return m;
    },
    loadModel: (req) => {
      // {"width": 28} stands for a sequence-task model (T = 4), anything else for a MAJ one.
      const width = (JSON.parse(new TextDecoder().decode(req.json)) as { width?: number }).width ?? 84;
      log.calls.push(`load ${req.slot} ${req.source}`);
      const T = width === 28 ? Number(/seq(\d)$/.exec(req.slot)?.[1] ?? 4) : 12; // a bundled model's T from its id
      const m = summary(req.slot, 'deep', req.source ?? 'file', width === 28 ? 'seq' : 'maj', T);
      models.set(req.slot, m);
      return req.returnFiles ? { ...m, files: { json: req.json, weights: req.weights } } : m;
    },
    inspectModel: () => ({ preset: 'deep', weights: 1, weightBytes: 'weights'.length }),
    removeModel: (req) => {
      log.calls.push(`remove ${req.slot}`);
      return { removed: models.delete(req.slot) };
    },
    explainGrid: (req) => {
      log.grids.push(req);
      const m = models.get(req.slot);
      if (!m) throw new Error(`no model in slot "${req.slot}"`);
      if (req.pixels.length !== 28 * m.width) throw new Error(`the model reads 28 × ${m.width} images; got ${req.pixels.length} pixels`);
      const state = Array.from({ length: m.T }, (_, t) => t + 1);
      return {
        slot: req.slot,
        version: req.version,
        width: m.width,
        T: m.T,
        logits: Array(10).fill(0),
        probabilities: Array(10).fill(1 / 11),
        predicted: 0,
        target: req.label ?? 0,
        cells: req.methods.map((method) => ({
          method,
          label: method,
          heatmap: new Float32Array(req.pixels.length),
          perStep: Array(m.T).fill(1),
          state,
          literal: null,
          blockShares: Array(m.width / 28).fill(1 / (m.width / 28)),
          cosine: req.mask ? 0.5 : null,
          conservation: { sum: m.T, logit: m.T, target: m.T, error: 0 },
        })),
        backend: 'wasm',
        ms: 1,
      };
    },
  };
  return h as Handlers;
}

let ports: MessagePort[] = [];
afterEach(() => {
  for (const p of ports) p.close();
  ports = [];
});

const settle = async (store: AppStore) => {
  for (let i = 0; i < 300; i++) {
    const s = store.getState();
    const cols = columnsOf(s);
    if (s.seq.pixels && !s.seq.loading && Object.keys(s.grid.pending).length === 0 && cols.every((c) => s.models.slots[c.slot]?.status === 'ready' && s.grid.results[c.slot]?.version === s.seq.version)) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('the store did not settle');
};

async function started(url: Partial<UrlState> = {}, bundle: BundleIndex = { status: 'missing', message: 'models/index.json not found' }) {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const log: Log = { calls: [], grids: [], samples: [] };
  serve(port2 as unknown as PortLike, fakeHandlers(log));
  const db = memoryModelDb();
  let id = 0;
  const store = createAppStore(new ProtocolClient(port1 as unknown as PortLike), {
    loadBundleIndex: async () => bundle,
    fetchBytes: async (u) => new TextEncoder().encode(u.endsWith('model.json') ? '{"width":28}' : 'weights'),
    db,
    persistent: false,
    download: () => undefined,
    afterPaint: (fn) => fn(),
    now: () => 1000 * ++id,
    newId: (prefix) => `${prefix}${++id}`,
  });
  await store.getState().actions.start({ ...DEFAULT_URL_STATE, ...url });
  await settle(store);
  return { store, log, db };
}

const INDEX = parseBundleIndex(
  JSON.stringify({
    models: [
      { id: 'deep-mnist-maj', preset: 'deep', dataset: 'mnist', task: 'maj', T: 12, path: 'deep-mnist-maj/' },
      { id: 'shallow-mnist-seq4', preset: 'shallow', dataset: 'mnist', task: 'seq', T: 4, path: 'shallow-mnist-seq4/' },
      { id: 'deep-mnist-seq7', preset: 'deep', dataset: 'mnist', task: 'seq', T: 7, path: 'deep-mnist-seq7/' },
      { id: 'deep-fashion-seq4', preset: 'deep', dataset: 'fashion', task: 'seq', T: 4, path: 'deep-fashion-seq4/' },
    ],
  }),
  'http://x/models/index.json',
);

describe('the store in the sequence task', () => {
  it('opens ?task=seq with Shallow and Deep at T = 1, 4, 7: bundled where the index has them, seeded otherwise', async () => {
    const { store, log } = await started({ task: 'seq', index: 2, arch: ['r-lstm-sd'] }, INDEX);
    const s = store.getState();
    expect(columnsOf(s).map((c) => c.slot)).toEqual(['i:shallow-seq1', 'b:shallow-mnist-seq4', 'i:shallow-seq7', 'i:deep-seq1', 'i:deep-seq4', 'b:deep-mnist-seq7']);
    expect(log.calls.filter((c) => c.startsWith('init')).sort()).toEqual([
      'init i:deep-seq1 seq T=1',
      'init i:deep-seq4 seq T=4',
      'init i:shallow-seq1 seq T=1',
      'init i:shallow-seq7 seq T=7',
    ]);
    expect(log.calls.filter((c) => c.startsWith('load')).sort()).toEqual(['load b:deep-mnist-seq7 bundled', 'load b:shallow-mnist-seq4 bundled']);
    // One 28 × 28 image; its class is the label, there is no mask.
    expect(log.samples).toEqual(['seq 2']);
    expect([s.seq.pixels!.length, s.seq.blocks.length, s.seq.label, s.seq.mask]).toEqual([784, 1, 5, null]);
    expect(new Set(log.grids.map((g) => `${g.pixels.length} ${g.label} ${g.mask}`))).toEqual(new Set(['784 5 null']));
    expect(Object.values(s.grid.results).map((r) => r.T).sort()).toEqual([1, 1, 4, 4, 7, 7]);
  });

  it('switches MAJ → sequence → MAJ: the image at the same index, the columns swapped, the other task’s models freed', async () => {
    const { store, log } = await started({ index: 3 });
    expect(columnsOf(store.getState()).map((c) => c.slot)).toEqual(['i:deep', 'i:r-lstm-sd']);
    await store.getState().actions.setTask('seq');
    await settle(store);
    let s = store.getState();
    expect(s.seq.task).toBe('seq');
    expect(log.samples).toEqual(['maj 3', 'seq 3']);
    expect(columnsOf(s)).toHaveLength(6);
    expect(log.calls).toEqual(expect.arrayContaining(['remove i:deep', 'remove i:r-lstm-sd']));
    expect(Object.keys(s.models.slots).sort()).toEqual(['i:deep-seq1', 'i:deep-seq4', 'i:deep-seq7', 'i:shallow-seq1', 'i:shallow-seq4', 'i:shallow-seq7']);
    expect(s.seq.label).toBe(6);
    await store.getState().actions.setTask('maj');
    await settle(store);
    s = store.getState();
    expect(columnsOf(s).map((c) => c.slot)).toEqual(['i:deep', 'i:r-lstm-sd']);
    expect([s.seq.pixels!.length, s.seq.label, s.seq.mask]).toEqual([28 * 84, 4, [0, 1, 1]]);
  });

  it('draws on the one image: the grid gets its 784 pixels; clearing it leaves no class, and the grid explains the prediction', async () => {
    const { store, log } = await started({ task: 'seq', index: 1 });
    const a = store.getState().actions;
    const px = store.getState().seq.pixels!.slice();
    px[28 * 14 + 14] = 255;
    a.beginStroke();
    a.paint(px, 0);
    a.endStroke();
    await settle(store);
    let s = store.getState();
    expect([s.seq.edited, s.seq.blocks[0].baseIndex, s.seq.label]).toEqual([true, null, 4]);
    expect(log.grids.at(-1)!.pixels[28 * 14 + 14]).toBe(255);
    a.clearBlock(0);
    await settle(store);
    s = store.getState();
    expect([s.seq.label, s.seq.pixels!.every((p) => p === 0)]).toEqual([null, true]);
    expect(log.grids.at(-1)!.label).toBeNull();
    a.undo();
    await settle(store);
    expect(store.getState().seq.label).toBe(4);
  });

  it('keeps the task and a drawn image in the URL, and a link opens them again', async () => {
    const { store } = await started({ task: 'seq', index: 1, dataset: 'mnist' });
    const a = store.getState().actions;
    const px = store.getState().seq.pixels!.slice();
    px.fill(255, 0, 28);
    a.paint(px, 0);
    await settle(store);
    const url = urlStateOf(store.getState(), { backend: null, test: false });
    expect(url.task).toBe('seq');
    expect(url.blocks).toHaveLength(1);
    const search = serializeUrlState(url);
    expect(search).toMatch(/^\?task=seq&index=1&blocks=4p[\w-]+$/);
    const back = await started(parseUrlState(search));
    const t = back.store.getState().seq;
    expect([t.task, t.edited, t.label]).toEqual(['seq', true, 4]);
    expect(Array.from(t.pixels!)).toEqual(Array.from(px));
  });

  it('a switch of task is a new history entry, and Back shows the MAJ sequence again', async () => {
    expect(historyMode('?index=3', '?task=seq&index=3')).toBe('push');
    expect(historyMode('?task=seq&index=3', '?task=seq&index=3&blocks=4p' + 'A'.repeat(8))).toBe('replace');
    const { store, log } = await started({ task: 'seq', index: 2 });
    await store.getState().actions.goTo({ ...DEFAULT_URL_STATE, task: 'maj', index: 2 });
    await settle(store);
    expect(store.getState().seq.task).toBe('maj');
    expect(log.samples.at(-1)).toBe('maj 2');
    expect(columnsOf(store.getState()).map((c) => c.slot)).toEqual(['i:deep', 'i:r-lstm-sd']);
  });

  it('a browser model is a column of the task whose images it reads, and stays loaded in the other', async () => {
    const { store } = await started({ index: 0 });
    const a = store.getState().actions;
    const file = (name: string, text: string) => Object.assign(new Blob([text]), { name });
    await a.loadModelFiles([file('model.json', '{"width":28}'), file('weights.bin', 'weights')]);
    let s = store.getState();
    expect(s.models.upload.error).toBeNull();
    expect(s.models.upload.message).toBe('Loaded Deep · model.json: it reads one 28 × 28 image (the sequence task), so its column is in the sequence task.');
    const id = s.models.user[0];
    expect(columnsOf(s).map((c) => c.slot)).toEqual(['i:deep', 'i:r-lstm-sd']);
    await a.setTask('seq');
    await settle(store);
    s = store.getState();
    expect(columnsOf(s).map((c) => c.slot).at(-1)).toBe(`u:${id}`);
    expect(s.grid.results[`u:${id}`]?.width).toBe(28);
    await a.setTask('maj');
    await settle(store);
    s = store.getState();
    expect(columnsOf(s).map((c) => c.slot)).not.toContain(`u:${id}`);
    expect(s.models.slots[`u:${id}`]?.status).toBe('ready');
  });
});

describe('training a sequence-task cell in the page', () => {
  it('sends the sequence task and its T, and names the model as the thesis does', async () => {
    const { trainRequest, trainedName } = await import('./slices/train');
    const { DEFAULT_TRAIN_FORM } = await import('./store');
    expect(trainRequest(DEFAULT_TRAIN_FORM, 'u:t1')).toMatchObject({ kind: 'trainStart', task: 'maj' });
    expect(trainRequest(DEFAULT_TRAIN_FORM, 'u:t1')).not.toHaveProperty('T');
    const seqForm = { ...DEFAULT_TRAIN_FORM, preset: 'deep' as const, task: 'seq' as const, T: 7 };
    expect(trainRequest(seqForm, 'u:t2')).toMatchObject({ kind: 'trainStart', slot: 'u:t2', preset: 'deep', task: 'seq', T: 7 });
    expect(trainRequest(seqForm, 'u:t2')).not.toHaveProperty('task', 'maj');
    expect(trainedName(summary('u:t2', 'deep', 'trained', 'seq', 7), seqForm, false)).toBe('Deep-7 · MNIST · 4000 images');
  });
});
