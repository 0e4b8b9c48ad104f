/**
 * The store's actions against an in-process worker double: the real ProtocolClient and serve()
 * over a node:worker_threads MessageChannel, with handlers that serve small synthetic data and
 * record what they were asked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { ProtocolClient } from '../protocol/client';
import { PROTOCOL_VERSION, type GridRequest, type ModelSummary, type Sample } from '../protocol/messages';
import type { PortLike } from '../protocol/port';
import { serve, transfer, type Handlers } from '../protocol/server';
import { parseBundleIndex, type BundleIndex } from './lib/bundle-index';
import { memoryModelDb } from './lib/model-db';
import { createAppStore, type AppStore } from './store';
import { columnsOf } from './slices/models';
import { LIVE_INTERVAL_MS } from './slices/grid';
import { trainFormProblem } from './slices/train';
import { RestartPolicy } from './restart-policy';
import { urlStateOf } from './url-sync';
import { DEFAULT_URL_STATE, parseUrlState, serializeUrlState, type UrlState } from './url-state';

const N = 6;
/** Sample i: blocks of classes [i, i+1, i+1] (mod 10), block k filled with grey 10·i + k. */
const sample = (index: number): Sample => {
  const pixels = new Uint8Array(28 * 84);
  for (let r = 0; r < 28; r++) for (let k = 0; k < 3; k++) pixels.fill(10 * index + k, r * 84 + 28 * k, r * 84 + 28 * k + 28);
  const c = [index % 10, (index + 1) % 10, (index + 1) % 10];
  return { dataset: 'mnist', task: 'maj', split: 'test', index, n: N, width: 84, label: c[1], mask: [0, 1, 1], pixels, blocks: c.map((label, k) => ({ baseIndex: 1000 + 3 * index + k, label })) };
};
const summary = (slot: string, preset: 'deep' | 'r-lstm-sd', source: ModelSummary['source']): ModelSummary => ({
  slot,
  preset,
  arch: preset === 'deep' ? 'deep' : 'r-lstm',
  name: preset === 'deep' ? 'Deep' : 'R-LSTM-SD',
  T: 12,
  width: 84,
  parameters: 1,
  parametersThesis: 1,
  source,
  detail: '',
  training: null,
  metrics: null,
});

interface Log {
  calls: string[];
  /** The backends each hello was told to avoid. */
  avoided: string[][];
  grids: GridRequest[];
  /** When set, explainGrid waits for it. */
  hold: Promise<void> | null;
}

function fakeHandlers(log: Log): Handlers {
  let trainWake: (() => void) | null = null;
  const models = new Map<string, ModelSummary>();
  const fail = () => {
    throw new Error('not in this test');
  };
  return {
    hello: ({ backend, avoid = [] }) => {
      log.avoided.push(avoid);
      // The asked-for backend (wasm by default), else the next one not avoided.
      const chosen = ([backend ?? 'wasm', 'webgl', 'wasm', 'cpu'] as const).find((b) => !avoid.includes(b)) ?? 'cpu';
      return { protocol: PROTOCOL_VERSION, backend: chosen, requested: backend, reason: 'test', webgpu: null, webglSoftware: null, attempts: [] };
    },
    loadData: (ref) => ({ ...ref, n: N, width: 84, classNames: [...'0123456789'] }),
    getSample: (req) => sample(req.index),
    findSequence: (req) => ({ index: (req.label + req.pick) % N, count: 1 }),
    getImage: (req) => ({ dataset: req.dataset, baseIndex: req.baseIndex ?? 7000 + (req.label ?? 0), label: req.label ?? (req.baseIndex! % 10), pixels: new Uint8Array(784).fill(200) }),
    initModel: (req) => {
      log.calls.push(`init ${req.slot}`);
      const m = summary(req.slot, req.preset as 'deep', 'init');
      models.set(req.slot, m);
      return m;
    },
    inspectModel: (req) => {
      const text = new TextDecoder().decode(req.json);
      if (!text.startsWith('{')) throw new Error('model.json: not valid JSON (Unexpected token)');
      log.calls.push('inspect');
      // {"bytes": n} stands for a manifest needing n bytes (8 by default).
      return { preset: 'deep', weights: 2, weightBytes: (JSON.parse(text) as { bytes?: number }).bytes ?? 8 };
    },
    loadModel: (req) => {
      const text = new TextDecoder().decode(req.json);
      if (!text.startsWith('{')) throw new Error('model.json: not valid JSON (Unexpected token)');
      log.calls.push(`load ${req.slot} ${req.source}`);
      const m = summary(req.slot, 'deep', req.source ?? 'file');
      models.set(req.slot, m);
      return req.returnFiles ? transfer({ ...m, files: { json: req.json, weights: req.weights } }, [req.json.buffer as ArrayBuffer, req.weights.buffer as ArrayBuffer]) : m;
    },
    removeModel: (req) => {
      log.calls.push(`remove ${req.slot}`);
      return { removed: models.delete(req.slot) };
    },
    saveModel: (req) => ({ name: req.slot, json: new TextEncoder().encode('{}'), weights: new Uint8Array(8) }),
    evaluate: fail,
    trainStart: async (req, ctx) => {
      for (let i = 1; i <= 2; i++)
        ctx.progress({ epoch: 1, epochs: 1, batch: i, batches: 4, iteration: i, loss: 2.4 / i, accuracy: 0.1 * i, seqPerSec: 50, elapsedSeconds: i, etaSeconds: 1, backend: 'wasm' });
      await new Promise<void>((r) => (trainWake = r));
      const m = { ...summary(req.slot, 'deep', 'trained') };
      models.set(req.slot, m);
      return { aborted: true, iterations: 2, seconds: 1, loss: 1.2, accuracy: 0.2, model: m };
    },
    trainPause: () => ({ state: 'paused' }),
    trainResume: () => ({ state: 'running' }),
    trainStop: () => {
      trainWake?.();
      return { state: 'stopped' };
    },
    explain: fail,
    explainGrid: async (req) => {
      log.grids.push(req);
      if (log.hold) await log.hold;
      if (!models.has(req.slot)) throw new Error(`no model in slot "${req.slot}"`);
      return {
        slot: req.slot,
        version: req.version,
        width: 84,
        T: 12,
        logits: Array(10).fill(0),
        probabilities: Array(10).fill(1 / 11),
        predicted: 0,
        target: req.label ?? 0,
        cells: req.methods.map((method) => ({
          method,
          label: method,
          heatmap: Float32Array.from(req.pixels, (p) => p / 255),
          perStep: Array(12).fill(0),
          state: null,
          literal: null,
          blockShares: [1 / 3, 1 / 3, 1 / 3],
          cosine: req.mask ? 0.5 : null,
          conservation: { sum: 1, logit: 1, target: 1, error: 0 },
        })),
        backend: 'wasm',
        ms: 1,
      };
    },
    memory: () => ({ numTensors: 0, numBytes: 0, slots: [...models.keys()] }),
    crash: fail,
    perturbation: fail,
    randomisation: fail,
  };
}

