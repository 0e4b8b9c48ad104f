/**
 * The protocol over a real MessageChannel of node:worker_threads (structured clone and transfer as
 * in the browser), without a worker: the server runs in this process on port2.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { ProtocolClient } from './client';
import { WorkerCallError, isSuperseded } from './errors';
import { KINDS, PROTOCOL_VERSION, SUPERSEDES, groupOf, type Sample, type ToPage } from './messages';
import type { PortLike } from './port';
import { serve, transfer, type Handlers } from './server';

const notImplemented = () => {
  throw new Error('not implemented in this test');
};
const baseHandlers = (): Handlers => ({
  hello: ({ backend }) => ({
    protocol: PROTOCOL_VERSION,
    backend: backend ?? 'cpu',
    requested: backend,
    reason: 'test',
    webgpu: null,
    webglSoftware: null,
    attempts: [],
  }),
  loadData: notImplemented,
  getSample: notImplemented,
  initModel: notImplemented,
  loadModel: notImplemented,
  trainStart: notImplemented,
  trainPause: notImplemented,
  trainResume: notImplemented,
  trainStop: notImplemented,
  explain: notImplemented,
  findSequence: notImplemented,
  getImage: notImplemented,
  removeModel: notImplemented,
  saveModel: notImplemented,
  evaluate: notImplemented,
  explainGrid: notImplemented,
  memory: notImplemented,
  inspectModel: notImplemented,
  crash: notImplemented,
  perturbation: notImplemented,
  randomisation: notImplemented,
});

/** A promise and its resolver, to hold a handler until the test lets it go. */
function gate<T = void>() {
  let open!: (v: T) => void;
  const p = new Promise<T>((r) => (open = r));
  return { p, open };
}

const sample = (index: number): Sample => ({
  dataset: 'mnist',
  task: 'maj',
  split: 'test',
  index,
  n: 10,
  width: 84,
  label: index % 10,
  mask: [1, 1, 0],
  pixels: new Uint8Array(28 * 84).fill(index * 10),
  blocks: [],
});

let ports: MessagePort[] = [];
function connect(overrides: Partial<Handlers>) {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const stop = serve(port2 as unknown as PortLike, { ...baseHandlers(), ...overrides } as Handlers);
  const client = new ProtocolClient(port1 as unknown as PortLike);
  return { client, stop, port1 };
}
afterEach(() => {
  for (const p of ports) p.close();
  ports = [];
});

