/**
 * A second worker for the grid (the page's side). One worker explains the grid's columns one after
 * the other: at the end of a stroke the last column waits for every other one, and for the request
 * still computing. On a CPU backend (WASM) with two or more cores, a second worker that holds copies
 * of the models explains half of the columns in parallel.
 *
 * The primary worker stays the one source of truth: every call goes to it as before (models, data,
 * training, faithfulness checks, the test API). The mirror only copies what a model is made of
 * (`loadModel` files, `initModel` seeds: the same weights) into the secondary once the primary has
 * accepted it, and sends `explainGrid` for every other mirrored slot there. A slot leaves the mirror
 * when it is removed, replaced (until its new copy is in), or trained (training changes its weights
 * in the primary). Supersession holds across the two: a grid result older than the newest request
 * for its slot is dropped as superseded, whichever worker answers. If the secondary fails in any
 * way, the mirror switches off and the primary explains everything, as without it.
 */
import { WorkerCallError } from '../protocol/errors';
import type { CallOptions } from '../protocol/client';
import type { BackendName, Kind, Request, RequestOf, ResultOf } from '../protocol/messages';
import type { Caller } from './store';

/** Backends on which a second worker is worth it (a GPU backend serialises on the one device anyway). */
export const MIRROR_BACKENDS: readonly BackendName[] = ['wasm', 'cpu'];

export interface MirrorOptions {
  /** Logical cores (navigator.hardwareConcurrency); the mirror starts only with 2 or more. */
  cores: number;
  /** Starts the secondary worker (a WorkerHost); null: none can be started. */
  start(): (Caller & { terminate?(): void }) | null;
  /** Said once when the mirror switches off after a failure (the status bar's notice; for the record). */
  onOff?(reason: string): void;
}

type LoadReq = RequestOf<'loadModel'> | RequestOf<'initModel'>;

export class GridMirror implements Caller {
  private secondary: (Caller & { terminate?(): void }) | null = null;
  /** The backend the secondary was started on. */
  private backend: BackendName | null = null;
  /** The secondary's hello: resolves true when it runs on the primary's backend. */
  private ready: Promise<boolean> | null = null;
  private off: string | null = null;
  /** Per slot: how often it was (re)loaded, removed or trained (a copy is current only for the latest). */
  private generation = new Map<string, number>();
  /** Slots whose copy in the secondary is current, with the generation copied. */
  private copied = new Map<string, number>();
  /** The order in which slots were first copied: the odd ones are explained by the secondary. */
  private order: string[] = [];
  /** The newest grid version asked for, per slot (results older than it are superseded). */
  private newest = new Map<string, number>();

  constructor(
    private readonly primary: Caller,
    private readonly opts: MirrorOptions,
  ) {}

  /** Whether the secondary is on and holds a current copy of `slot` that it explains. */
  explainsOnSecondary(slot: string): boolean {
    if (!this.secondary || this.off) return false;
    const g = this.copied.get(slot);
    if (g === undefined || g !== this.generation.get(slot)) return false;
    return this.order.indexOf(slot) % 2 === 1;
  }

  /** Why the mirror is off (null: on, or not started). */
  get offReason(): string | null {
    return this.off;
  }

  /** The secondary (for the test API's memory check); null when off. */
  get second(): Caller | null {
    return this.off ? null : this.secondary;
  }