let ports: MessagePort[] = [];
afterEach(() => {
  for (const p of ports) p.close();
  ports = [];
});

const settle = async (store: AppStore) => {
  for (let i = 0; i < 200; i++) {
    const s = store.getState();
    const cols = columnsOf(s);
    if (
      s.seq.pixels &&
      Object.keys(s.grid.pending).length === 0 &&
      cols.every((c) => s.models.slots[c.slot]?.status !== 'loading' && (s.models.slots[c.slot]?.status === 'error' || s.grid.results[c.slot]?.version === s.seq.version))
    )
      return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('the store did not settle');
};

async function started(url: Partial<UrlState> = {}, opts: { bundle?: BundleIndex; files?: Record<string, string>; now?: () => number } = {}) {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const log: Log = { calls: [], avoided: [], grids: [], hold: null };
  serve(port2 as unknown as PortLike, fakeHandlers(log));
  const db = memoryModelDb();
  let id = 0;
  /** Every URL the store fetched, in order. */
  const fetched: string[] = [];
  const store = createAppStore(new ProtocolClient(port1 as unknown as PortLike), {
    loadBundleIndex: async () => opts.bundle ?? { status: 'missing', message: 'models/index.json not found' },
    fetchBytes: async (u) => {
      fetched.push(u);
      const text = opts.files?.[u];
      if (text === undefined) throw new Error(`${u}: HTTP 404`);
      return new TextEncoder().encode(text);
    },
    db,
    persistent: false,
    download: () => undefined,
    afterPaint: (fn) => fn(),
    now: opts.now ?? (() => 1000 * ++id),
    newId: (prefix) => `${prefix}${++id}`,
  });
  await store.getState().actions.start({ ...DEFAULT_URL_STATE, ...url });
  await settle(store);
  return { store, log, db, fetched };
}

describe('app store', () => {
  it('start: without bundled models the architectures get seeded random weights, and the grid runs once per model', async () => {
    const { store, log } = await started({ index: 2 });
    const s = store.getState();
    expect(s.worker.status).toBe('ready');
    expect(columnsOf(s).map((c) => c.slot)).toEqual(['i:deep', 'i:r-lstm-sd']);
    expect(s.models.slots['i:deep'].summary?.source).toBe('init');
    expect([s.seq.index, s.seq.label, s.seq.mask, s.seq.edited]).toEqual([2, 3, [0, 1, 1], false]);
    expect(log.grids.map((g) => [g.slot, g.methods.length, g.label, g.version])).toEqual([
      ['i:deep', 5, 3, s.seq.version],
      ['i:r-lstm-sd', 5, 3, s.seq.version],
    ]);
    expect(s.grid.results['i:deep'].cells[0].cosine).toBe(0.5);
  });

  it('uses a bundled model where the index has one, and falls back to random weights with a note when its files fail', async () => {
    const bundle = parseBundleIndex(
      JSON.stringify([
        { id: 'deep-mnist', preset: 'deep', dataset: 'mnist', task: 'maj', T: 12, path: 'deep-mnist' },
        { id: 'rlstm-mnist', preset: 'r-lstm-sd', dataset: 'mnist', task: 'maj', T: 12, path: 'gone' },
      ]),
      'http://x/models/index.json',
    );
    const files = { 'http://x/models/deep-mnist/model.json': '{}', 'http://x/models/deep-mnist/weights.bin': 'w' };
    const { store, log } = await started({}, { bundle, files });
    const s = store.getState();
    expect(columnsOf(s).map((c) => c.slot)).toEqual(['b:deep-mnist', 'b:rlstm-mnist']);
    expect(log.calls).toEqual(expect.arrayContaining(['load b:deep-mnist bundled', 'init b:rlstm-mnist']));
    expect(s.models.slots['b:deep-mnist'].summary?.source).toBe('bundled');
    expect(s.models.slots['b:rlstm-mnist'].note).toBe('the bundled model rlstm-mnist could not be loaded (http://x/models/gone/model.json: HTTP 404)');
    // Fashion has no bundled models: the same architectures switch to random weights, the old slots are freed.
    await store.getState().actions.setDataset('fashion');
    await settle(store);
    expect(columnsOf(store.getState()).map((c) => c.slot)).toEqual(['i:deep', 'i:r-lstm-sd']);
    expect(log.calls).toEqual(expect.arrayContaining(['remove b:deep-mnist', 'remove b:rlstm-mnist']));
  });

  it('a stroke re-runs the grid with a new version; the label and mask follow the blocks’ classes', async () => {
    const { store, log } = await started();
    const a = store.getState().actions;
    const v0 = store.getState().seq.version;
    a.beginStroke();
    const px = store.getState().seq.pixels!.slice();
    px[5 * 84 + 5] = 255;
    a.paint(px, 0);
    a.endStroke();
    await settle(store);
    let s = store.getState();
    expect([s.seq.version, s.seq.edited, s.seq.blocks[0].baseIndex, s.grid.results['i:deep'].version]).toEqual([v0 + 1, true, null, v0 + 1]);
    expect(s.grid.results['i:deep'].cells[0].heatmap[5 * 84 + 5]).toBe(1);
    expect(s.grid.latencies).toHaveLength(1);
    // Classes [0, 1, 1] → state block 1 as 2: no class repeats, the grid explains the prediction, no mask.
    a.setBlockLabel(1, 2);
    await settle(store);
    s = store.getState();
    expect([s.seq.label, s.seq.mask]).toEqual([null, null]);
    expect(log.grids.at(-1)).toMatchObject({ label: null, mask: null });
    expect(s.grid.results['i:deep'].cells[0].cosine).toBeNull();
    a.undo();
    a.undo();
    await settle(store);
    s = store.getState();
    expect([s.seq.label, s.seq.mask, s.seq.pixels![5 * 84 + 5], s.seq.undo.length]).toEqual([1, [0, 1, 1], 0, 0]);
  });

  it('only the newest of quick successive edits lands (stale grid requests are superseded, not errors)', async () => {
    const { store, log } = await started();
    const a = store.getState().actions;
    let open!: () => void;
    log.hold = new Promise<void>((r) => (open = r));
    for (let k = 0; k < 3; k++) {
      const px = store.getState().seq.pixels!.slice();
      px[k] = 255;
      a.paint(px, 0);
    }
    log.hold = null;
    open();
    await settle(store);
    const s = store.getState();
    expect(s.grid.results['i:deep'].version).toBe(s.seq.version);
    expect(s.grid.errors).toEqual({});
  });

  it('while a stroke is drawn at most one grid request per model is in flight; the stroke’s end sends the last pixels', async () => {
    const { store, log } = await started({ arch: ['deep'] });
    const a = store.getState().actions;
    const sent = log.grids.length;
    let open!: () => void;
    log.hold = new Promise<void>((r) => (open = r));
    a.beginStroke();
    for (let k = 0; k < 4; k++) {
      const px = store.getState().seq.pixels!.slice();
      px[k] = 255;
      a.paint(px, 0);
    }
    await new Promise((r) => setTimeout(r, 20));
    expect(log.grids.length - sent).toBe(1); // the first paint only: the model was busy after it
    a.endStroke();
    log.hold = null;
    open();
    await settle(store);
    const s = store.getState();
    expect(log.grids.length - sent).toBe(2);
    expect(log.grids.at(-1)!.version).toBe(s.seq.version);
    expect(log.grids.at(-1)!.pixels[3]).toBe(255);
    expect(s.grid.results['i:deep'].version).toBe(s.seq.version);
    expect(s.grid.latencies).toHaveLength(1);
  });

  it('while drawing, the grid follows the pen: when a result lands, the newest pixels go out at once (one request per model in flight)', async () => {
    const { store, log } = await started({ arch: ['deep'] });
    const a = store.getState().actions;
    const sent = log.grids.length;
    let open!: () => void;
    log.hold = new Promise<void>((r) => (open = r));
    a.beginStroke();
    expect(store.getState().seq.drawing).toBe(true);
    for (let k = 0; k < 3; k++) {
      const px = store.getState().seq.pixels!.slice();
      px[k] = 255;
      a.paint(px, 0);
    }
    await new Promise((r) => setTimeout(r, 20));
    expect(log.grids.length - sent).toBe(1); // the first paint; the model is busy with it
    const newest = store.getState().seq.version;
    log.hold = null;
    open();
    // Its result lands during the stroke: the newest version is asked for, without another paint.
    for (let i = 0; i < 100 && store.getState().grid.results['i:deep'].version !== newest; i++) await new Promise((r) => setTimeout(r, 5));
    let s = store.getState();
    expect(log.grids.length - sent).toBe(2);
    expect(log.grids.at(-1)!.version).toBe(newest);
    expect(log.grids.at(-1)!.pixels[2]).toBe(255);
    expect(s.grid.results['i:deep'].version).toBe(newest);
    // The stroke ends without new ink: nothing more is sent, and its latency is recorded.
    a.endStroke();
    await settle(store);
    s = store.getState();
    expect([log.grids.length - sent, s.seq.drawing, s.grid.latencies.length]).toEqual([2, false, 1]);
  });

  it(`while drawing, a model is asked at most once per ${LIVE_INTERVAL_MS} ms (paced, the newest pixels when its turn comes); the stroke's end is never paced`, async () => {
    let clock = 0;
    const { store, log } = await started({ arch: ['deep'] }, { now: () => clock });
    const a = store.getState().actions;
    const sent = log.grids.length;
    const ink = (k: number) => {
      const px = store.getState().seq.pixels!.slice();
      px[k] = 255;
      a.paint(px, 0);
    };
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    clock = 10_000; // long after the start's requests
    a.beginStroke();
    ink(0);
    await sleep(15); // its result lands at once (nothing held)
    expect(log.grids.length - sent).toBe(1);
    clock += 10;
    ink(1); // 10 ms after the last request: waits for its turn
    clock += 10;
    ink(2);
    await sleep(15);
    expect(log.grids.length - sent).toBe(1);
    await sleep(LIVE_INTERVAL_MS + 20); // the turn: one request with the newest pixels
    expect(log.grids.length - sent).toBe(2);
    expect(log.grids.at(-1)!.version).toBe(store.getState().seq.version);
    expect(log.grids.at(-1)!.pixels[2]).toBe(255);
    // New ink right after, then the stroke ends: its last pixels go out at once, and the paced turn
    // that was waiting sends nothing more.
    clock += 10;
    ink(3);
    a.endStroke();
    await settle(store);
    expect(log.grids.length - sent).toBe(3);
    expect(log.grids.at(-1)!.pixels[3]).toBe(255);
    await sleep(LIVE_INTERVAL_MS + 20);
    expect(log.grids.length - sent).toBe(3);
    expect(store.getState().grid.results['i:deep'].version).toBe(store.getState().seq.version);
  });

  it('a stroke that changes no pixel sends nothing and records no latency', async () => {
    const { store, log } = await started();
    const a = store.getState().actions;
    const [sent, lat] = [log.grids.length, store.getState().grid.latencies.length];
    a.beginStroke();
    a.endStroke();
    await settle(store);
    expect([log.grids.length - sent, store.getState().grid.latencies.length - lat, store.getState().seq.strokeEnd]).toEqual([0, 0, null]);
  });

  it('drawing on a block already drawn on keeps the blocks and the mask as they were (nothing that shows them re-renders)', async () => {
    const { store } = await started();
    const a = store.getState().actions;
    a.beginStroke();
    const px = store.getState().seq.pixels!.slice();
    px[0] = 255;
    a.paint(px, 0);
    const { blocks, mask } = store.getState().seq;
    a.paint(px.slice(), 0);
    a.endStroke();
    await settle(store);
    expect(store.getState().seq.blocks).toBe(blocks);
    expect(store.getState().seq.mask).toBe(mask);
  });

  it('clearing and replacing blocks, and restoring an edited view from its URL', async () => {
    const { store } = await started({ index: 4 });
    const a = store.getState().actions;
    a.clearBlock(0);
    await a.replaceBlock(2, 7);
    const px = store.getState().seq.pixels!.slice();
    px[10 * 84 + 40] = 99;
    a.paint(px, 1);
    await settle(store);
    const s = store.getState();
    expect(s.seq.blocks).toEqual([
      { label: null, baseIndex: null },
      { label: 5, baseIndex: null },
      { label: 7, baseIndex: 7007 },
    ]);
    expect(s.seq.label).toBeNull();
    const search = serializeUrlState(urlStateOf(s, { backend: null, test: false }));
    expect(search).toMatch(/^\?index=4&blocks=xp[\w-]+\.5p[\w-]+\.7t7007$/);
    const other = await started(parseUrlState(search));
    const t = other.store.getState();
    expect([t.seq.edited, t.seq.blocks, t.seq.label]).toEqual([true, s.seq.blocks, null]);
    expect(Array.from(t.seq.pixels!)).toEqual(Array.from(s.seq.pixels!));
  });

  it('a bad model file shows the loader message and leaves the grid as it was; a good one joins the grid', async () => {
    const { store, db } = await started();
    const a = store.getState().actions;
    await a.loadModelFiles([new File(['garbage'], 'model.json'), new File([new Uint8Array(8)], 'weights.bin')]);
    let s = store.getState();
    expect([s.models.upload.error, s.models.user, Object.keys(s.models.slots).sort()]).toEqual(['model.json: not valid JSON (Unexpected token)', [], ['i:deep', 'i:r-lstm-sd']]);
    await a.loadModelFiles([new File(['{}'], 'model.json')]);
    expect(store.getState().models.upload.error).toBe('choose exactly two files, model.json and weights.bin (got model.json)');
    await a.loadModelFiles([new File(['{}'], 'model.json'), new File([new Uint8Array(8)], 'weights.bin')]);
    await settle(store);
    s = store.getState();
    expect(s.models.upload.error).toBeNull();
    expect(columnsOf(s).map((c) => c.slot)).toEqual(['i:deep', 'i:r-lstm-sd', `u:${s.models.user[0]}`]);
    expect((await db.list()).map((m) => m.source)).toEqual(['file']);
  });

  it('model files are checked before they are read: a refusal names the file and the limit, reads nothing big, and changes nothing', async () => {
    const { store, log, db } = await started();
    const a = store.getState().actions;
    const before = () => {
      const s = store.getState();
      return [s.models.user, Object.keys(s.models.slots).sort(), s.grid.results['i:deep'].version];
    };
    const kept = before();
    /** A file that records every attempt to read it (and has no bytes to give). */
    const reads: string[] = [];
    const unread = (name: string, size: number) =>
      ({
        name,
        size,
        type: '',
        arrayBuffer: () => {
          reads.push(name);
          return Promise.reject(new Error('must not be read'));
        },
      }) as unknown as File;
    const json = (o: object) => new File([JSON.stringify(o)], 'model.json');
    const error = () => store.getState().models.upload.error;

    // Over 64 MiB: refused from its size alone, model.json not even read.
    await a.loadModelFiles([unread('model.json', 3_000), unread('weights.bin', 200_000_000)]);
    expect(error()).toBe("weights.bin has 200,000,000 bytes; at most 67,108,864 (64 MiB) are read (the thesis's largest cell needs 1.3 MB)");
    await a.loadModelFiles([unread('model.json', 17_000_000), unread('weights.bin', 8)]);
    expect(error()).toBe('model.json has 17,000,000 bytes; at most 16,777,216 (16 MiB) are read (a model.json has a few kilobytes)');
    // Under the bound but not what the manifest needs: model.json is read and checked, weights.bin is not read.
    await a.loadModelFiles([json({ bytes: 614_312 }), unread('weights.bin', 50_000_000)]);
    expect(error()).toBe('weights.bin has 50,000,000 bytes; the manifest of model.json needs exactly 614,312 (2 float32 weights): 49,385,688 bytes too many');
    expect(reads).toEqual([]);
    // Wrong kinds.
    await a.loadModelFiles([json({}), new File([new Uint8Array(8)], 'model.json')]);
    expect(error()).toBe('two JSON files (model.json, model.json): choose one model.json and its weights.bin');
    await a.loadModelFiles([json({}), Object.assign(new File([new Uint8Array(4096)], 'my-model'), { folder: true })]);
    expect(error()).toBe('my-model is a folder: choose the two files in it, model.json and weights.bin');
    await a.loadModelFiles([json({}), new File([], 'weights.bin')]);
    expect(error()).toBe('weights.bin is empty (0 bytes)');
    await a.loadModelFiles([new File(['PK\u0003\u0004'], 'model.json'), unread('weights.bin', 8)]);
    expect(error()).toBe('model.json: not valid JSON (Unexpected token)');
    expect(reads).toEqual([]);
    // A file that cannot be read (gone, or a folder the browser did not mark) says so.
    await a.loadModelFiles([unread('model.json', 10), new File([new Uint8Array(8)], 'weights.bin')]);
    expect(error()).toBe('model.json could not be read (must not be read): is it a file that still exists?');
    // Nothing of this reached the worker's slots or the page's models.
    expect(log.calls.filter((c) => c.startsWith('load'))).toEqual([]);
    expect(before()).toEqual(kept);
    expect(await db.list()).toEqual([]);
    expect(store.getState().models.upload.attempts).toBe(8);
  });

  it('a good pair is transferred to the worker, comes back and is kept in this browser byte for byte', async () => {
    const { store, db, log } = await started();
    const weights = Uint8Array.from({ length: 16 }, (_, i) => i * 7);
    await store.getState().actions.loadModelFiles([new File(['{"bytes":16}'], 'model.json'), new File([weights], 'weights.bin')]);
    await settle(store);
    const s = store.getState();
    expect(s.models.upload.error).toBeNull();
    expect(log.calls.filter((c) => c === 'inspect' || c.startsWith('load'))).toEqual(['inspect', `load u:${s.models.user[0]} file`]);
    const stored = await db.get(s.models.user[0]);
    expect(new TextDecoder().decode(stored!.json)).toBe('{"bytes":16}');
    expect(Array.from(stored!.weights)).toEqual(Array.from(weights));
  });

  it('the training form is refused in its own words, before anything is sent', async () => {
    const { store, log } = await started();
    const a = store.getState().actions;
    const sent = () => log.calls.length;
    const n = sent();
    for (const [p, msg] of [
      [{ batchSize: 5000 }, 'Batch size must be an integer in [1, 1000], got 5000'],
      [{ batchSize: 50, epochs: 0 }, 'Epochs must be an integer in [1, 1000], got 0'],
      [{ epochs: 1, lr: 2 }, 'Learning rate must be a number in (0, 1], got 2'],
      [{ lr: 2e-4, limit: 0.5 }, 'Training sequences must be an integer in [1, ∞], got 0.5'],
      [{ limit: NaN }, 'Training sequences must be an integer in [1, ∞], got NaN'],
    ] as const) {
      a.setTrainForm(p);
      expect(trainFormProblem(store.getState().train.form)?.message).toBe(msg);
      await a.startTraining();
      expect([store.getState().train.state, store.getState().train.error]).toEqual(['idle', msg]);
    }
    expect(sent()).toBe(n);
    a.setTrainForm({ limit: 100 });
    expect(trainFormProblem(store.getState().train.form)).toBeNull();
  });

  it('training reports the curve, and a stopped run is saved to the browser and joins the grid', async () => {
    const { store, db } = await started();
    const a = store.getState().actions;
    a.setTrainForm({ preset: 'deep', limit: 100 });
    const run = a.startTraining();
    while (store.getState().train.curve.length < 2) await new Promise((r) => setTimeout(r, 5));
    expect(store.getState().train.curve.map((p) => p.iteration)).toEqual([1, 2]);
    await a.pauseTraining();
    expect(store.getState().train.state).toBe('paused');
    await a.resumeTraining();
    await a.stopTraining();
    await run;
    await settle(store);
    const s = store.getState();
    const [stored] = await db.list();
    expect([s.train.state, s.train.done?.aborted, stored.source, stored.name]).toEqual(['idle', true, 'trained', 'Deep · MNIST-MAJ · 100 seq (stopped)']);
    expect(s.models.user).toEqual([stored.id]);
    expect(s.grid.results[`u:${stored.id}`].version).toBe(s.seq.version);
    expect(s.train.saved).toContain('saved in this browser (for this session only');
  });

  it('after a worker restart every model is loaded again and the page says so', async () => {
    const { store, log } = await started();
    log.calls.length = 0;
    await store.getState().actions.recover('simulated crash');
    await settle(store);
    const s = store.getState();
    expect(log.calls.sort()).toEqual(['init i:deep', 'init i:r-lstm-sd']);
    expect([s.worker.status, s.worker.restarts, s.worker.notice]).toEqual(['ready', 1, 'The worker stopped (simulated crash). It was restarted and 2 models reloaded.']);
    expect(s.grid.results['i:deep'].version).toBe(s.seq.version);
  });

  it('a worker that keeps failing: the status bar says when it restarts, then that the backend was switched, and hello avoids it', async () => {
    const { store, log } = await started({ backend: 'webgpu' });
    expect(store.getState().worker.hello?.backend).toBe('webgpu');
    const a = store.getState().actions;
    const policy = new RestartPolicy();
    const reason = 'Uncaught Error: GPU device lost (destroyed)';
    for (let k = 1; k <= 3; k++) {
      const d = policy.failure(k, 'webgpu');
      a.workerDown(reason, d);
      expect([store.getState().worker.status, store.getState().worker.notice]).toEqual([
        'restarting',
        `The worker stopped (${reason}); restarting it in ${[0.5, 1, 2][k - 1]} s (restart ${k} of 3 within 60 s)…`,
      ]);
      await a.recover(reason, d);
      expect(store.getState().worker.notice).toBe(`The worker stopped (${reason}). It was restarted and 2 models reloaded.`);
    }
    const d = policy.failure(4, 'webgpu');
    a.workerDown(reason, d);
    expect(store.getState().worker.notice).toBe(`WebGPU device lost 4 times within 60 s (${reason}); switching to another backend…`);
    await a.recover(reason, d);
    await settle(store);
    const s = store.getState();
    expect(log.avoided).toEqual([[], [], [], [], ['webgpu']]);
    expect([s.worker.status, s.worker.hello?.backend, s.worker.restarts]).toEqual(['ready', 'webgl', 4]);
    expect(s.worker.notice).toBe('WebGPU device lost 4 times; switched to WebGL. The worker was restarted and 2 models reloaded.');
    expect(s.grid.results['i:deep'].version).toBe(s.seq.version);
    // Given up for good (cpu): an error, not a restart.
    const cpu = new RestartPolicy();
    const last = [1, 2, 3, 4].map((t) => cpu.failure(t, 'cpu')).at(-1)!;
    a.workerDown('boom', last);
    expect([store.getState().worker.status, store.getState().worker.error]).toEqual([
      'error',
      'The worker on CPU stopped 4 times within 60 s (boom); it is not restarted again: reload the page to try again.',
    ]);
  });

  it('a recovery overtaken by another failure stops where it is and leaves the newer notice', async () => {
    const { store } = await started();
    const a = store.getState().actions;
    const p = new RestartPolicy();
    const pending = a.recover('first', p.failure(0, 'wasm'));
    a.workerDown('second', p.failure(1, 'wasm')); // the fresh worker died before the recovery finished
    await pending;
    expect(store.getState().worker.notice).toBe('The worker stopped (second); restarting it in 1 s (restart 2 of 3 within 60 s)…');
  });

  it('methods and architectures: toggling re-runs or loads what changed', async () => {
    const { store, log } = await started();
    const a = store.getState().actions;
    a.toggleMethod('lrp-epsilon');
    a.toggleArch('shallow');
    await settle(store);
    const s = store.getState();
    expect(columnsOf(s).map((c) => c.slot)).toEqual(['i:deep', 'i:r-lstm-sd', 'i:shallow']);
    expect(log.grids.at(-1)!.methods).toEqual(['sensitivity', 'guided-backprop', 'gradient-x-input', 'deep-taylor', 'lrp-alpha-beta:a1.5b0.5', 'lrp-epsilon']);
    a.removeColumn('i:deep');
    await settle(store);
    expect(store.getState().models.arch).toEqual(['r-lstm-sd', 'shallow']);
    await store.getState().actions.ensureModels(); // a round trip: the fire-and-forget removeModel has been served
    await new Promise((r) => setTimeout(r, 20));
    expect(log.calls).toContain('remove i:deep');
  });

  describe('the zoo: bundled models of both datasets, loaded when a column needs them; the comparison', () => {
    const entry = (preset: string, dataset: string, extra: Record<string, unknown> = {}) => ({ id: `${preset}-${dataset}`, preset, dataset, task: 'maj', T: 12, path: `${preset}-${dataset}`, eval: 'eval.json', ...extra });
    const bundle = parseBundleIndex(
      JSON.stringify([
        entry('deep', 'mnist'),
        entry('r-lstm-sd', 'mnist'),
        entry('shallow', 'mnist', { status: 'in-training', eval: undefined }),
        entry('deep', 'fashion'),
        entry('r-lstm-sd', 'fashion'),
        entry('conv-deep', 'fashion'),
      ]),
      'http://x/models/index.json',
    );
    const evalText = (preset: string, dataset: string) =>
      JSON.stringify({
        format: 'rrx-zoo-eval',
        version: 1,
        id: `${preset}-${dataset}`,
        preset,
        dataset,
        task: 'maj',
        T: 12,
        split: 'test',
        n: 10000,
        accuracy: 0.98,
        correct: 9800,
        model: { epochsDone: 1, iterations: 960 },
        methods: [{ id: 'deep-taylor', label: 'Deep Taylor decomposition', params: {}, all: { n: 10000, cosine: { mean: 0.7, lo: 0.69, hi: 0.71, n: 10000 } }, correct: {} }],
      });
    const files: Record<string, string> = {};
    for (const [p, d] of [
      ['deep', 'mnist'],
      ['r-lstm-sd', 'mnist'],
      ['shallow', 'mnist'],
      ['deep', 'fashion'],
      ['r-lstm-sd', 'fashion'],
      ['conv-deep', 'fashion'],
    ]) {
      files[`http://x/models/${p}-${d}/model.json`] = '{}';
      files[`http://x/models/${p}-${d}/weights.bin`] = 'w';
      files[`http://x/models/${p}-${d}/eval.json`] = evalText(p, d);
    }
    const modelFetches = (urls: string[]) => urls.filter((u) => u.endsWith('/weights.bin')).map((u) => u.split('/').at(-2));

    it('at start only the columns’ bundled models are fetched and loaded, and no evaluation file', async () => {
      const { store, log, fetched } = await started({}, { bundle, files });
      expect(modelFetches(fetched)).toEqual(['deep-mnist', 'r-lstm-sd-mnist']);
      expect(fetched.filter((u) => u.endsWith('eval.json'))).toEqual([]);
      expect(log.calls.filter((c) => c.startsWith('load')).sort()).toEqual(['load b:deep-mnist bundled', 'load b:r-lstm-sd-mnist bundled']);
      // Another dataset: that dataset's models, fetched then, the others freed.
      await store.getState().actions.setDataset('fashion');
      await settle(store);
      expect(modelFetches(fetched)).toEqual(['deep-mnist', 'r-lstm-sd-mnist', 'deep-fashion', 'r-lstm-sd-fashion']);
      expect(Object.keys(store.getState().models.slots).sort()).toEqual(['b:deep-fashion', 'b:r-lstm-sd-fashion']);
      // An architecture without a bundled model on the dataset keeps seeded random weights.
      store.getState().actions.toggleArch('shallow');
      await settle(store);
      expect(store.getState().models.slots['i:shallow'].summary?.source).toBe('init');
    });

    it('the comparison fetches its dataset’s evaluation files when shown, once each', async () => {
      const { store, fetched } = await started({}, { bundle, files });
      const a = store.getState().actions;
      a.setView('compare');
      await a.loadEvals();
      const evals = () => fetched.filter((u) => u.endsWith('eval.json')).map((u) => u.split('/').at(-2));
      expect(evals().sort()).toEqual(['deep-mnist', 'r-lstm-sd-mnist']); // shallow (in training) has none
      expect(store.getState().view.evals['deep-mnist']).toMatchObject({ status: 'ready', eval: { preset: 'deep', n: 10000 } });
      a.setCompareDataset('fashion');
      await a.loadEvals();
      a.setCompareDataset('mnist');
      await a.loadEvals();
      expect(evals().sort()).toEqual(['conv-deep-fashion', 'deep-fashion', 'deep-mnist', 'r-lstm-sd-fashion', 'r-lstm-sd-mnist']);
      // The grid's dataset did not change with the comparison's.
      expect(store.getState().seq.dataset).toBe('mnist');
      expect(modelFetches(fetched)).toEqual(['deep-mnist', 'r-lstm-sd-mnist']);
    });

    it('opening a bar shows its cell and method in the grid, on its dataset, with the bundled model loaded', async () => {
      const { store, log } = await started({ methods: ['sensitivity', 'deep-taylor'] }, { bundle, files });
      const a = store.getState().actions;
      a.setView('compare');
      a.setCompareDataset('fashion');
      await a.openInGrid('conv-deep', 'lrp-alpha-beta:a1.5b0.5', 'fashion');
      await settle(store);
      const s = store.getState();
      expect([s.view.tab, s.seq.dataset, s.models.arch, s.grid.methods]).toEqual(['explore', 'fashion', ['deep', 'r-lstm-sd', 'conv-deep'], ['sensitivity', 'deep-taylor', 'lrp-alpha-beta:a1.5b0.5']]);
      expect(columnsOf(s).map((c) => c.slot)).toEqual(['b:deep-fashion', 'b:r-lstm-sd-fashion', 'b:conv-deep-fashion']);
      expect(s.grid.selected).toEqual({ method: 'lrp-alpha-beta:a1.5b0.5', slot: 'b:conv-deep-fashion' });
      expect(s.view.reveal).toEqual({ method: 'lrp-alpha-beta:a1.5b0.5', slot: 'b:conv-deep-fashion' });
      expect(log.calls).toContain('load b:conv-deep-fashion bundled');
      expect(s.models.slots['b:conv-deep-fashion'].summary?.source).toBe('bundled');
      expect(s.grid.results['b:conv-deep-fashion'].cells.map((c) => c.method)).toEqual(s.grid.methods);
      // Already shown: nothing added; all six columns taken: the last one makes room.
      await a.openInGrid('deep', 'deep-taylor', 'fashion');
      expect([store.getState().models.arch.length, store.getState().grid.methods.length]).toEqual([3, 3]);
      a.setArch(['deep', 'r-lstm-sd', 'conv-deep', 'shallow', 'deep-v2', 'r-lstm']);
      await a.openInGrid('deep-sd', 'sensitivity', 'fashion');
      expect(store.getState().models.arch).toEqual(['deep', 'r-lstm-sd', 'conv-deep', 'shallow', 'deep-v2', 'deep-sd']);
    });
  });
});