describe('ProtocolClient + serve over a MessageChannel', () => {
  it('answers a hello with the handler result', async () => {
    const { client } = connect({});
    const r = await client.call({ kind: 'hello', backend: 'wasm' });
    expect(r.backend).toBe('wasm');
    expect(r.protocol).toBe(PROTOCOL_VERSION);
    expect(client.inFlight).toBe(0);
  });

  it('delivers typed arrays and transfers the result buffer', async () => {
    let sent: Uint8Array | null = null;
    const { client } = connect({
      getSample: ({ index }) => {
        const s = sample(index);
        sent = s.pixels;
        return transfer(s, [s.pixels.buffer]);
      },
    });
    const s = await client.call({ kind: 'getSample', dataset: 'mnist', task: 'maj', split: 'test', index: 7 });
    expect(s.pixels).toBeInstanceOf(Uint8Array);
    expect(s.pixels.length).toBe(28 * 84);
    expect(s.pixels[100]).toBe(70);
    expect(s.label).toBe(7);
    expect(sent!.length).toBe(0); // detached on the worker side: it was transferred, not copied
  });

  it('reports progress values in order before the result', async () => {
    const { client } = connect({
      trainStart: async (req, ctx) => {
        for (let i = 1; i <= 3; i++)
          ctx.progress({
            epoch: 1,
            epochs: req.epochs,
            batch: i,
            batches: 3,
            iteration: i,
            loss: 2 / i,
            accuracy: i / 10,
            seqPerSec: 100,
            elapsedSeconds: i,
            etaSeconds: 3 - i,
            backend: 'cpu',
          });
        return { aborted: false, iterations: 3, seconds: 3, loss: 2 / 3, accuracy: 0.3, model: null as never };
      },
    });
    const seen: number[] = [];
    const done = await client.call(
      { kind: 'trainStart', slot: 's', preset: 'deep', dataset: 'mnist', task: 'maj', limit: 100, epochs: 1, batchSize: 50, lr: 2e-4, seed: 1 },
      { onProgress: (p) => seen.push(p.batch) },
    );
    expect(seen).toEqual([1, 2, 3]);
    expect(done.iterations).toBe(3);
  });

  it('rejects with the handler error message and code "failed"', async () => {
    const { client } = connect({
      loadModel: () => {
        throw new Error('weights.bin holds 12 bytes, the manifest needs 614312');
      },
    });
    const err = await client
      .call({ kind: 'loadModel', slot: 's', json: new Uint8Array(3), weights: new Uint8Array(12), name: 'm' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerCallError);
    expect((err as WorkerCallError).code).toBe('failed');
    expect((err as WorkerCallError).message).toBe('weights.bin holds 12 bytes, the manifest needs 614312');
  });

  it('supersedes a stale request of the same group: stale rejects, its signal aborts, its late answer is dropped', async () => {
    const first = gate();
    const signals: AbortSignal[] = [];
    const { client } = connect({
      getSample: async ({ index }, ctx) => {
        signals.push(ctx.signal);
        if (index === 1) await first.p;
        return sample(index);
      },
    });
    const ref = { dataset: 'mnist', task: 'maj', split: 'test' } as const;
    const a = client.call({ kind: 'getSample', ...ref, index: 1 });
    const b = client.call({ kind: 'getSample', ...ref, index: 2 });
    const errA = await a.catch((e: unknown) => e);
    expect(isSuperseded(errA)).toBe(true);
    expect((await b).index).toBe(2);
    expect(signals.length).toBe(2);
    expect(signals[0].aborted).toBe(true);
    expect(signals[1].aborted).toBe(false);
    first.open();
    await first.p;
    await client.call({ kind: 'hello', backend: null }); // a round trip: the stale answer (if any) came before
    expect(client.inFlight).toBe(0);
  });

  it('does not supersede across groups or for idempotent kinds', async () => {
    const hold = gate();
    const { client } = connect({
      loadData: async (ref) => {
        await hold.p;
        return { ...ref, n: ref.dataset === 'mnist' ? 10000 : 10002, width: 84, classNames: [] };
      },
      getSample: ({ index }) => sample(index),
    });
    const m = client.call({ kind: 'loadData', dataset: 'mnist', task: 'maj', split: 'test' });
    const f = client.call({ kind: 'loadData', dataset: 'fashion', task: 'maj', split: 'test' });
    const s = await client.call({ kind: 'getSample', dataset: 'mnist', task: 'maj', split: 'test', index: 3 });
    hold.open();
    expect([(await m).n, (await f).n, s.index]).toEqual([10000, 10002, 3]);
    expect(SUPERSEDES.loadData).toBeNull();
    expect(SUPERSEDES.initModel).toBe(SUPERSEDES.loadModel);
  });

  it('gives the grid one supersession group per model slot', () => {
    const grid = (slot: string) => ({ kind: 'explainGrid' as const, slot, pixels: new Uint8Array(0), label: null, mask: null, methods: ['sensitivity'], version: 0 });
    expect([groupOf(grid('a')), groupOf(grid('b')), groupOf({ kind: 'memory' }), groupOf({ kind: 'getSample', dataset: 'mnist', task: 'maj', split: 'test', index: 1 })]).toEqual([
      'grid:a',
      'grid:b',
      null,
      'sample',
    ]);
  });

  it('cancels a call through its AbortSignal on both sides', async () => {
    const started = gate<AbortSignal>();
    const { client } = connect({
      explain: (_req, ctx) =>
        new Promise((_resolve, reject) => {
          started.open(ctx.signal);
          ctx.signal.addEventListener('abort', () => reject(new Error('aborted')));
        }),
    });
    const ac = new AbortController();
    const p = client.call({ kind: 'explain', dataset: 'mnist', task: 'maj', split: 'test', index: 0, method: 'sensitivity' }, { signal: ac.signal });
    const workerSignal = await started.p;
    ac.abort();
    const err = (await p.catch((e: unknown) => e)) as WorkerCallError;
    expect(err.code).toBe('cancelled');
    await client.call({ kind: 'hello', backend: null }); // a round trip: the cancel message has been handled
    expect(workerSignal.aborted).toBe(true);
  });

  it('rejects pending calls when the client is disposed', async () => {
    const { client } = connect({ explain: () => new Promise(() => {}) });
    const p = client.call({ kind: 'explain', dataset: 'fashion', task: 'maj', split: 'test', index: 0, method: 'sensitivity' });
    client.dispose('worker crashed');
    const err = (await p.catch((e: unknown) => e)) as WorkerCallError;
    expect([err.code, err.message]).toEqual(['cancelled', 'worker crashed']);
  });
});

describe('serve: malformed messages', () => {
  /** Posts a raw message and waits for the server's one answer. */
  async function raw(msg: unknown): Promise<ToPage> {
    const { port1 } = connect({});
    const answer = new Promise<ToPage>((resolve) => port1.once('message', (d: ToPage) => resolve(d)));
    port1.postMessage(msg);
    return answer;
  }

  it('answers another protocol version with a version error', async () => {
    const a = await raw({ v: 1, id: 5, type: 'request', req: { kind: 'hello', backend: null } });
    expect(a.type).toBe('error');
    expect(a.id).toBe(5);
    expect(a.type === 'error' && a.code).toBe('version');
    expect(a.type === 'error' && a.message).toContain('page sent 1, worker speaks 2');
  });

  it('names the valid kinds for an unknown kind', async () => {
    const a = await raw({ v: 2, id: 6, type: 'request', req: { kind: 'fly' } });
    expect(a.type === 'error' && a.code).toBe('bad-request');
    expect(a.type === 'error' && a.message).toContain(`valid kinds: ${KINDS.join(', ')}`);
  });

  it('names the field and the expected type for a bad payload', async () => {
    const a = await raw({ v: 2, id: 7, type: 'request', req: { kind: 'getSample', dataset: 'mnist', task: 'maj', split: 'test', index: 1.5 } });
    expect(a.type === 'error' && a.message).toBe('getSample.index must be an integer in [0, ∞], got 1.5');
    const b = await raw({ v: 2, id: 8, type: 'request', req: { kind: 'loadData', dataset: 'cifar', task: 'maj', split: 'test' } });
    expect(b.type === 'error' && b.message).toBe('loadData.dataset must be one of mnist, fashion, got "cifar"');
  });
});
