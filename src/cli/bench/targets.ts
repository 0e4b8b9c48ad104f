/**
 * `rrx bench` (no suite, or `rrx bench targets`): every row of the speed targets (docs/benchmarks.md,
 * "Targets"), each next to the naive baseline of ../shared/anchor-bench run in the same invocation,
 * with the ratio and the target:
 *
 *   explain5:<cell>  the five thesis methods for one sequence in one explainMany call (deep, conv-deep,
 *                    r-lstm-sd, conv-r-lstm-sd), weights prepared once as the explorer keeps them;
 *                    baseline: five of its one-sequence LRP calls (Deep)
 *   explain-b200     deep Taylor on Deep, 200 sequences per call on every core (ExplainPool: one
 *                    worker thread per core), sequences/s; baseline: its LRP of 200 (one thread);
 *                    explain-b200:1-thread the same in this process
 *   train-b50        one Deep training step at batch 50, sequences/s; baseline: its training step
 *   webgpu-*         the H100 rows, with --backend webgpu (Dawn in Node: the `webgpu` package): Deep
 *                    training at batch 50 and deep Taylor at 200 (and --gpu-batch) per call; with a
 *                    software adapter (SwiftShader) they are measured but not judged
 */
import * as tf from '../../core/tf';
import { cellFromPreset, initWeights, type PresetId } from '../../core/cells';
import { explainMany } from '../../core/explain/explain';
import { prepareWeights } from '../../core/explain/propagate/cell-weights';
import { buildMethodList } from '../../core/explain/registry';
import { gpuAdapter, gpuDispatchCount, useNodeBackend, NODE_BACKENDS, type GpuAdapterReport, type NodeBackend } from '../../node/tf-backend';
import { choiceOpt, intOpt, parse, UsageError } from '../command';
import { runBaseline, type BaselineResult } from './baseline';
import { BENCH_OPTIONS, summarize, timeCalls } from './common';
import { machineInfo, timeTrainStep } from './train';
import { ExplainPool } from '../../node/explain-pool';
import os from 'node:os';

export const usage = `Usage: rrx bench [targets] [--json] [--iters n] [--backend wasm|cpu|webgpu] [--gpu-batch n]
                 [--submit-batch n] [--no-baseline] [--anchor PATH] [--profile]

Measures every speed target (docs/benchmarks.md) next to the naive baseline of ../shared/anchor-bench
run in the same invocation, and prints ours, the baseline, the ratio and the target per row.
On the CPU (wasm, the default; or cpu): the five thesis methods for one sequence on deep, conv-deep,
r-lstm-sd and conv-r-lstm-sd (ms), batch explanations (deep Taylor on Deep, 200 sequences per call,
sequences/s, on every core through worker threads and in one thread) and Deep training at batch 50
(sequences/s). With --backend webgpu (Dawn, the \`webgpu\` package; docs/benchmarks.md, "WebGPU in
Node"): the GPU rows, Deep training at batch 50 and deep Taylor at 200 and at --gpu-batch sequences
per call, the baseline also on WebGPU, the cost of one dispatch, and a parity check: the five
methods on deep, conv-deep and r-lstm-sd against the cpu backend (exit code 1 beyond 1e-4). On a
software adapter (SwiftShader) the GPU rows are measured but not judged.

Options:
  --iters n      timed calls per one-sequence row (median; default 20, after 20 untimed warm-up calls;
                 batch rows use max(5, n/4) after 2 (WebGPU: 5), training max(10, n/4) steps after 5)
  --backend B    wasm (default), cpu, or webgpu
  --gpu-batch n  with webgpu: also time the batch row at n sequences per call (default 2000; 200: only 200)
  --submit-batch n  with webgpu: dispatches recorded per queue submit (TF.js's
                 WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE, default 15); the report also gives the cost of one
                 dispatch (to record it, and to completion)
  --no-baseline  skip the naive baseline (ratios are then null)
  --anchor PATH  bench.mjs (or its folder) of the baseline (default $RRX_ANCHOR, else ../shared/anchor-bench)
  --profile      also profile one call of each explanation row: kernel time by kernel name (tf.profile)
  --json         print one JSON document
  -h, --help     this text

Other suites: rrx bench train | explain (per cell and method; see rrx bench --help).`;

