/**
 * The faithfulness panel's slice against an in-process worker double (the real ProtocolClient and
 * serve() over a MessageChannel): what it asks for, when it asks again, supersession when the
 * sequence changes, cancelling on close, and the randomisation stepper's bounds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { ProtocolClient } from '../protocol/client';
import type { PerturbationCurves, PerturbationRequest, RandomisationRequest, RandomisationStages } from '../protocol/messages';
import type { PortLike } from '../protocol/port';
import { serve, type Handlers } from '../protocol/server';
import { memoryModelDb } from './lib/model-db';
import { createAppStore, type AppStore } from './store';
import { DEFAULT_FAITH_OPTIONS } from './slices/faith';
import { DEFAULT_METHODS } from './lib/methods';

interface Log {
  perturbation: PerturbationRequest[];
  randomisation: RandomisationRequest[];
  /** Signals of the perturbation calls, in order. */
  signals: AbortSignal[];
  /** When set, perturbation waits for it. */
  hold: Promise<void> | null;
  fail: string | null;
}

const curves = (req: PerturbationRequest): PerturbationCurves => ({
  slot: req.slot,
  version: req.version,
  width: 84,
  T: 12,
  target: req.label ?? 0,
  predicted: 0,
  fill: req.fill,
  patch: req.patch,
  steps: req.steps,
  patches: 147,
  methods: req.methods.map((method, m) => ({ method, label: method, curve: [3, 2 - m, 1 - m], aopc: (1 + m + (2 + m)) / 3, empty: false })),
  random: { curves: [[3, 3, 2]], mean: [3, 3, 2], aopc: 1 / 3 },
  backend: 'cpu',
  ms: 1,
});

const stages = (req: RandomisationRequest): RandomisationStages => ({
  slot: req.slot,
  version: req.version,
  width: 84,
  T: 12,
  target: req.label ?? 0,
  layers: ['output_2', 'output_1', 'recurrent'],
  methods: req.methods.map((method) => ({ method, label: method })),
  heatmaps: [0, 1, 2, 3].map((s) => req.methods.map(() => new Float32Array(28 * 84).fill(s))),
  spearman: [0, 1, 2, 3].map((s) => req.methods.map(() => 1 - s / 4)),
  ssim: [0, 1, 2, 3].map((s) => req.methods.map(() => 1 - s / 5)),
  backend: 'cpu',
  ms: 1,
});

/** Only the calls this slice makes; any other fails the test. */
function handlers(log: Log): Handlers {
  const some: Partial<Handlers> = {
    perturbation: async (req, ctx) => {
      log.perturbation.push(req);
      log.signals.push(ctx.signal);
      ctx.progress({ phase: 'perturbing', done: 1, total: 2 });
      if (log.hold) await log.hold;
      if (log.fail) throw new Error(log.fail);
      return curves(req);
    },
    randomisation: (req) => {
      log.randomisation.push(req);
      return stages(req);
    },
  };
  return new Proxy(some, {
    get: (t, k: string) =>
      t[k as keyof Handlers] ??
      (() => {
        throw new Error(`${k}: not in this test`);
      }),
  }) as Handlers;
}

let ports: MessagePort[] = [];
afterEach(() => {
  for (const p of ports) p.close();
  ports = [];
});

function setup() {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const log: Log = { perturbation: [], randomisation: [], signals: [], hold: null, fail: null };
  serve(port2 as unknown as PortLike, handlers(log));
  let id = 0;
  const store = createAppStore(new ProtocolClient(port1 as unknown as PortLike), {
    loadBundleIndex: async () => ({ status: 'missing', message: 'none' }),
    fetchBytes: async (u) => {
      throw new Error(`${u}: HTTP 404`);
    },
    db: memoryModelDb(),
    persistent: false,
    download: () => undefined,
    afterPaint: (fn) => fn(),
    now: () => ++id,
    newId: (prefix) => `${prefix}${++id}`,
  });
  // A sequence as the grid explains it (no worker calls: the slice reads the state).
  const show = (version: number, over: Partial<AppStore extends { getState(): infer S } ? S extends { seq: infer Q } ? Q : never : never> = {}) =>
    store.setState((s) => ({ seq: { ...s.seq, pixels: new Uint8Array(28 * 84).fill(version), version, label: 4, mask: [1, 1, 0], ...over } }));
  store.setState((s) => ({ grid: { ...s.grid, methods: [...DEFAULT_METHODS] } }));
  show(1);
  return { store, log, show };
}

const until = async (ok: () => boolean) => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 2));
  if (!ok()) throw new Error('timed out');
};

