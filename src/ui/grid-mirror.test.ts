/** The grid's second worker (grid-mirror.ts) with fake workers: what is copied, who explains which column, and falling back. */
import { describe, expect, it } from 'vitest';
import { WorkerCallError, isSuperseded } from '../protocol/errors';
import type { BackendName, Kind, Request, RequestOf, ResultOf } from '../protocol/messages';
import { GridMirror } from './grid-mirror';
import type { Caller } from './store';

/** A fake worker: answers every call, records them; explainGrid may be held or failed. */
class FakeWorker implements Caller {
  calls: Request[] = [];
  terminated = false;
  hold: Promise<void> | null = null;
  failGrid: string | null = null;
  failHello: string | null = null;
  constructor(
    readonly name: string,
    readonly backend: BackendName = 'wasm',
  ) {}
  get grids() {
    return this.calls.filter((c): c is RequestOf<'explainGrid'> => c.kind === 'explainGrid');
  }
  kinds() {
    return this.calls.map((c) => ('slot' in c ? `${c.kind} ${c.slot}` : c.kind));
  }
  async call<K extends Kind>(req: RequestOf<K>): Promise<ResultOf<K>> {
    const r = req as Request;
    this.calls.push(r);
    if (r.kind === 'hello') {
      if (this.failHello) throw new WorkerCallError(this.failHello, 'failed', 'hello');
      return { backend: r.backend ?? this.backend } as unknown as ResultOf<K>;
    }
    if (r.kind === 'explainGrid') {
      const hold = this.hold;
      if (hold) await hold;
      if (this.failGrid) throw new WorkerCallError(this.failGrid, 'failed', 'explainGrid');
      return { slot: r.slot, version: r.version, by: this.name } as unknown as ResultOf<K>;
    }
    if (r.kind === 'loadModel' || r.kind === 'initModel') return { slot: r.slot } as unknown as ResultOf<K>;
    return {} as ResultOf<K>;
  }
  terminate() {
    this.terminated = true;
  }
}

const tick = () => new Promise((r) => setTimeout(r, 0));
const grid = (slot: string, version: number): RequestOf<'explainGrid'> => ({ kind: 'explainGrid', slot, pixels: new Uint8Array(4), label: null, mask: null, methods: ['deep-taylor'], version });
const init = (slot: string): RequestOf<'initModel'> => ({ kind: 'initModel', slot, preset: 'deep', task: 'maj', seed: 1 });
const by = async (p: Promise<ResultOf<'explainGrid'>>) => ((await p) as unknown as { by: string }).by;

function setup(opts: { cores?: number; primaryBackend?: BackendName } = {}) {
  const primary = new FakeWorker('primary', opts.primaryBackend ?? 'wasm');
  const started: FakeWorker[] = [];
  const offs: string[] = [];
  const mirror = new GridMirror(primary, {
    cores: opts.cores ?? 2,
    start: () => {
      const w = new FakeWorker('secondary');
      started.push(w);
      return w;
    },
    onOff: (reason) => offs.push(reason),
  });
  return { primary, started, offs, mirror };
}

/** hello, then the models a, b, c; waits for the copies. */
async function withModels(mirror: GridMirror, slots = ['a', 'b', 'c']) {
  await mirror.call({ kind: 'hello', backend: null });
  for (const s of slots) await mirror.call(init(s));
  await tick();
  await tick();
}