export const FIVE = 'sensitivity,guided-backprop,gradient-x-input,deep-taylor,lrp-alpha-beta';

export interface TargetRow {
  id: string;
  work: string;
  /** 'ms' (lower is better) or 'seq/s' (higher is better). */
  unit: 'ms' | 'seq/s';
  /** Our median (ms) or throughput at the median (seq/s); null when not measured. */
  ours: number | null;
  /** Best of the timed calls, in the same unit. */
  best: number | null;
  /** The naive baseline's figure for the same work (see `baselineWork`), null without a baseline. */
  baseline: number | null;
  baselineWork: string;
  /** baseline/ours for ms, ours/baseline for seq/s (> 1: faster than the baseline). */
  ratio: number | null;
  target: number;
  /** ours meets the target (null when not measured). */
  met: boolean | null;
  note?: string;
  /** WebGPU: compute dispatches of one call (one training step, one explanation call). */
  dispatches?: number;
  /** --profile: kernel time of one call by kernel name (tf.profile), largest first. */
  profile?: KernelTime[];
}

export interface KernelTime {
  kernel: string;
  calls: number;
  ms: number;
}

/**
 * Kernel time of one run of `fn` by kernel name (tf.profile), largest first. TF.js counts a custom-gradient
 * op as an "unnamed scope" kernel that includes the kernels inside it, so totals overlap slightly.
 */
export async function kernelProfile(fn: () => Promise<unknown>): Promise<KernelTime[]> {
  const p = await tf.profile(async () => {
    await fn(); // plain-data results: nothing for tf.profile to track
  });
  const by = new Map<string, KernelTime>();
  for (const k of p.kernels) {
    const e = by.get(k.name) ?? { kernel: k.name, calls: 0, ms: 0 };
    e.calls++;
    e.ms += Number(k.kernelTimeMs);
    by.set(k.name, e);
  }
  return [...by.values()].sort((a, b) => b.ms - a.ms);
}

/** What one WebGPU dispatch costs (µs, medians of 5 runs of `dispatches` chained relus of a small tensor). */
export interface DispatchCost {
  dispatches: number;
  /** WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE: dispatches recorded per queue submit. */
  submitBatch: number;
  /** Per dispatch: time to record it (JS, TF.js and Dawn on the CPU; the GPU may still be busy). */
  enqueueUs: number;
  /** Per dispatch: from the first record to the read-back of the last result. */
  totalUs: number;
}

/**
 * The cost of one dispatch on the WebGPU backend, measured with `n` chained relus of a [50, 256]
 * tensor (arithmetic that is nothing for a GPU): on a GPU this cost, times the dispatches of a call,
 * is most of its time (the baseline's LRP of 1 and of 200 sequences take the same time there).
 */
export async function timeDispatches(n = 500): Promise<DispatchCost> {
  const x0 = tf.ones([50, 256]);
  const enqueue: number[] = [];
  const total: number[] = [];
  try {
    for (let rep = 0; rep < 6; rep++) {
      const made: tf.Tensor[] = [];
      const t0 = performance.now();
      let x = x0;
      for (let i = 0; i < n; i++) made.push((x = tf.relu(x)));
      const t1 = performance.now();
      await x.data();
      const t2 = performance.now();
      tf.dispose(made);
      if (rep > 0) {
        enqueue.push(((t1 - t0) * 1000) / n);
        total.push(((t2 - t0) * 1000) / n);
      }
    }
  } finally {
    x0.dispose();
  }
  const submitBatch = Number(tf.env().get('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE'));
  return { dispatches: n, submitBatch, enqueueUs: summarize(enqueue).median, totalUs: summarize(total).median };
}

/** WebGPU compute dispatches of one more call of `fn` (undefined on other backends). */
export async function dispatchesOf(fn: () => Promise<unknown>): Promise<number | undefined> {
  if (tf.getBackend() !== 'webgpu') return undefined;
  const before = gpuDispatchCount();
  await fn();
  return gpuDispatchCount() - before;
}