  call<K extends Kind>(req: RequestOf<K>, opts?: CallOptions<K>): Promise<ResultOf<K>> {
    const r = req as Request;
    switch (r.kind) {
      case 'hello': {
        const p = this.primary.call(req, opts);
        p.then((h) => this.maybeStart((h as ResultOf<'hello'>).backend), () => undefined);
        return p;
      }
      case 'loadModel':
      case 'initModel': {
        const gen = this.bump(r.slot);
        // Copies first: the primary's call may transfer (detach) the buffers.
        const copy: LoadReq =
          r.kind === 'loadModel' ? { kind: 'loadModel', slot: r.slot, json: r.json.slice(), weights: r.weights.slice(), name: r.name, ...(r.source ? { source: r.source } : {}) } : { ...r };
        const p = this.primary.call(req, opts);
        p.then(() => this.copy(copy, gen), () => undefined);
        return p;
      }
      case 'removeModel': {
        this.bump(r.slot);
        if (this.copied.delete(r.slot)) void this.secondary?.call({ kind: 'removeModel', slot: r.slot }).catch(() => undefined);
        return this.primary.call(req, opts);
      }
      case 'trainStart':
        // Training changes the slot's weights in the primary: it is explained there from now on.
        this.bump(r.slot);
        return this.primary.call(req, opts);
      case 'explainGrid':
        return this.explainGrid(r, opts as CallOptions<'explainGrid'> | undefined) as Promise<ResultOf<K>>;
      default:
        return this.primary.call(req, opts);
    }
  }

  private bump(slot: string): number {
    const g = (this.generation.get(slot) ?? 0) + 1;
    this.generation.set(slot, g);
    return g;
  }

  private async explainGrid(req: RequestOf<'explainGrid'>, opts?: CallOptions<'explainGrid'>): Promise<ResultOf<'explainGrid'>> {
    this.newest.set(req.slot, Math.max(req.version, this.newest.get(req.slot) ?? -Infinity));
    const onSecondary = this.explainsOnSecondary(req.slot);
    let r: ResultOf<'explainGrid'>;
    try {
      r = await (onSecondary ? this.secondary! : this.primary).call(req, opts);
    } catch (err) {
      if (!onSecondary || (err instanceof WorkerCallError && err.code === 'superseded')) throw err;
      // The secondary failed: switch off and ask the primary, which holds every model.
      this.switchOff(`the second grid worker failed (${err instanceof Error ? err.message : String(err)})`);
      r = await this.primary.call(req, opts);
    }
    if (r.version < (this.newest.get(req.slot) ?? -Infinity)) throw new WorkerCallError('explainGrid superseded', 'superseded', 'explainGrid');
    return r;
  }

  /**
   * Starts the secondary on `backend` before the primary has said which it runs on (the page knows
   * early when no GPU backend is possible); switched off if the primary then says another.
   */
  prestart(backend: BackendName): void {
    this.maybeStart(backend);
  }

  private maybeStart(backend: BackendName): void {
    if (this.off) return;
    if (this.secondary) {
      // The primary runs elsewhere (its first hello after a prestart, or a restart on another backend).
      if (backend !== this.backend) this.switchOff(`the primary worker runs on ${backend}`);
      return;
    }
    if (this.opts.cores < 2 || !MIRROR_BACKENDS.includes(backend)) return;
    const s = this.opts.start();
    if (!s) return;
    this.secondary = s;
    this.backend = backend;
    this.ready = s.call({ kind: 'hello', backend, avoid: [] }).then(
      (h) => {
        if (h.backend === backend) return true;
        this.switchOff(`the second grid worker runs on ${h.backend}, not ${backend}`);
        return false;
      },
      (err: unknown) => {
        this.switchOff(`the second grid worker did not start (${err instanceof Error ? err.message : String(err)})`);
        return false;
      },
    );
  }

  private async copy(req: LoadReq, gen: number): Promise<void> {
    if (!this.ready || !(await this.ready) || this.off || this.generation.get(req.slot) !== gen) return;
    try {
      await this.secondary!.call(req);
    } catch {
      // This slot stays on the primary (a copy that failed is not used).
      return;
    }
    if (this.generation.get(req.slot) !== gen || this.off) return;
    this.copied.set(req.slot, gen);
    if (!this.order.includes(req.slot)) this.order.push(req.slot);
  }

  /** Stops the secondary for good; the primary explains every slot. */
  switchOff(reason: string): void {
    if (this.off) return;
    this.off = reason;
    this.copied.clear();
    this.secondary?.terminate?.();
    this.opts.onOff?.(reason);
  }
}
