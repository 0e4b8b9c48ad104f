/**
 * The store's actions against an in-process worker double: the real ProtocolClient and serve()
 * over a node:worker_threads MessageChannel, with handlers that serve small synthetic sets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { ProtocolClient } from '../protocol/client';
import { PROTOCOL_VERSION, type DataRef, type ModelSummary, type Sample } from '../protocol/messages';
import type { PortLike } from '../protocol/port';
import { serve, type Handlers } from '../protocol/server';
import { createAppStore, type AppStore } from './store';
import type { UrlState } from './url-state';

const N = { mnist: 5, fashion: 7 } as const;
const label = (ref: DataRef, i: number) => (ref.dataset === 'mnist' ? i % 10 : (i + 3) % 10);
const modelA: ModelSummary = { preset: 'deep', arch: 'deep', name: 'Deep', T: 12, width: 84, parameters: 153578, source: 'init', detail: 'seed 1' };

function fakeHandlers(log: string[]): Handlers {
  let trainWake: (() => void) | null = null;
  return {
    hello: ({ backend }) => ({ protocol: PROTOCOL_VERSION, backend: backend ?? 'wasm', requested: backend, reason: 'test', webgpu: null, webglSoftware: null, attempts: [] }),
    loadData: (ref) => {
      log.push(`loadData ${ref.dataset}`);
      return { ...ref, n: N[ref.dataset], width: 84, classNames: ref.dataset === 'mnist' ? [...'0123456789'] : ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'] };
    },
    getSample: (req): Sample => {
      log.push(`getSample ${req.dataset} ${req.index}`);
      return { ...req, n: N[req.dataset], width: 84, label: label(req, req.index), mask: [1, 0, 1], pixels: new Uint8Array(28 * 84).fill(req.index) };
    },
    initModel: () => modelA,
    loadModel: ({ json }) => {
      const text = new TextDecoder().decode(json);
      if (!text.startsWith('{')) throw new Error('model.json: not valid JSON (Unexpected token)');
      return { ...modelA, source: 'file', detail: 'model.json' };
    },
    trainStart: async (req, ctx) => {
      ctx.progress({ epoch: 1, epochs: req.epochs, batch: 1, batches: 2, iteration: 1, loss: 2.3, accuracy: 0.1, seqPerSec: 50, elapsedSeconds: 1, etaSeconds: 1, backend: 'wasm' });
      await new Promise<void>((r) => (trainWake = r));
      return { aborted: true, iterations: 1, seconds: 1, loss: 2.3, accuracy: 0.1, model: { ...modelA, source: 'trained' } };
    },
    trainPause: () => ({ state: 'paused' }),
    trainResume: () => ({ state: 'running' }),
    trainStop: () => {
      trainWake?.();
      return { state: 'stopped' };
    },
    explain: () => {
      throw new Error('no model');
    },
  };
}

let ports: MessagePort[] = [];
afterEach(() => {
  for (const p of ports) p.close();
  ports = [];
});

async function started(search: UrlState = { backend: null, dataset: 'mnist', index: 0, test: false }) {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const log: string[] = [];
  serve(port2 as unknown as PortLike, fakeHandlers(log));
  const store: AppStore = createAppStore(new ProtocolClient(port1 as unknown as PortLike));
  await store.getState().actions.start(search);
  return { store, log };
}

describe('app store', () => {
  it('start: says hello, loads the first dataset and shows the first sample', async () => {
    const { store, log } = await started({ backend: 'cpu', dataset: 'fashion', index: 2, test: false });
    const s = store.getState();
    expect(s.worker).toMatchObject({ status: 'ready', error: null });
    expect(s.worker.hello?.backend).toBe('cpu');
    expect([s.seq.dataset, s.seq.n, s.seq.index, s.seq.sample?.index, s.seq.sample?.label, s.seq.classNames[5]]).toEqual(['fashion', 7, 2, 2, 5, 'Sandal']);
    expect(log).toEqual(['loadData fashion', 'getSample fashion 2']);
  });

  it('steps forward and back with wrap-around, and jumps to an index', async () => {
    const { store } = await started();
    const a = store.getState().actions;
    await a.step(-1);
    expect(store.getState().seq.sample?.index).toBe(4);
    await a.step(1);
    expect(store.getState().seq.sample?.index).toBe(0);
    await a.showIndex(3);
    expect(store.getState().seq.sample?.label).toBe(3);
    await a.random(() => 0);
    expect(store.getState().seq.index).toBe(0);
  });

  it('switching dataset keeps the index (clamped) and changes the label', async () => {
    const { store } = await started({ backend: null, dataset: 'mnist', index: 4, test: false });
    expect(store.getState().seq.sample?.label).toBe(4);
    await store.getState().actions.setDataset('fashion');
    const s = store.getState().seq;
    expect([s.dataset, s.index, s.sample?.dataset, s.sample?.label]).toEqual(['fashion', 4, 'fashion', 7]);
  });

  it('only the newest of quick successive steps lands (older ones are superseded, not errors)', async () => {
    const { store } = await started();
    const a = store.getState().actions;
    await Promise.all([a.showIndex(1), a.showIndex(2), a.showIndex(3)]);
    const s = store.getState().seq;
    expect([s.sample?.index, s.error, s.loading]).toEqual([3, null, false]);
  });

  it('a bad model file shows the loader message and keeps the current model', async () => {
    const { store } = await started();
    const a = store.getState().actions;
    await a.loadModelFiles([new File(['{}'], 'model.json'), new File([new Uint8Array(8)], 'weights.bin')]);
    expect(store.getState().model.summary?.source).toBe('file');
    await a.loadModelFiles([new File(['garbage'], 'model.json'), new File([new Uint8Array(8)], 'weights.bin')]);
    const m = store.getState().model;
    expect([m.error, m.summary?.source, m.loading]).toEqual(['model.json: not valid JSON (Unexpected token)', 'file', false]);
    await a.loadModelFiles([new File(['{}'], 'model.json')]);
    expect(store.getState().model.error).toBe('choose exactly two files, model.json and weights.bin (got model.json)');
  });

  it('training reports progress, pauses, resumes, and a stop makes the trained model current', async () => {
    const { store } = await started();
    const a = store.getState().actions;
    a.setTrainForm({ preset: 'r-lstm', limit: 100 });
    const run = a.startTraining();
    await new Promise<void>((resolve) => {
      const off = store.subscribe((s) => {
        if (s.train.progress) {
          off();
          resolve();
        }
      });
    });
    expect(store.getState().train).toMatchObject({ state: 'running', progress: { loss: 2.3, backend: 'wasm' } });
    await a.pauseTraining();
    expect(store.getState().train.state).toBe('paused');
    await a.resumeTraining();
    expect(store.getState().train.state).toBe('running');
    await a.stopTraining();
    await run;
    const s = store.getState();
    expect([s.train.state, s.train.done?.aborted, s.model.summary?.source]).toEqual(['idle', true, 'trained']);
  });
});