function msRow(id: string, work: string, t: { median: number; min: number }, baseline: number | null, baselineWork: string, target: number): TargetRow {
  return {
    id, work, unit: 'ms', ours: t.median, best: t.min, baseline, baselineWork,
    ratio: baseline === null ? null : baseline / t.median, target, met: t.median <= target,
  };
}

function rateRow(id: string, work: string, n: number, t: { median: number; min: number }, baselineMs: number | null, baselineWork: string, target: number): TargetRow {
  const ours = (n / t.median) * 1000;
  const baseline = baselineMs === null ? null : (n / baselineMs) * 1000;
  return {
    id, work, unit: 'seq/s', ours, best: (n / t.min) * 1000, baseline, baselineWork,
    ratio: baseline === null ? null : ours / baseline, target, met: ours >= target,
  };
}

/** ms of explainMany(methods) on `batch` random MAJ sequences of a cell, weights prepared once (and its kernel profile). */
async function timeExplain(id: PresetId, methods: string, batch: number, iters: number, warmup: number, profile = false) {
  const cell = cellFromPreset(id, { T: 12, width: 84 });
  const w = initWeights(cell, 1);
  const prepared = prepareWeights(cell, w);
  const x = tf.randomUniform([batch, 28, 84], -1, 1, 'float32', 3) as tf.Tensor3D;
  const target = Array.from({ length: batch }, (_, i) => i % 10);
  const built = buildMethodList(methods);
  try {
    const run = () => explainMany(cell, w, x, built, { target, prepared });
    const t = await timeCalls(run, iters, warmup);
    return { ...t, dispatches: await dispatchesOf(run), profile: profile ? await kernelProfile(run) : undefined };
  } finally {
    prepared.dispose();
    tf.dispose([x, ...Object.values(w)]);
  }
}

/**
 * ms of ExplainPool.explainMany on `batch` random MAJ sequences over `threads` worker threads (the
 * batch row on every core); 20 untimed calls first, as the workers warm up like the main thread.
 */
async function timePool(id: PresetId, methods: string, batch: number, threads: number, iters: number) {
  const cell = cellFromPreset(id, { T: 12, width: 84 });
  const w = initWeights(cell, 1);
  const x = tf.tidy(() => tf.randomUniform([batch, 28, 84], -1, 1, 'float32', 3).dataSync() as Float32Array);
  const target = Array.from({ length: batch }, (_, i) => i % 10);
  const pool = await ExplainPool.start(cell, w, { threads, backend: tf.getBackend() });
  try {
    return await timeCalls(() => pool.explainMany(x.slice(), methods.split(','), { target }), iters, 20);
  } finally {
    await pool.close();
    tf.dispose(Object.values(w));
  }
}

/**
 * A software adapter (SwiftShader) proves the WebGPU path works; its speed says nothing about a GPU,
 * so a measured webgpu-* row on it is not judged (met null, with a note). Changes `row` in place.
 */
export function judgeOnAdapter(row: TargetRow, adapter: GpuAdapterReport | null): TargetRow {
  if (adapter?.software && row.id.startsWith('webgpu') && row.ours !== null) {
    row.met = null;
    row.note = `software adapter (${adapter.architecture || adapter.description}): not a GPU figure`;
  }
  return row;
}

/**
 * The WebGPU batch row at `batch` sequences per call (--gpu-batch). The baseline's figure stays its
 * rate at 200 per call (bench.mjs has no other batch), so the ratio compares rates.
 */
export function largerBatchRow(batch: number, t: { median: number; min: number; dispatches?: number }, baselineB200Ms: number | null): TargetRow {
  const row = rateRow(`webgpu-explain-b${batch}`, `WebGPU: batch explanations, deep Taylor, deep, ${batch}/call`, batch, t, null, "the baseline's LRP of 200 sequences", GPU_EXPLAIN.target);
  const base = baselineB200Ms === null ? null : (200 / baselineB200Ms) * 1000;
  return {
    ...row,
    baseline: base,
    ratio: base === null ? null : row.ours! / base,
    note: `the same work at ${batch} sequences per call (--gpu-batch); the baseline's figure is its rate at 200`,
    dispatches: t.dispatches,
  };
}

