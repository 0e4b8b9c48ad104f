/**
 * The worker's side of the protocol: `serve(port, handlers)` answers each request with its
 * handler's result (or its error message). Each call gets an AbortSignal, aborted when the page
 * cancels it or when a newer request of its supersession group arrives; a superseded call is
 * answered with code 'superseded' at once and its handler's eventual result is dropped.
 */
import {
  PROTOCOL_VERSION,
  groupOf,
  type ErrorCode,
  type Kind,
  type ProgressOf,
  type Request,
  type RequestOf,
  type ResultOf,
  type ToPage,
} from './messages';
import type { PortLike } from './port';
import { checkToWorker } from './validate';

/** A result together with the buffers to transfer (never transfer a buffer the worker keeps). */
export class Transfer<T> {
  constructor(
    readonly value: T,
    readonly list: Transferable[],
  ) {}
}
export const transfer = <T>(value: T, list: Transferable[]): Transfer<T> => new Transfer(value, list);

export interface CallContext<K extends Kind> {
  id: number;
  signal: AbortSignal;
  progress(value: ProgressOf<K>, transfer?: Transferable[]): void;
}

export type Handler<K extends Kind> = (
  req: RequestOf<K>,
  ctx: CallContext<K>,
) => Promise<ResultOf<K> | Transfer<ResultOf<K>>> | ResultOf<K> | Transfer<ResultOf<K>>;
export type Handlers = { [K in Kind]: Handler<K> };

interface Active {
  kind: Kind;
  controller: AbortController;
}

/** Starts answering requests on `port`; returns a function that stops it and aborts all calls. */
export function serve(port: PortLike, handlers: Handlers): () => void {
  const active = new Map<number, Active>();
  const groups = new Map<string, number>();
  const post = (msg: ToPage, list: Transferable[] = []) => port.postMessage(msg, list);
  const fail = (id: number, kind: Kind | null, code: ErrorCode, message: string) =>
    post({ v: PROTOCOL_VERSION, id, kind, type: 'error', code, message });

  /** Ends a call early (superseded or cancelled): abort its handler and answer now. */
  const drop = (id: number, code: 'superseded' | 'cancelled') => {
    const a = active.get(id);
    if (!a) return;
    active.delete(id);
    a.controller.abort(code);
    fail(id, a.kind, code, `${a.kind} ${code}`);
  };

  const run = async <K extends Kind>(id: number, req: RequestOf<K>) => {
    const kind: K = req.kind;
    const group = groupOf(req as Request);
    if (group !== null) {
      const stale = groups.get(group);
      if (stale !== undefined) drop(stale, 'superseded');
      groups.set(group, id);
    }
    const controller = new AbortController();
    active.set(id, { kind, controller });
    const ctx: CallContext<K> = {
      id,
      signal: controller.signal,
      progress: (value, list) => {
        if (active.has(id)) post({ v: PROTOCOL_VERSION, id, kind, type: 'progress', value }, list);
      },
    };
    // The map's value for `kind` is a Handler<K>; TypeScript cannot correlate the two on its own.
    const handler = handlers[kind] as Handler<K>;
    try {
      const out = await handler(req, ctx);
      if (!active.has(id)) return; // superseded or cancelled meanwhile
      const [value, list] = out instanceof Transfer ? [out.value, out.list] : [out, []];
      post({ v: PROTOCOL_VERSION, id, kind, type: 'result', value }, list);
    } catch (err) {
      if (!active.has(id)) return;
      fail(id, kind, 'failed', err instanceof Error ? err.message : String(err));
    } finally {
      active.delete(id);
      if (group !== null && groups.get(group) === id) groups.delete(group);
    }
  };

  const listener = (ev: { data: unknown }) => {
    const msg = checkToWorker(ev.data);
    if ('problem' in msg) {
      fail(msg.id, null, msg.code, msg.problem);
      return;
    }
    if (msg.type === 'cancel') drop(msg.id, 'cancelled');
    else void run(msg.id, msg.req);
  };
  port.addEventListener('message', listener);
  return () => {
    port.removeEventListener('message', listener);
    for (const id of [...active.keys()]) drop(id, 'cancelled');
  };
}
