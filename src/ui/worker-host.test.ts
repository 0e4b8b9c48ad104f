/** The worker host over fake workers, with fake timers: back-off, backend switch, give-up, late events. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION, type BackendName, type HelloResult } from '../protocol/messages';
import { WorkerCallError } from '../protocol/errors';
import { WorkerHost, type HostEvent, type WorkerLike } from './worker-host';

/** A worker double: answers hello with the first backend not avoided, and can be made to fail. */
class FakeWorker implements WorkerLike {
  terminated = false;
  private listeners: Record<string, ((ev: never) => void)[]> = {};
  constructor(readonly order: BackendName[]) {}
  addEventListener(type: string, l: (ev: never) => void): void {
    (this.listeners[type] ??= []).push(l);
  }
  removeEventListener(type: string, l: (ev: never) => void): void {
    this.listeners[type] = (this.listeners[type] ?? []).filter((x) => x !== l);
  }
  postMessage(msg: unknown): void {
    const m = msg as { id: number; type: string; req: { kind: string; avoid?: BackendName[] } };
    if (m.type !== 'request' || m.req.kind !== 'hello') return;
    const backend = this.order.find((b) => !(m.req.avoid ?? []).includes(b))!;
    const value: HelloResult = { protocol: PROTOCOL_VERSION, backend, requested: null, reason: 'fake', webgpu: null, webglSoftware: null, attempts: [] };
    queueMicrotask(() => this.emit('message', { data: { v: PROTOCOL_VERSION, id: m.id, kind: 'hello', type: 'result', value } }));
  }
  terminate(): void {
    this.terminated = true;
  }
  fail(message: string): void {
    this.emit('error', { message });
  }
  private emit(type: string, ev: unknown): void {
    for (const l of this.listeners[type] ?? []) l(ev as never);
  }
}

describe('WorkerHost with the restart policy (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A host over fake workers whose hello picks from `order`, and what it reported. */
  function setup(order: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu']) {
    const workers: FakeWorker[] = [];
    const events: HostEvent[] = [];
    const host = new WorkerHost(
      () => {
        const w = new FakeWorker(order);
        workers.push(w);
        return w;
      },
      (ev) => events.push(ev),
    );
    /** Says hello as the store does (avoiding what the host gave up) and returns the backend. */
    const hello = async () => (await host.call({ kind: 'hello', backend: null, avoid: host.avoid })).backend;
    return { host, workers, events, hello };
  }

  it('restarts after 0.5 s, 1 s and 2 s, then switches to the next backend and says so', async () => {
    const { host, workers, events, hello } = setup();
    expect(await hello()).toBe('webgpu');
    for (const [k, delay] of [500, 1000, 2000].entries()) {
      workers.at(-1)!.fail('Uncaught Error: GPU device lost (destroyed)');
      expect(workers.at(-1)!.terminated).toBe(true);
      expect(events.at(-1)).toMatchObject({ type: 'down', decision: { action: 'restart', delayMs: delay, failures: k + 1, backend: 'webgpu' } });
      // No new worker before the delay is over; one right after.
      await vi.advanceTimersByTimeAsync(delay - 1);
      expect(workers).toHaveLength(k + 1);
      await vi.advanceTimersByTimeAsync(1);
      expect(workers).toHaveLength(k + 2);
      expect(events.at(-1)).toMatchObject({ type: 'up' });
      expect(await hello()).toBe('webgpu');
    }
    // The 4th loss within the window: webgpu is given up; the fresh worker's hello avoids it.
    workers.at(-1)!.fail('Uncaught Error: GPU device lost (destroyed)');
    expect(events.at(-1)).toMatchObject({ type: 'down', decision: { action: 'switch', backend: 'webgpu', failures: 4, avoid: ['webgpu'] } });
    await vi.advanceTimersByTimeAsync(500);
    expect(workers).toHaveLength(5);
    expect(await hello()).toBe('webgl');
    expect(host.restarts).toBe(4);
    expect(host.history.map((e) => `${e.type} ${e.action} ${e.delayMs}`)).toEqual([
      'down restart 500',
      'up restart 500',
      'down restart 1000',
      'up restart 1000',
      'down restart 2000',
      'up restart 2000',
      'down switch 500',
      'up switch 500',
    ]);
    // The new backend has its own count: its first failure restarts after 0.5 s.
    workers.at(-1)!.fail('boom');
    expect(events.at(-1)).toMatchObject({ decision: { action: 'restart', backend: 'webgl', failures: 1, delayMs: 500 } });
  });

  it('rejects pending calls when the worker dies, and calls made while it is down, as cancelled', async () => {
    const { host, workers } = setup();
    const pending = host.call({ kind: 'memory' });
    workers[0].fail('boom');
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    const during = await host.call({ kind: 'memory' }).catch((e: unknown) => e);
    expect(during).toBeInstanceOf(WorkerCallError);
    expect([(during as WorkerCallError).code, (during as WorkerCallError).message]).toEqual(['cancelled', 'the worker is restarting (boom)']);
    await vi.advanceTimersByTimeAsync(500);
    expect(workers).toHaveLength(2);
  });

  it('stops for good after the failures on cpu: no more workers, calls fail', async () => {
    const { host, workers, events, hello } = setup(['cpu']);
    expect(await hello()).toBe('cpu');
    for (const delay of [500, 1000, 2000]) {
      workers.at(-1)!.fail('boom');
      await vi.advanceTimersByTimeAsync(delay);
      await hello();
    }
    workers.at(-1)!.fail('boom');
    expect(events.at(-1)).toMatchObject({ type: 'down', decision: { action: 'give-up', backend: 'cpu', failures: 4 } });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(workers).toHaveLength(4);
    await expect(host.call({ kind: 'memory' })).rejects.toMatchObject({ code: 'failed' });
  });

  it('ignores a late error of a worker it already replaced', async () => {
    const { workers, events } = setup();
    workers[0].fail('first');
    workers[0].fail('late echo of the first');
    expect(events.filter((e) => e.type === 'down')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(500);
    workers[0].fail('even later');
    expect(events.filter((e) => e.type === 'down')).toHaveLength(1);
  });
});
