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
 *   webgpu-*         the H100 rows: measured only where TF.js has a WebGPU backend (not in Node here)
 */
import * as tf from '../../core/tf';
import { cellFromPreset, initWeights, type PresetId } from '../../core/cells';
import { explainMany } from '../../core/explain/explain';
import { prepareWeights } from '../../core/explain/propagate/cell-weights';
import { buildMethodList } from '../../core/explain/registry';
import { useNodeBackend, NODE_BACKENDS, type NodeBackend } from '../../node/tf-backend';
import { choiceOpt, intOpt, parse } from '../command';
import { runBaseline, type BaselineResult } from './baseline';
import { timeCalls } from './explain';
import { machineInfo, timeTrainStep } from './train';
import { ExplainPool } from '../../node/explain-pool';
import os from 'node:os';

export const usage = `Usage: rrx bench [targets] [--json] [--iters n] [--backend wasm|cpu] [--no-baseline] [--anchor PATH] [--profile]

Measures every speed target (docs/benchmarks.md) next to the naive baseline of ../shared/anchor-bench
run in the same invocation, and prints ours, the baseline, the ratio and the target per row:
the five thesis methods for one sequence on deep, conv-deep, r-lstm-sd and conv-r-lstm-sd (ms), batch
explanations (deep Taylor on Deep, 200 sequences per call, sequences/s, on every core through worker
threads and in one thread) and Deep training at batch 50
(sequences/s). The WebGPU rows need a WebGPU backend (a browser or a GPU machine); in Node here they
are listed as not measured.

Options:
  --iters n      timed calls per one-sequence row (median; default 20, after 20 untimed warm-up calls;
                 batch rows use max(5, n/4) after 2, training max(10, n/4) steps after 5)
  --backend B    wasm (default) or cpu
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
    return { ...t, profile: profile ? await kernelProfile(run) : undefined };
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

export async function runTargets(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage);
    return 0;
  }
  const { values } = parse(argv, {
    json: { type: 'boolean' },
    iters: { type: 'string' },
    backend: { type: 'string' },
    'no-baseline': { type: 'boolean' },
    anchor: { type: 'string' },
    profile: { type: 'boolean' },
  });
  const iters = intOpt('iters', values.iters, 1, 10_000) ?? 20;
  const profile = !!values.profile;
  const bigIters = Math.max(5, Math.floor(iters / 4));
  const backend: NodeBackend = choiceOpt('backend', values.backend, NODE_BACKENDS) ?? 'wasm';
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
  const rows: TargetRow[] = [];
  const show = (r: TargetRow, prof?: KernelTime[]) => {
    if (prof) r.profile = prof;
    rows.push(r);
    const f = (v: number | null) => (v === null ? '—' : r.unit === 'ms' ? `${v.toFixed(1)} ms` : `${Math.round(v)} seq/s`);
    const target = r.unit === 'ms' ? `≤ ${r.target} ms` : `≥ ${r.target} seq/s`;
    log(
      `${r.work.padEnd(58)} ${f(r.ours).padStart(12)} ${f(r.baseline).padStart(12)} ${(r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`).padStart(7)} ${target.padStart(16)} ${r.met === null ? 'not measured' : r.met ? 'met' : 'MISSED'}`,
    );
    for (const k of prof?.slice(0, 8) ?? []) log(`    ${k.kernel.padEnd(20)} ${String(k.calls).padStart(5)} calls ${k.ms.toFixed(1).padStart(8)} ms`);
  };
  log(`\n${'work'.padEnd(58)} ${'ours'.padStart(12)} ${'baseline'.padStart(12)} ${'ratio'.padStart(7)} ${'target'.padStart(16)}`);

  const five = baseline ? 5 * baseline.lrp_b1_ms : null;
  const fiveWork = "5 × the baseline's LRP of one sequence (its Deep)";
  for (const [id, target] of [['deep', 16], ['conv-deep', 48], ['r-lstm-sd', 48], ['conv-r-lstm-sd', 48]] as const) {
    // 20 untimed calls first: V8 needs them to optimise TF.js's engine paths (with 3, the median of a
    // Deep call is about 13 ms; from 20 on, about 8 ms): the steady state of the explorer's worker.
    const t = await timeExplain(id, FIVE, 1, iters, 20, profile);
    show(msRow(`explain5:${id}`, `five thesis methods, 1 sequence, ${id}`, t, five, fiveWork, target), t.profile);
  }
  const b200 = await timeExplain('deep', 'deep-taylor', 200, bigIters, 2, profile);
  const b200Base = baseline?.lrp_b200_ms ?? null;
  const b200Work = "the baseline's LRP of 200 sequences";
  show(rateRow('explain-b200:1-thread', 'batch explanations, deep Taylor, deep, 200/call, 1 thread', 200, b200, b200Base, b200Work, 3000), b200.profile);
  const threads = os.cpus().length;
  const pooled = await timePool('deep', 'deep-taylor', 200, threads, bigIters);
  show({ ...rateRow('explain-b200', `batch explanations, deep Taylor, deep, 200/call, ${threads} threads`, 200, pooled, b200Base, b200Work, 3000), note: `ExplainPool, ${threads} worker threads` });
  const train = await timeTrainStep('deep', { batch: 50, iters: Math.max(10, bigIters), warmup: 5 });
  show(rateRow('train-b50', 'training, deep, batch 50', 50, train, baseline?.train_b50_ms ?? null, "the baseline's training step at batch 50", 1000));
  const noGpu = 'needs a WebGPU backend (a browser, or Node with Dawn on a GPU machine); none in this process';
  for (const [id, work, target] of [
    ['webgpu-train-b50', 'WebGPU: training, deep, batch 50', 6000],
    ['webgpu-explain-b200', 'WebGPU: batch explanations, deep Taylor, deep', 27000],
  ] as const) {
    show({ id, work, unit: 'seq/s', ours: null, best: null, baseline: null, baselineWork: 'the baseline on WebGPU', ratio: null, target, met: null, note: noGpu });
  }
  if (json) {
    console.log(
      JSON.stringify(
        { suite: 'targets', machine: machineInfo(), backend: got, task: { name: 'maj', T: 12, width: 84 }, iters, command: `rrx bench ${argv.join(' ')}`.trim(), baseline, rows },
        null,
        2,
      ),
    );
  }
  return 0;
}
