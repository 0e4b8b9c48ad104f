/**
 * Choosing the backend by measuring it: a pure decision over timings, tested without a browser.
 * The order alone (backend-order.ts) cannot tell whether a real GPU is faster for this page's work:
 * one grid update issues hundreds of small kernels, a WebGPU dispatch costs 0.1–0.3 ms, and WASM
 * runs the same grid in a few ms on one core. So when more than one backend is worth trying (a
 * hardware GPU backend beside WASM), the worker times a few warm grid updates on each, once per
 * device (the timings are cached in the browser, keyed by deviceKey), and explains on the fastest;
 * a training run does the same for a training step at its batch size. The runtime side (setBackend,
 * the work itself, the cache in IndexedDB) is init-backend.ts, measure-work.ts and choice-store.ts.
 */
import type { BackendChoiceReport, BackendName, BackendTiming } from '../protocol/messages';
import type { BackendProbe } from './backend-order';

/** What is cached per device (choice-store.ts). */
export interface ChoiceEntry {
  version: 1;
  key: string;
  /** Grid updates (the explanations). */
  grid: { timings: BackendTiming[]; measuredAt: number } | null;
  /** Training steps, by batch size. */
  train: Record<string, { timings: BackendTiming[]; measuredAt: number }>;
}

export const emptyEntry = (key: string): ChoiceEntry => ({ version: 1, key, grid: null, train: {} });

const LABELS: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };

/**
 * The device a measurement holds for: the WebGPU adapter (vendor, architecture, fallback flag),
 * the kind of WebGL renderer, WebAssembly, and the browser (user agent: a new browser version
 * measures again).
 */
export function deviceKey(probe: BackendProbe, userAgent: string): string {
  const gpu = probe.webgpu ? `webgpu ${probe.webgpu.vendor || '?'}/${probe.webgpu.architecture || '?'}${probe.webgpu.isFallback ? ' fallback' : ''}` : 'no webgpu';
  const gl = probe.webglSoftware === null ? 'no webgl' : probe.webglSoftware ? 'software webgl' : 'hardware webgl';
  return `${gpu} | ${gl} | ${probe.wasm ? 'wasm' : 'no wasm'} | ${userAgent}`;
}

/**
 * The backends worth measuring, in the order's preference: `forced` ones that the order has
 * (`?candidates=`, software adapters included), else the hardware GPU backends of the order and
 * the first CPU backend (wasm, else cpu). Fewer than two: nothing to measure, the order decides.
 * The order has already left out avoided backends (backendOrder's `avoid`).
 */
export function measureCandidates(order: readonly BackendName[], probe: BackendProbe, forced: readonly BackendName[] | null = null): BackendName[] {
  if (forced && forced.length > 0) return order.filter((b) => forced.includes(b));
  const hardware = order.filter((b) => (b === 'webgpu' && probe.webgpu !== null && !probe.webgpu.isFallback) || (b === 'webgl' && probe.webglSoftware === false));
  const cpu = order.find((b) => b === 'wasm' || b === 'cpu');
  return cpu ? [...hardware, cpu] : hardware;
}

/** The candidates without a timing in `cached`: those must be measured (a new candidate, or none cached). */
export function toMeasure(candidates: readonly BackendName[], cached: readonly BackendTiming[] | undefined): BackendName[] {
  return candidates.filter((b) => !cached?.some((t) => t.backend === b));
}

/** `fresh` timings replace the cached ones of the same backend; the others stay. */
export function mergeTimings(cached: readonly BackendTiming[] | undefined, fresh: readonly BackendTiming[]): BackendTiming[] {
  return [...(cached ?? []).filter((t) => !fresh.some((f) => f.backend === t.backend)), ...fresh];
}

/** The fastest candidate that has a time; on a tie, or when none has one, the first of `candidates` (the order's preference). */
export function fastest(candidates: readonly BackendName[], timings: readonly BackendTiming[]): BackendName {
  let best: BackendName = candidates[0];
  let bestMs = Infinity;
  for (const b of candidates) {
    const ms = timings.find((t) => t.backend === b)?.ms;
    if (ms !== null && ms !== undefined && ms < bestMs) {
      best = b;
      bestMs = ms;
    }
  }
  return best;
}