describe('faithfulness slice', () => {
  it('asks for the curves of the opened cell’s model with the grid’s sequence, label, methods and the options, once per change', async () => {
    const { store, log, show } = setup();
    const a = store.getState().actions;
    a.openFaith('perturbation', 'i:deep', 'deep-taylor');
    expect(store.getState().faith.open).toEqual({ tool: 'perturbation', slot: 'i:deep', method: 'deep-taylor' });
    await until(() => store.getState().faith.perturbation.result !== null);
    const req = log.perturbation[0];
    expect([req.slot, req.label, req.version, req.pixels[0], req.fill, req.patch, req.steps, req.randomOrders]).toEqual(['i:deep', 4, 1, 1, 'background', 4, 30, 8]);
    expect(req.methods).toEqual(DEFAULT_METHODS);
    const f = store.getState().faith.perturbation;
    expect([f.running, f.error, f.result?.version]).toEqual([null, null, 1]);
    // Nothing changed: no new request.
    a.runFaith();
    await new Promise((r) => setTimeout(r, 10));
    expect(log.perturbation).toHaveLength(1);
    // Another patch size, then another sequence: one request each.
    a.setFaithOptions({ patch: 7, fill: 'noise' });
    await until(() => store.getState().faith.perturbation.result?.patch === 7);
    show(2);
    a.runFaith();
    await until(() => store.getState().faith.perturbation.result?.version === 2);
    expect(log.perturbation.map((r) => [r.version, r.patch, r.fill])).toEqual([
      [1, 4, 'background'],
      [1, 7, 'noise'],
      [2, 7, 'noise'],
    ]);
    expect(DEFAULT_FAITH_OPTIONS.patch).toBe(4);
  });

  it('supersedes the pending curves when the sequence changes: only the newer result lands', async () => {
    const { store, log, show } = setup();
    let open!: () => void;
    log.hold = new Promise<void>((r) => (open = r));
    const a = store.getState().actions;
    a.openFaith('perturbation', 'i:deep', 'sensitivity');
    await until(() => log.perturbation.length === 1);
    await until(() => store.getState().faith.perturbation.progress !== null);
    expect(store.getState().faith.perturbation.progress).toEqual({ phase: 'perturbing', done: 1, total: 2 });
    show(5);
    a.runFaith();
    await until(() => log.perturbation.length === 2);
    expect(log.signals[0].aborted).toBe(true); // the worker stops the stale job
    open();
    await until(() => store.getState().faith.perturbation.result !== null);
    expect(store.getState().faith.perturbation.result?.version).toBe(5);
    expect(store.getState().faith.perturbation.running).toBeNull();
  });

  it('does not ask while a stroke is drawn, and cancels a job when the panel closes', async () => {
    const { store, log, show } = setup();
    show(3, { drawing: true });
    const a = store.getState().actions;
    a.openFaith('perturbation', 'i:deep', 'sensitivity');
    await new Promise((r) => setTimeout(r, 10));
    expect(log.perturbation).toHaveLength(0);
    log.hold = new Promise<void>(() => undefined); // never answers
    show(3, { drawing: false });
    a.runFaith();
    await until(() => log.perturbation.length === 1);
    a.closeFaith();
    await until(() => log.signals[0].aborted);
    const f = store.getState().faith;
    expect([f.open, f.perturbation.running, f.perturbation.result]).toEqual([null, null, null]);
  });

  it('keeps the worker’s message when the curves fail', async () => {
    const { store, log } = setup();
    log.fail = 'a patch of 5 pixels must divide the image height 28 and width 84';
    store.getState().actions.openFaith('perturbation', 'i:deep', 'sensitivity');
    await until(() => store.getState().faith.perturbation.error !== null);
    expect(store.getState().faith.perturbation.error).toBe(log.fail);
    // Try again asks once more (a current result is not asked for again, a failed one is).
    log.fail = null;
    store.getState().actions.runFaith();
    await until(() => store.getState().faith.perturbation.result !== null);
    expect(store.getState().faith.perturbation.error).toBeNull();
    expect(log.perturbation).toHaveLength(2);
  });

  it('steps through the randomisation’s stages within 0…K, and keeps the stage for the next sequence', async () => {
    const { store, log, show } = setup();
    const a = store.getState().actions;
    a.openFaith('randomisation', 'i:deep', 'deep-taylor');
    await until(() => store.getState().faith.randomisation.result !== null);
    expect(log.randomisation[0]).toMatchObject({ slot: 'i:deep', label: 4, seed: 1, version: 1 });
    expect(store.getState().faith.randomisation.stage).toBe(1);
    a.setStage(3);
    expect(store.getState().faith.randomisation.stage).toBe(3);
    a.setStage(9);
    expect(store.getState().faith.randomisation.stage).toBe(3); // K = 3 layers
    a.setStage(-1);
    expect(store.getState().faith.randomisation.stage).toBe(0);
    a.setStage(2);
    show(2);
    a.runFaith();
    await until(() => store.getState().faith.randomisation.result?.version === 2);
    expect(store.getState().faith.randomisation.stage).toBe(2);
    // New random weights: another seed, another request.
    a.setFaithOptions({ seed: 2 });
    await until(() => log.randomisation.length === 3);
    expect(log.randomisation[2].seed).toBe(2);
  });
});
