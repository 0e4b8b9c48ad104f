/**
 * The store's training runs kept in this browser (lib/run-db.ts), the columns of a shared link
 * whose models this browser lacks, and Back/Forward's goTo: against an in-process worker double
 * (the real ProtocolClient and serve() over a MessageChannel).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { ProtocolClient } from '../protocol/client';
import { PROTOCOL_VERSION, type ModelSummary, type TrainProgressMsg, type TrainRequest } from '../protocol/messages';
import type { PortLike } from '../protocol/port';
import { serve, type Handlers } from '../protocol/server';
import { memoryModelDb } from './lib/model-db';
import { memoryRunDb, type RunDb } from './lib/run-db';
import { createAppStore, type AppStore } from './store';
import { DEFAULT_URL_STATE, type UrlState } from './url-state';

const summary = (slot: string, source: ModelSummary['source']): ModelSummary => ({
  slot,
  preset: 'deep',
  arch: 'deep',
  name: 'Deep',
  T: 12,
  width: 84,
  parameters: 1,
  parametersThesis: 1,
  source,
  detail: '',
  training: null,
  metrics: null,
});

interface Worker {
  /** Every trainStart request. */
  trains: TrainRequest[];
  /** When set, trainStart fails with this message after its progress. */
  failWith: string | null;
  /** Indices of getSample calls. */
  samples: number[];
}

const bytes = (s: string) => new TextEncoder().encode(s);
const progress = (iteration: number, epoch: number, elapsedSeconds: number): TrainProgressMsg => ({
  epoch,
  epochs: 3,
  batch: 2,
  batches: 2,
  iteration,
  loss: 2 / iteration,
  accuracy: 0.1 * iteration,
  seqPerSec: 10,
  elapsedSeconds,
  etaSeconds: 1,
  backend: 'wasm',
});