/** The order to use: the chosen backend first, then the rest of the order as fallbacks. */
export function withFirst(order: readonly BackendName[], first: BackendName): BackendName[] {
  return [first, ...order.filter((b) => b !== first)];
}

export interface MeasureOptions {
  /** Untimed calls first (shader compilation, first-use allocations). */
  warmup: number;
  /** Timed calls at most; their median is the backend's time. */
  timed: number;
  /** A candidate stops after a timed call this many times slower than the best median so far: it cannot win. */
  slower: number;
  /** A candidate stops once its timed calls took this long together (it keeps the median of those made). */
  budgetMs: number;
}

export const GRID_MEASURE: MeasureOptions = { warmup: 2, timed: 3, slower: 5, budgetMs: 3000 };
export const TRAIN_MEASURE: MeasureOptions = { warmup: 1, timed: 2, slower: 3, budgetMs: 4000 };

/** The work of one candidate: `prepare` activates it (and throws when it does not come up), `run` does one unit of work and returns its time in ms. */
export interface Workload {
  prepare(backend: BackendName): Promise<void>;
  run(backend: BackendName): Promise<number>;
  /** After a candidate (dispose what prepare made); also after a failure. */
  cleanup(backend: BackendName): Promise<void> | void;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Times each candidate (CPU backends first: their time is the bar the others must beat); a
 * candidate that fails gets `ms: null` and its error. Pure over `work`.
 */
export async function measure(candidates: readonly BackendName[], work: Workload, opts: MeasureOptions): Promise<BackendTiming[]> {
  const cpuFirst = [...candidates].sort((a, b) => Number(a !== 'wasm' && a !== 'cpu') - Number(b !== 'wasm' && b !== 'cpu'));
  const out: BackendTiming[] = [];
  let best = Infinity;
  for (const b of cpuFirst) {
    const times: number[] = [];
    try {
      await work.prepare(b);
      for (let i = 0; i < opts.warmup; i++) await work.run(b);
      let spent = 0;
      for (let i = 0; i < opts.timed; i++) {
        const ms = await work.run(b);
        times.push(ms);
        spent += ms;
        if (ms > opts.slower * best || spent >= opts.budgetMs) break;
      }
      const m = median(times);
      best = Math.min(best, m);
      out.push({ backend: b, ms: m, calls: times.length });
    } catch (err) {
      out.push({ backend: b, ms: null, calls: times.length, error: err instanceof Error ? err.message : String(err) });
    } finally {
      await work.cleanup(b);
    }
  }
  // In the candidates' order (the report lists them as the order prefers them).
  return candidates.map((b) => out.find((t) => t.backend === b)!);
}

const fmtMs = (ms: number) => (ms >= 100 ? Math.round(ms).toLocaleString('en-US') : ms.toFixed(1));

/**
 * One sentence for the footer: the times side by side and where they come from, e.g.
 * "WASM 24.3 ms, WebGPU 2,930 ms per grid update, measured on this device earlier: WASM is faster".
 */
export function choiceReason(r: BackendChoiceReport): string {
  const what = r.work === 'grid' ? 'per grid update' : `per training step of ${r.batchSize ?? '?'} sequences`;
  const chosenFirst = [...r.timings].sort((a, b) => Number(b.backend === r.chosen) - Number(a.backend === r.chosen));
  const times = chosenFirst.map((t) => `${LABELS[t.backend]} ${t.ms === null ? `failed${t.error ? ` (${t.error})` : ''}` : `${fmtMs(t.ms)} ms`}`).join(', ');
  const when = r.cached ? 'measured on this device earlier' : 'measured on this device now';
  const others = r.timings.filter((t) => t.backend !== r.chosen);
  const verdict = others.length > 0 && others.every((t) => t.ms === null) ? 'the only one that ran' : 'is faster';
  return `${times} ${what}, ${when}: ${LABELS[r.chosen]} ${verdict}`;
}
