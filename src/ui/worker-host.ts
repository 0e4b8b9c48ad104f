/**
 * The page's connection to the worker, restartable: it implements the store's `Caller` by
 * delegating to the current ProtocolClient. When the worker dies (its `error` event: an uncaught
 * error, a failed start, a lost GPU device reported by the worker) the host rejects every pending
 * call, terminates it, starts a fresh worker and tells `onRestart`, which reloads the models.
 */
import { ProtocolClient, type CallOptions } from '../protocol/client';
import type { Kind, RequestOf, ResultOf } from '../protocol/messages';
import type { PortLike } from '../protocol/port';
import type { Caller } from './store';

/** What the host needs of a worker (a DedicatedWorker fits). */
export interface WorkerLike extends PortLike {
  addEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (ev: { message?: string }) => void): void;
  terminate(): void;
}

export class WorkerHost implements Caller {
  private worker!: WorkerLike;
  private client!: ProtocolClient;
  /** Number of restarts so far. */
  restarts = 0;

  constructor(
    private readonly create: () => WorkerLike,
    private readonly onRestart: (reason: string) => void,
  ) {
    this.start();
  }

  call<K extends Kind>(req: RequestOf<K>, opts?: CallOptions<K>): Promise<ResultOf<K>> {
    return this.client.call(req, opts);
  }

  /** Replaces the worker now (rejects every pending call with code 'cancelled'). */
  restart(reason: string): void {
    this.client.dispose(`the worker was restarted: ${reason}`);
    this.worker.terminate();
    this.restarts++;
    this.start();
    this.onRestart(reason);
  }

  private start(): void {
    const w = this.create();
    this.worker = w;
    this.client = new ProtocolClient(w);
    const onFatal = (ev: { message?: string }) => {
      if (this.worker !== w) return; // an old worker's late event
      this.restart(ev.message || 'the worker stopped');
    };
    w.addEventListener('error', onFatal);
    w.addEventListener('messageerror', () => onFatal({ message: 'a message from the worker could not be read' }));
  }
}
