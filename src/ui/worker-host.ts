/**
 * The page's connection to the worker, restartable: it implements the store's `Caller` by
 * delegating to the current ProtocolClient. When the worker dies (its `error` event: an uncaught
 * error, a failed start, a lost GPU device reported by the worker; or `messageerror`) the host
 * rejects every pending call, terminates it and asks the restart policy (./restart-policy.ts) what
 * to do: start a fresh worker after a back-off, on the same backend or (given up) the next one, or
 * stop. It tells `onEvent` both when the worker went down and when a fresh one runs (the store
 * then says hello, avoiding the given-up backends, and reloads the models).
 */
import { ProtocolClient, type CallOptions } from '../protocol/client';
import { WorkerCallError } from '../protocol/errors';
import type { BackendName, Kind, RequestOf, ResultOf } from '../protocol/messages';
import type { PortLike } from '../protocol/port';
import { RestartPolicy, type RestartDecision } from './restart-policy';
import type { Caller } from './store';

/** What the host needs of a worker (a DedicatedWorker fits). */
export interface WorkerLike extends PortLike {
  addEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (ev: { message?: string }) => void): void;
  terminate(): void;
}

/** The worker went down (`decision`: what happens next), or a fresh one runs after `decision`. */
export type HostEvent = { type: 'down' | 'up'; reason: string; decision: RestartDecision };

/** One entry of the host's history (for the status bar's tests): when, what, and what the policy said. */
export interface HostHistoryEntry {
  /** The host clock's time (ms). */
  at: number;
  type: 'down' | 'up';
  action: RestartDecision['action'];
  backend: BackendName | null;
  failures: number;
  delayMs: number | null;
}

/** Time for the back-off (the page's clock; fake timers in tests). */
export interface HostClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): void;
}

const realClock: HostClock = { now: () => Date.now(), setTimeout: (fn, ms) => void setTimeout(fn, ms) };

export class WorkerHost implements Caller {
  private worker: WorkerLike | null = null;
  private client: ProtocolClient | null = null;
  /** The backend the current worker said it runs on (its hello's answer); null before it says. */
  private backend: BackendName | null = null;
  /** Why there is no worker now (waiting for a restart, or given up). */
  private down: { reason: string; final: boolean } | null = null;
  /** Stopped for good by terminate(): no restart. */
  private stopped = false;
  /** Number of restarts so far. */
  restarts = 0;
  /** Every down and up, oldest first. */
  readonly history: HostHistoryEntry[] = [];

  constructor(
    private readonly create: () => WorkerLike,
    private readonly onEvent: (ev: HostEvent) => void,
    private readonly policy = new RestartPolicy(),
    private readonly clock: HostClock = realClock,
  ) {
    this.start();
  }

  /** The backends given up after repeated failures (the store's hello avoids them). */
  get avoid(): BackendName[] {
    return this.policy.avoid;
  }

  call<K extends Kind>(req: RequestOf<K>, opts?: CallOptions<K>): Promise<ResultOf<K>> {
    if (!this.client) {
      const d = this.down!;
      // While waiting for a restart a call is cancelled, like those pending when the worker died
      // (the store reloads everything after the restart); once given up it fails for good.
      return Promise.reject(
        d.final
          ? new WorkerCallError(`the worker was stopped for good (${d.reason}); reload the page`, 'failed', req.kind)
          : new WorkerCallError(`the worker is restarting (${d.reason})`, 'cancelled', req.kind),
      );
    }
    const p = this.client.call(req, opts);
    if (req.kind === 'hello') {
      const w = this.worker;
      p.then(
        (h) => {
          if (this.worker === w) this.backend = (h as ResultOf<'hello'>).backend;
        },
        () => undefined,
      );
    }
    return p;
  }

  /** Stops the worker for good (no restart): pending calls are rejected, later ones fail. */
  terminate(reason = 'stopped by the page'): void {
    this.stopped = true;
    this.client?.dispose(`the worker stopped: ${reason}`);
    this.worker?.terminate();
    this.worker = null;
    this.client = null;
    this.backend = null;
    this.down = { reason, final: true };
  }

  /** The worker failed: stop it now and restart it (or not) as the policy says. */
  private fail(reason: string): void {
    const decision = this.policy.failure(this.clock.now(), this.backend);
    this.client?.dispose(`the worker stopped: ${reason}`);
    this.worker?.terminate();
    this.worker = null;
    this.client = null;
    this.backend = null;
    const final = decision.action === 'give-up';
    this.down = { reason, final };
    this.emit({ type: 'down', reason, decision });
    if (final) return;
    this.clock.setTimeout(() => {
      if (this.stopped) return;
      this.restarts++;
      this.start();
      this.emit({ type: 'up', reason, decision });
    }, decision.delayMs);
  }

  private emit(ev: HostEvent): void {
    const d = ev.decision;
    this.history.push({ at: this.clock.now(), type: ev.type, action: d.action, backend: d.backend, failures: d.failures, delayMs: d.action === 'give-up' ? null : d.delayMs });
    this.onEvent(ev);
  }

  private start(): void {
    const w = this.create();
    this.worker = w;
    this.client = new ProtocolClient(w);
    this.down = null;
    const onFatal = (ev: { message?: string }) => {
      if (this.worker !== w) return; // an old worker's late event
      this.fail(ev.message || 'the worker stopped');
    };
    w.addEventListener('error', onFatal);
    w.addEventListener('messageerror', () => onFatal({ message: 'a message from the worker could not be read' }));
  }
}