describe('the grid mirror', () => {
  it('starts no second worker with one core or on a GPU backend: the primary does everything', async () => {
    for (const o of [{ cores: 1 }, { primaryBackend: 'webgpu' as const }]) {
      const { primary, started, mirror } = setup(o);
      await withModels(mirror);
      expect(await by(mirror.call(grid('b', 1)))).toBe('primary');
      expect(started).toHaveLength(0);
      expect(primary.kinds()).toEqual(['hello', 'initModel a', 'initModel b', 'initModel c', 'explainGrid b']);
    }
  });

  it('copies the models into the second worker on the primary backend and explains every other one there', async () => {
    const { primary, started, mirror } = setup();
    await withModels(mirror);
    const [second] = started;
    expect(second.kinds()).toEqual(['hello', 'initModel a', 'initModel b', 'initModel c']);
    expect((second.calls[0] as RequestOf<'hello'>).backend).toBe('wasm');
    expect(await Promise.all(['a', 'b', 'c'].map((s, k) => by(mirror.call(grid(s, k)))))).toEqual(['primary', 'secondary', 'primary']);
    expect(primary.grids.map((g) => g.slot)).toEqual(['a', 'c']);
    // Everything else stays with the primary.
    await mirror.call({ kind: 'getSample', dataset: 'mnist', task: 'maj', split: 'test', index: 0 });
    expect(second.calls.some((c) => c.kind === 'getSample')).toBe(false);
  });

  it('copies a loaded model’s files before the primary’s call detaches them', async () => {
    const primary = new FakeWorker('primary');
    const detaching: Caller = {
      call: (req, opts) => {
        const r = req as Request;
        if (r.kind === 'loadModel') structuredClone(r.weights.buffer, { transfer: [r.weights.buffer as ArrayBuffer] });
        void opts;
        return primary.call(req);
      },
    };
    const started: FakeWorker[] = [];
    const mirror = new GridMirror(detaching, { cores: 4, start: () => (started.push(new FakeWorker('secondary')), started[0]) });
    await mirror.call({ kind: 'hello', backend: null });
    const weights = new Uint8Array([1, 2, 3, 4]);
    await mirror.call({ kind: 'loadModel', slot: 'm', json: new Uint8Array([123, 125]), weights, name: 'm.json', source: 'file' });
    await tick();
    expect(weights.byteLength).toBe(0); // the page's buffer went to the primary
    const copy = started[0].calls.find((c): c is RequestOf<'loadModel'> => c.kind === 'loadModel')!;
    expect([Array.from(copy.weights), Array.from(copy.json), copy.name, copy.source]).toEqual([[1, 2, 3, 4], [123, 125], 'm.json', 'file']);
  });

  it('a replaced, removed or trained slot is explained by the primary until its new copy is in', async () => {
    const { started, mirror } = setup();
    await withModels(mirror);
    const second = started[0];
    // Replaced: the copy is sent after the primary accepted it; meanwhile the primary explains.
    let open!: () => void;
    second.hold = new Promise<void>((r) => (open = r));
    const loading = mirror.call(init('b'));
    expect(mirror.explainsOnSecondary('b')).toBe(false);
    await loading;
    second.hold = null;
    open();
    await tick();
    await tick();
    expect(mirror.explainsOnSecondary('b')).toBe(true);
    // Trained: its weights change in the primary.
    await mirror.call({ kind: 'trainStart', slot: 'b' } as unknown as RequestOf<'trainStart'>);
    expect(await by(mirror.call(grid('b', 5)))).toBe('primary');
    // Removed: freed in both.
    await mirror.call(init('b'));
    await tick();
    await tick();
    expect(mirror.explainsOnSecondary('b')).toBe(true);
    await mirror.call({ kind: 'removeModel', slot: 'b' });
    expect(mirror.explainsOnSecondary('b')).toBe(false);
    expect(second.kinds().at(-1)).toBe('removeModel b');
  });

  it('a grid result older than the newest request for its slot is superseded, whichever worker answers', async () => {
    const { primary, mirror } = setup();
    await mirror.call({ kind: 'hello', backend: null });
    await mirror.call(init('a'));
    let open!: () => void;
    primary.hold = new Promise<void>((r) => (open = r));
    const old = mirror.call(grid('b', 1)); // b is not copied yet: the primary, held
    await mirror.call(init('b'));
    await tick();
    await tick();
    primary.hold = null;
    expect(await by(mirror.call(grid('b', 2)))).toBe('secondary');
    open();
    await expect(old).rejects.toSatisfy(isSuperseded);
  });

  it('switches off for good when the second worker fails, and the primary answers the call', async () => {
    const { started, offs, mirror } = setup();
    await withModels(mirror);
    started[0].failGrid = 'out of memory';
    expect(await by(mirror.call(grid('b', 1)))).toBe('primary');
    expect(offs).toEqual(['the second grid worker failed (out of memory)']);
    expect([started[0].terminated, mirror.explainsOnSecondary('b'), mirror.offReason]).toEqual([true, false, offs[0]]);
    await mirror.call(init('d'));
    await tick();
    expect(started[0].kinds().includes('initModel d')).toBe(false);
  });

  it('a second worker that does not start, or a primary on another backend than the prestarted one, switches it off', async () => {
    const b = setup();
    const failing = new FakeWorker('secondary');
    failing.failHello = 'wasm did not load';
    const mirror = new GridMirror(b.primary, { cores: 2, start: () => failing, onOff: (r) => b.offs.push(r) });
    await withModels(mirror);
    expect(b.offs).toEqual(['the second grid worker did not start (wasm did not load)']);
    expect(await by(mirror.call(grid('b', 1)))).toBe('primary');

    const c = setup({ primaryBackend: 'webgpu' });
    c.mirror.prestart('wasm');
    expect(c.started).toHaveLength(1);
    await c.mirror.call({ kind: 'hello', backend: null });
    expect(c.offs).toEqual(['the primary worker runs on webgpu']);
    expect(c.started[0].terminated).toBe(true);
  });
});