/** How far the WebGPU explanations are from the cpu backend's (the parity check of --backend webgpu). */
export interface GpuParity {
  /** Per cell and method: max |webgpu − cpu| over the heatmaps, over max |cpu| (the replica tolerance's form). */
  rows: { cell: PresetId; method: string; relDiff: number; logitsDiff: number }[];
  worst: number;
  tolerance: number;
  ok: boolean;
}

/** The parity check's tolerance: that of e2e/webgpu-parity.spec.ts and the float64 replica tests. */
export const PARITY_TOLERANCE = 1e-4;

/** max |a − b| / max |b| (0 when b is all zeros and a equals it). */
export function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let m = 0;
  for (let i = 0; i < b.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    m = Math.max(m, Math.abs(b[i]));
  }
  return m === 0 ? d : d / m;
}

/**
 * The five thesis methods on `batch` seeded random sequences for each cell, on the active backend
 * (webgpu) and then on the cpu backend, compared. Weights and inputs come from seeded generators
 * that TF.js runs in JavaScript, so both backends see the same numbers. Leaves TF.js on 'cpu'.
 */
export async function gpuParity(cells: PresetId[], batch = 4): Promise<GpuParity> {
  const run = async (id: PresetId) => {
    const cell = cellFromPreset(id, { T: 12, width: 84 });
    const w = initWeights(cell, 1);
    const x = tf.randomUniform([batch, 28, 84], -1, 1, 'float32', 5) as tf.Tensor3D;
    try {
      return await explainMany(cell, w, x, buildMethodList(FIVE), { target: Array.from({ length: batch }, (_, i) => (3 * i) % 10) });
    } finally {
      tf.dispose([x, ...Object.values(w)]);
    }
  };
  const gpu: Awaited<ReturnType<typeof run>>[] = [];
  for (const id of cells) gpu.push(await run(id));
  await import('@tensorflow/tfjs-backend-cpu');
  if (!(await tf.setBackend('cpu')) || tf.getBackend() !== 'cpu') throw new Error('the parity check could not switch TF.js to the cpu backend');
  const rows: GpuParity['rows'] = [];
  for (let c = 0; c < cells.length; c++) {
    const cpu = await run(cells[c]);
    cpu.forEach((ref, k) => {
      const got = gpu[c][k];
      const heat = (r: typeof ref) => r.sequences.flatMap((q) => Array.from(q.heatmap));
      const logits = (r: typeof ref) => r.sequences.flatMap((q) => q.logits);
      rows.push({ cell: cells[c], method: ref.method, relDiff: relDiff(heat(got), heat(ref)), logitsDiff: relDiff(logits(got), logits(ref)) });
    });
  }
  const worst = Math.max(...rows.map((r) => Math.max(r.relDiff, r.logitsDiff)));
  return { rows, worst, tolerance: PARITY_TOLERANCE, ok: worst <= PARITY_TOLERANCE };
}

/** Rows listed but not measured in this invocation (ours and the ratio null). */
function notMeasured(id: string, work: string, unit: 'ms' | 'seq/s', target: number, baselineWork: string, note: string): TargetRow {
  return { id, work, unit, ours: null, best: null, baseline: null, baselineWork, ratio: null, target, met: null, note };
}

/** The WebGPU rows: id, work, target. `--gpu-batch` adds the same explanation work at a larger batch. */
const GPU_TRAIN = { id: 'webgpu-train-b50', work: 'WebGPU: training, deep, batch 50', target: 6000 } as const;
const GPU_EXPLAIN = { id: 'webgpu-explain-b200', work: 'WebGPU: batch explanations, deep Taylor, deep, 200/call', target: 27000 } as const;

