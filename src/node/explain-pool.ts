/**
 * Batch explanations on every core (Node): worker threads, each with its own TF.js wasm backend
 * (tfjs-backend-wasm has no threads in Node) and its own copy of the model, weights prepared once.
 * `explainMany` splits a batch into one contiguous chunk per worker and joins the plain-data results
 * in order: what one in-process explainMany call gives, up to float32 rounding (the matmuls see
 * smaller batches; explain-pool.test.ts). Worth it for large batches (`rrx eval`, `rrx bench`): a
 * worker takes a second or two to start and, like the main thread, about 20 calls to warm up.
 */
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Cell, CellOptions, Weights } from '../core/cells/types';
import type { ExplainBatchOptions, ExplainResult } from '../core/explain/explain';
import { readWeightValues } from '../core/model-io/variables';
import { HEIGHT } from '../core/cells/cellLayout';
import type { BuiltMethod } from '../core/explain/registry';

export interface PoolWorkerData {
  backend: string;
  options: CellOptions;
  weights: Record<string, Float32Array>;
}

/**
 * Options a chunk carries (plain data; `prepared` is the worker's own). `heatmaps: false` leaves the
 * heatmaps out of the results (empty arrays): the figures of a whole test split without copying
 * 28·W floats per sequence and method between threads (`rrx eval`).
 */
export type PoolOptions = Pick<ExplainBatchOptions, 'target' | 'labels' | 'masks' | 'tau'> & { heatmaps?: boolean };

export interface PoolRequest {
  id: number;
  x: Float32Array;
  /** Method specs or built methods (plain data: they travel by structured clone). */
  methods: (string | BuiltMethod)[];
  opts: PoolOptions;
}

export type PoolResponse = { id: number; results: ExplainResult[] } | { id: number; error: string };

export class ExplainPool {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: ExplainResult[]) => void; reject: (e: Error) => void }>();

  private constructor(
    private readonly workers: Worker[],
    readonly width: number,
  ) {
    for (const w of workers) {
      w.on('message', (m: PoolResponse) => {
        const p = this.waiting.get(m.id);
        if (!p) return;
        this.waiting.delete(m.id);
        if ('error' in m) p.reject(new Error(m.error));
        else p.resolve(m.results);
      });
      w.on('error', (err) => {
        for (const p of this.waiting.values()) p.reject(err);
        this.waiting.clear();
      });
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Starts `threads` workers (default: one per core), each with a copy of the model. */
  static async start(cell: Cell, weights: Weights, opts: { threads?: number; backend?: string } = {}): Promise<ExplainPool> {
    const threads = opts.threads ?? os.cpus().length;
    if (!Number.isInteger(threads) || threads < 1) throw new Error(`threads must be an integer ≥ 1 (got ${threads})`);
    const data: PoolWorkerData = { backend: opts.backend ?? 'wasm', options: cell.options, weights: await readWeightValues(cell, weights) };
    const workers = Array.from({ length: threads }, () => new Worker(new URL('./explain-worker-entry.mjs', import.meta.url), { workerData: data }));
    try {
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve, reject) => {
              w.once('message', () => resolve());
              w.once('error', reject);
              w.once('exit', (code) => reject(new Error(`an explain worker exited with code ${code} while starting`)));
            }),
        ),
      );
    } catch (err) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw err;
    }
    for (const w of workers) w.removeAllListeners('exit');
    return new ExplainPool(workers, cell.options.width);
  }

  /** explainMany on x [N, 28, W] (row-major), split over the workers. */
  async explainMany(x: Float32Array, methods: (string | BuiltMethod)[], opts: PoolOptions = {}): Promise<ExplainResult[]> {
    const per = HEIGHT * this.width;
    const N = x.length / per;
    if (!Number.isInteger(N) || N < 1) throw new Error(`x must hold N·28·${this.width} values (N ≥ 1), got ${x.length}`);
    const k = Math.min(this.workers.length, N);
    const bounds = Array.from({ length: k + 1 }, (_, i) => Math.round((i * N) / k));
    const blocks = this.width / HEIGHT;
    const part = (v: ArrayLike<number> | null | undefined, a: number, b: number, size = 1): number[] | null =>
      v ? Array.from({ length: (b - a) * size }, (_, i) => v[a * size + i]) : null;
    const chunks = await Promise.all(
      Array.from({ length: k }, (_, i) => {
        const [a, b] = [bounds[i], bounds[i + 1]];
        const target = opts.target === undefined || typeof opts.target === 'string' ? opts.target : part(opts.target, a, b)!;
        return this.call(i, x.slice(a * per, b * per), methods, { ...opts, target, labels: part(opts.labels, a, b), masks: part(opts.masks, a, b, blocks) });
      }),
    );
    return chunks[0].map((r, m) => ({ ...r, sequences: chunks.flatMap((c) => c[m].sequences) }));
  }

  private call(worker: number, x: Float32Array, methods: (string | BuiltMethod)[], opts: PoolOptions): Promise<ExplainResult[]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.workers[worker].postMessage({ id, x, methods, opts } satisfies PoolRequest, [x.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