/** A worker double: each trainStart reports epochs from where it resumes, with a checkpoint after each but the last. */
function handlers(w: Worker): Handlers {
  const fail = () => {
    throw new Error('not in this test');
  };
  const models = new Set<string>();
  return {
    hello: ({ backend }) => ({ protocol: PROTOCOL_VERSION, backend: 'wasm', requested: backend, reason: 'test', webgpu: null, webglSoftware: null, attempts: [] }),
    loadData: (ref) => ({ ...ref, n: 50, width: 84, classNames: [...'0123456789'] }),
    getSample: (req) => {
      w.samples.push(req.index);
      return { ...req, n: 50, width: 84, label: 1, mask: [0, 1, 1], pixels: new Uint8Array(28 * 84).fill(req.index), blocks: [0, 1, 1].map((label, k) => ({ baseIndex: 3 * req.index + k, label })) };
    },
    findSequence: fail,
    getImage: (req) => ({ dataset: req.dataset, baseIndex: req.baseIndex ?? 0, label: 1, pixels: new Uint8Array(784).fill(9) }),
    initModel: (req) => (models.add(req.slot), summary(req.slot, 'init')),
    inspectModel: fail,
    loadModel: (req) => (models.add(req.slot), summary(req.slot, 'stored')),
    removeModel: (req) => ({ removed: models.delete(req.slot) }),
    saveModel: (req) => ({ name: req.slot, json: bytes('{}'), weights: new Uint8Array(8) }),
    evaluate: fail,
    trainStart: async (req, ctx) => {
      w.trains.push(req);
      const from = req.resume ? Number(new TextDecoder().decode(req.resume.checkpoint)) : 0;
      for (let e = from + 1; e <= req.epochs; e++) {
        const p = progress(2 * e, e, 10 * e);
        ctx.progress(p);
        if (e < req.epochs) ctx.progress({ ...p, checkpoint: { epoch: e, json: bytes(`model ${e}`), weights: new Uint8Array(4), checkpoint: bytes(String(e)), optimizer: new Uint8Array(8) } });
        await new Promise((r) => setTimeout(r, 1));
        if (w.failWith && e === from + 1) throw new Error(w.failWith);
      }
      models.add(req.slot);
      return { aborted: false, iterations: 2 * req.epochs, seconds: 10 * req.epochs, loss: 0.5, accuracy: 0.8, model: summary(req.slot, 'trained') };
    },
    trainPause: () => ({ state: 'paused' }),
    trainResume: () => ({ state: 'running' }),
    trainStop: () => ({ state: 'stopped' }),
    explain: fail,
    explainGrid: async (req) => {
      if (!models.has(req.slot)) throw new Error(`no model in slot "${req.slot}"`);
      return {
        slot: req.slot,
        version: req.version,
        width: 84,
        T: 12,
        logits: Array(10).fill(0),
        probabilities: Array(10).fill(1 / 11),
        predicted: 1,
        target: 1,
        cells: req.methods.map((method) => ({ method, label: method, heatmap: new Float32Array(28 * 84), perStep: Array(12).fill(0), state: null, literal: null, blockShares: [0, 0.5, 0.5], cosine: 1, conservation: { sum: 1, logit: 1, target: 1, error: 0 } })),
        backend: 'wasm',
        ms: 1,
      };
    },
    memory: () => ({ numTensors: 0, numBytes: 0, slots: [...models] }),
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

const until = async (ok: () => boolean) => {
  for (let i = 0; i < 400 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(ok()).toBe(true);
};

async function started(url: Partial<UrlState> = {}, runs: RunDb = memoryRunDb(), db = memoryModelDb()) {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const w: Worker = { trains: [], failWith: null, samples: [] };
  serve(port2 as unknown as PortLike, handlers(w));
  let id = 0;
  const store: AppStore = createAppStore(new ProtocolClient(port1 as unknown as PortLike), {
    loadBundleIndex: async () => ({ status: 'missing', message: 'none' }),
    fetchBytes: async (u) => {
      throw new Error(`${u}: HTTP 404`);
    },
    db,
    persistent: true,
    download: () => undefined,
    afterPaint: (fn) => fn(),
    now: () => ++id,
    newId: (prefix) => `${prefix}${++id}`,
    runs,
  });
  await store.getState().actions.start({ ...DEFAULT_URL_STATE, ...url });
  return { store, w, runs, db };
}

describe('training runs kept in this browser', () => {
  it('keeps the last epoch’s checkpoint while training and deletes it when the run is saved as a model', async () => {
    const runs = memoryRunDb();
    const kept: number[] = [];
    const spy: RunDb = { ...runs, put: async (r) => (kept.push(r.epoch), runs.put(r)) };
    const { store, db } = await started({}, spy);
    const a = store.getState().actions;
    a.setTrainForm({ epochs: 3, limit: 100 });
    await a.startTraining();
    await until(() => store.getState().train.saved !== null);
    expect(kept).toEqual([1, 2]);
    expect(await runs.get()).toBeUndefined(); // the run ended: its model is a browser model now
    const s = store.getState();
    expect(s.train.curve.map((p) => [p.iteration, p.epoch])).toEqual([
      [2, 1],
      [4, 2],
      [6, 3],
    ]); // a checkpoint message adds no point
    expect((await db.list()).map((m) => m.source)).toEqual(['trained']);
    expect(s.train.checkpoint).toBeNull();
  });

  it('a run that failed after a checkpoint is offered for resuming; resuming sends its files and continues curve and id', async () => {
    const { store, w, runs } = await started();
    const a = store.getState().actions;
    a.setTrainForm({ epochs: 3, limit: 100, preset: 'shallow' });
    w.failWith = 'the worker stopped (simulated)';
    await a.startTraining();
    let s = store.getState();
    expect([s.train.state, s.train.error]).toEqual(['idle', 'the worker stopped (simulated)']);
    expect(s.train.interrupted).toMatchObject({ epoch: 1, iteration: 2, elapsedSeconds: 10, form: { epochs: 3, limit: 100, preset: 'shallow' } });
    const id = s.train.interrupted!.id;

    // A fresh page (a reload): the kept run is offered at start.
    const again = await started({}, runs);
    await until(() => again.store.getState().train.interrupted !== null);
    expect(again.store.getState().train.interrupted?.id).toBe(id);
    await again.store.getState().actions.resumeInterrupted();
    await until(() => again.store.getState().train.saved !== null);
    const req = again.w.trains[0];
    expect([req.slot, req.preset, req.epochs, new TextDecoder().decode(req.resume!.checkpoint), new TextDecoder().decode(req.resume!.json)]).toEqual([`u:${id}`, 'shallow', 3, '1', 'model 1']);
    s = again.store.getState();
    // The curve goes on from the kept points: epoch 1 from before the reload, then epochs 2 and 3.
    expect(s.train.curve.map((p) => p.epoch)).toEqual([1, 2, 3]);
    expect(s.models.user).toEqual([id]);
    expect(await runs.get()).toBeUndefined();
  });

  it('a new run replaces the kept one; Discard deletes it', async () => {
    const { store, w, runs } = await started();
    const a = store.getState().actions;
    a.setTrainForm({ epochs: 2, limit: 100 });
    w.failWith = 'stopped';
    await a.startTraining();
    expect(store.getState().train.interrupted).not.toBeNull();
    await a.discardInterrupted();
    expect([store.getState().train.interrupted, await runs.get()]).toEqual([null, undefined]);
    await a.startTraining(); // fails again after epoch 1: kept
    const first = (await runs.get())!.id;
    w.failWith = null;
    await a.startTraining();
    await until(() => store.getState().train.saved !== null);
    expect(w.trains.map((t) => t.resume === undefined)).toEqual([true, true, true]);
    expect(first).not.toBe(store.getState().models.user.at(-1));
    expect(await runs.get()).toBeUndefined();
  });
});

describe('a shared link naming models of another browser', () => {
  it('drops their columns and says which ones, keeping the models this browser holds', async () => {
    const db = memoryModelDb();
    await db.put({ id: 'here1', name: 'Deep · MNIST-MAJ · 100 seq', preset: 'deep', source: 'trained', created: '2024-01-01', json: bytes('{}'), weights: new Uint8Array(8) });
    const { store } = await started({ arch: ['deep'], user: ['elsewhere1', 'here1'] }, memoryRunDb(), db);
    await until(() => store.getState().models.slots['u:here1']?.status === 'ready');
    const s = store.getState();
    expect(s.models.user).toEqual(['here1']);
    expect(s.models.missing).toEqual(['elsewhere1']);
    expect(s.models.slots['u:elsewhere1']).toBeUndefined();
    store.getState().actions.dismissMissing();
    expect(store.getState().models.missing).toEqual([]);
  });
});

describe('Back and Forward', () => {
  it('goTo shows the entry’s test sequence, or its edited blocks at its index', async () => {
    const { store, w } = await started({ index: 3 });
    await until(() => store.getState().seq.pixels !== null);
    const a = store.getState().actions;
    await a.goTo({ dataset: 'mnist', index: 7, blocks: null });
    expect([store.getState().seq.index, store.getState().seq.edited, w.samples.at(-1)]).toEqual([7, false, 7]);
    await a.goTo({ dataset: 'mnist', index: 2, blocks: [{ label: 4, kind: 'image', baseIndex: 1 }, { label: 4, kind: 'image', baseIndex: 2 }, { label: 5, kind: 'pixels', pixels: new Uint8Array(784).fill(3) }] });
    const s = store.getState().seq;
    expect([s.index, s.edited, s.label, s.pixels![27 * 84 + 83]]).toEqual([2, true, 4, 3]);
    expect(w.samples.at(-1)).toBe(7); // blocks come from getImage and the link, not from a sample
  });
});

describe('keys', () => {
  it('setTool switches the drawing tool', async () => {
    const { store } = await started();
    expect(store.getState().seq.tool).toBe('pen');
    store.getState().actions.setTool('eraser');
    expect(store.getState().seq.tool).toBe('eraser');
  });
});