export async function runTargets(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage);
    return 0;
  }
  const { values } = parse(argv, {
    ...BENCH_OPTIONS,
    'gpu-batch': { type: 'string' },
    'submit-batch': { type: 'string' },
    profile: { type: 'boolean' },
  });
  const iters = intOpt('iters', values.iters, 1, 10_000) ?? 20;
  const profile = !!values.profile;
  const bigIters = Math.max(5, Math.floor(iters / 4));
  const backend: NodeBackend = choiceOpt('backend', values.backend, NODE_BACKENDS) ?? 'wasm';
  const gpuBatch = intOpt('gpu-batch', values['gpu-batch'], 1, 100_000) ?? 2000;
  const submitBatch = intOpt('submit-batch', values['submit-batch'], 1, 100_000);
  if (submitBatch !== undefined && backend !== 'webgpu') throw new UsageError('--submit-batch needs --backend webgpu');
  const json = !!values.json;
  const log = (s: string) => {
    if (!json) console.log(s);
  };

  let baseline: BaselineResult | null = null;
  if (!values['no-baseline']) {
    log(`naive baseline (${backend}, ${iters} iterations)…`);
    baseline = await runBaseline({ backend, iters, anchor: values.anchor });
  }
  const got = await useNodeBackend(backend);
  const adapter = backend === 'webgpu' ? gpuAdapter() : null;
  if (submitBatch !== undefined) tf.env().set('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE', submitBatch);
  let dispatchCost: DispatchCost | null = null;
  let parity: GpuParity | null = null;
  if (adapter) log(`WebGPU adapter: ${[adapter.vendor, adapter.architecture, adapter.device, adapter.description].filter(Boolean).join(' / ')}${adapter.software ? ' (software: not a GPU figure)' : ''}`);
  const rows: TargetRow[] = [];
  const show = (r: TargetRow, prof?: KernelTime[]) => {
    if (prof) r.profile = prof;
    judgeOnAdapter(r, adapter);
    rows.push(r);
    const f = (v: number | null) => (v === null ? '—' : r.unit === 'ms' ? `${v.toFixed(1)} ms` : `${Math.round(v)} seq/s`);
    const target = r.unit === 'ms' ? `≤ ${r.target} ms` : `≥ ${r.target} seq/s`;
    log(
      `${r.work.padEnd(58)} ${f(r.ours).padStart(12)} ${f(r.baseline).padStart(12)} ${(r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`).padStart(7)} ${target.padStart(16)} ${r.met === null ? (r.ours === null ? 'not measured' : 'not judged') : r.met ? 'met' : 'MISSED'}`,
    );
    if (r.dispatches !== undefined) log(`    ${r.dispatches} GPU dispatches per ${r.id.includes('train') ? 'step' : 'call'}`);
    for (const k of prof?.slice(0, 8) ?? []) log(`    ${k.kernel.padEnd(20)} ${String(k.calls).padStart(5)} calls ${k.ms.toFixed(1).padStart(8)} ms`);
  };
  log(`\n${'work'.padEnd(58)} ${'ours'.padStart(12)} ${'baseline'.padStart(12)} ${'ratio'.padStart(7)} ${'target'.padStart(16)}`);

  const five = baseline ? 5 * baseline.lrp_b1_ms : null;
  const fiveWork = "5 × the baseline's LRP of one sequence (its Deep)";
  const b200Base = baseline?.lrp_b200_ms ?? null;
  const b200Work = "the baseline's LRP of 200 sequences";
  const trainWork = "the baseline's training step at batch 50";
  if (backend === 'webgpu') {
    dispatchCost = await timeDispatches();
    log(
      `one dispatch (${dispatchCost.dispatches} chained relus of [50, 256], submitted every ${dispatchCost.submitBatch}): ` +
        `${dispatchCost.enqueueUs.toFixed(1)} µs to record, ${dispatchCost.totalUs.toFixed(1)} µs to completion`,
    );
    // The GPU rows. One-sequence latency is shown for Deep (the explorer's case), without the CPU targets.
    const t5 = await timeExplain('deep', FIVE, 1, iters, 20, profile);
    show({ ...msRow('webgpu-explain5:deep', 'WebGPU: five thesis methods, 1 sequence, deep', t5, five, fiveWork, 16), met: null, note: 'informative: the ≤ 16 ms target is for the CPU (worker and Node)', dispatches: t5.dispatches }, t5.profile);
    const train = await timeTrainStep('deep', { batch: 50, iters: Math.max(10, bigIters), warmup: 5 });
    show({ ...rateRow(GPU_TRAIN.id, GPU_TRAIN.work, 50, train, baseline?.train_b50_ms ?? null, trainWork, GPU_TRAIN.target), dispatches: train.dispatchesPerStep });
    const b200 = await timeExplain('deep', 'deep-taylor', 200, bigIters, 5, profile);
    show({ ...rateRow(GPU_EXPLAIN.id, GPU_EXPLAIN.work, 200, b200, b200Base, b200Work, GPU_EXPLAIN.target), dispatches: b200.dispatches }, b200.profile);
    if (gpuBatch !== 200) {
      const big = await timeExplain('deep', 'deep-taylor', gpuBatch, bigIters, 3, profile);
      show(largerBatchRow(gpuBatch, big, b200Base), big.profile);
    }
    // Last: it leaves TF.js on the cpu backend.
    parity = await gpuParity(['deep', 'conv-deep', 'r-lstm-sd']);
    log(
      `parity with the cpu backend (five methods, 4 sequences, deep, conv-deep, r-lstm-sd): worst ` +
        `max|Δ|/max|cpu| ${parity.worst.toExponential(2)} (tolerance ${parity.tolerance}): ${parity.ok ? 'ok' : 'FAILED'}`,
    );
    const cpu = 'a CPU row: run rrx bench --backend wasm';
    for (const [id, work, unit, target] of [
      ['explain5:deep', 'five thesis methods, 1 sequence, deep', 'ms', 16],
      ['explain-b200', 'batch explanations, deep Taylor, deep, 200/call', 'seq/s', 3000],
      ['train-b50', 'training, deep, batch 50', 'seq/s', 1000],
    ] as const) show(notMeasured(id, work, unit, target, '', cpu));
  } else {
    for (const [id, target] of [['deep', 16], ['conv-deep', 48], ['r-lstm-sd', 48], ['conv-r-lstm-sd', 48]] as const) {
      // 20 untimed calls first: V8 needs them to optimise TF.js's engine paths (with 3, the median of a
      // Deep call is about 13 ms; from 20 on, about 8 ms): the steady state of the explorer's worker.
      const t = await timeExplain(id, FIVE, 1, iters, 20, profile);
      show(msRow(`explain5:${id}`, `five thesis methods, 1 sequence, ${id}`, t, five, fiveWork, target), t.profile);
    }
    const b200 = await timeExplain('deep', 'deep-taylor', 200, bigIters, 2, profile);
    show(rateRow('explain-b200:1-thread', 'batch explanations, deep Taylor, deep, 200/call, 1 thread', 200, b200, b200Base, b200Work, 3000), b200.profile);
    const threads = os.cpus().length;
    const pooled = await timePool('deep', 'deep-taylor', 200, threads, bigIters);
    show({ ...rateRow('explain-b200', `batch explanations, deep Taylor, deep, 200/call, ${threads} threads`, 200, pooled, b200Base, b200Work, 3000), note: `ExplainPool, ${threads} worker threads` });
    const train = await timeTrainStep('deep', { batch: 50, iters: Math.max(10, bigIters), warmup: 5 });
    show(rateRow('train-b50', 'training, deep, batch 50', 50, train, baseline?.train_b50_ms ?? null, trainWork, 1000));
    const noGpu = 'needs the WebGPU backend: rrx bench --backend webgpu (Dawn; a GPU machine for figures that count)';
    for (const r of [GPU_TRAIN, GPU_EXPLAIN]) show(notMeasured(r.id, r.work, 'seq/s', r.target, 'the baseline on WebGPU', noGpu));
  }
  if (json) {
    console.log(
      JSON.stringify(
        { suite: 'targets', machine: machineInfo(), backend: got, adapter, dispatchCost, parity, task: { name: 'maj', T: 12, width: 84 }, iters, command: `rrx bench ${argv.join(' ')}`.trim(), baseline, rows },
        null,
        2,
      ),
    );
  }
  return parity && !parity.ok ? 1 : 0;
}
