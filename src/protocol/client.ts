/**
 * The page's side of the protocol: `call(req)` posts a request envelope with a fresh id and returns
 * a promise for its result; progress values go to `onProgress`. A newer call of the same
 * supersession group (messages.ts, SUPERSEDES and groupOf) rejects the stale one at once with code
 * 'superseded'; the worker aborts it too and its late answer is ignored here.
 */
import { WorkerCallError } from './errors';
import {
  PROTOCOL_VERSION,
  groupOf,
  type Kind,
  type ProgressOf,
  type Request,
  type RequestOf,
  type ResultOf,
  type ToWorker,
} from './messages';
import type { PortLike } from './port';
import { checkToPage } from './validate';

export interface CallOptions<K extends Kind> {
  onProgress?: (value: ProgressOf<K>) => void;
  /** Aborting rejects the call with code 'cancelled' and tells the worker to stop it. */
  signal?: AbortSignal;
  /** Buffers to transfer with the request (they become unusable on the page). */
  transfer?: Transferable[];
}

interface Pending {
  kind: Kind;
  group: string | null;
  resolve: (value: unknown) => void;
  reject: (err: WorkerCallError) => void;
  onProgress?: (value: never) => void;
  cleanup: () => void;
}

export class ProtocolClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Supersession group → id of its newest pending call. */
  private readonly groups = new Map<string, number>();
  private readonly listener = (ev: { data: unknown }) => this.onMessage(ev.data);

  constructor(private readonly port: PortLike) {
    port.addEventListener('message', this.listener);
  }

  /** Number of calls still waiting for an answer (for tests and the status bar). */
  get inFlight(): number {
    return this.pending.size;
  }

  call<K extends Kind>(req: RequestOf<K>, opts: CallOptions<K> = {}): Promise<ResultOf<K>> {
    const id = this.nextId++;
    const kind = req.kind;
    const group = groupOf(req as Request);
    if (group !== null) {
      const stale = this.groups.get(group);
      if (stale !== undefined) this.settle(stale, new WorkerCallError(`${kind} superseded by a newer request`, 'superseded', kind));
      this.groups.set(group, id);
    }
    return new Promise<ResultOf<K>>((resolve, reject) => {
      if (opts.signal?.aborted) {
        reject(new WorkerCallError(`${kind} cancelled`, 'cancelled', kind));
        return;
      }
      const onAbort = () => {
        this.post({ v: PROTOCOL_VERSION, id, type: 'cancel' });
        this.settle(id, new WorkerCallError(`${kind} cancelled`, 'cancelled', kind));
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        kind,
        group,
        resolve: resolve as (value: unknown) => void,
        reject,
        onProgress: opts.onProgress as ((value: never) => void) | undefined,
        cleanup: () => opts.signal?.removeEventListener('abort', onAbort),
      });
      // RequestOf<K> is one member of the Request union; TypeScript does not narrow generics to it.
      this.post({ v: PROTOCOL_VERSION, id, type: 'request', req: req as Request }, opts.transfer);
    });
  }

  /** Rejects every pending call and stops listening. */
  dispose(message = 'worker connection closed'): void {
    for (const [id, p] of [...this.pending]) this.settle(id, new WorkerCallError(message, 'cancelled', p.kind));
    this.port.removeEventListener('message', this.listener);
  }

  private post(msg: ToWorker, transfer?: Transferable[]): void {
    this.port.postMessage(msg, transfer ?? []);
  }

  /** Ends a pending call with an error (or, with `value`, a result); unknown ids are ignored. */
  private settle(id: number, err: WorkerCallError | null, value?: unknown): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    if (p.group !== null && this.groups.get(p.group) === id) this.groups.delete(p.group);
    p.cleanup();
    if (err) p.reject(err);
    else p.resolve(value);
  }

  private onMessage(data: unknown): void {
    const msg = checkToPage(data);
    if (!msg) return; // not ours
    const p = this.pending.get(msg.id);
    if (!p) return; // superseded or cancelled here already: a late answer
    if (msg.type === 'error') {
      this.settle(msg.id, new WorkerCallError(msg.message, msg.code, msg.kind ?? p.kind));
      return;
    }
    if (msg.kind !== p.kind) {
      this.settle(msg.id, new WorkerCallError(`answer of kind ${msg.kind} to a ${p.kind} request`, 'bad-request', p.kind));
      return;
    }
    // The worker's handlers are typed by the same Calls table, so a value of kind K is a ResultOf<K>.
    if (msg.type === 'progress') p.onProgress?.(msg.value as never);
    else this.settle(msg.id, null, msg.value);
  }
}
