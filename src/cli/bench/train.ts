/**
 * `rrx bench train`: sequences per second of one training step (forward with dropout, 11-way loss,
 * gradients, Adam) at batch 50 on MAJ (T = 12, 28×84) for each cell, next to the naive baseline
 * (baseline.ts) measured in the same invocation. Output format: docs/cli.md, "rrx bench train".
 */
import os from 'node:os';
import * as tf from '../../core/tf';
import { cellFromPreset, initWeights, PRESET_IDS, getPreset, type PresetId } from '../../core/cells';
import { createAdam } from '../../core/train/adam';
import { trainableVariables, trainStep } from '../../core/train/step';
import { mixSeed } from '../../core/train/shuffle';
import { gpuDispatchCount, useNodeBackend, NODE_BACKENDS, type NodeBackend } from '../../node/tf-backend';
import { choiceOpt, intOpt, parse, UsageError } from '../command';
import { runBaseline, type BaselineResult } from './baseline';
import { BENCH_OPTIONS, summarize, type Timing } from './common';

export const usage = `Usage: rrx bench train [--json] [--iters n] [--cells all|ID,ID] [--batch n] [--backend wasm|cpu|webgpu]
                       [--threads] [--no-baseline] [--anchor PATH]

Times one training step (forward with dropout, loss, gradients, Adam update) on random MAJ-sized
input (T = 12, 28×84 images) for each cell, and runs the naive baseline of ../shared/anchor-bench
(the thesis's Deep cell written plainly in TF.js) in the same invocation for comparison.

Options:
  --iters n        timed steps per cell (median reported; default 10, after 2 warm-up steps)
  --cells LIST     "all" (default) or comma-separated cell ids (see rrx info)
  --batch n        sequences per step (default 50, the thesis's batch)
  --backend B      wasm (default), cpu, or webgpu (Dawn: docs/benchmarks.md, "WebGPU in Node")
  --threads        ask for the wasm backend's multi-threaded build (default: single-threaded; Node
                   does not get it: tfjs-backend-wasm reports no thread support there)
  --no-baseline    skip the naive baseline
  --anchor PATH    bench.mjs (or its folder) of the baseline; default $RRX_ANCHOR, else
                   ../shared/anchor-bench beside the repository
  --json           print one JSON document (docs/cli.md, "rrx bench train")
  -h, --help       this text`;

export interface CellTiming {
  id: PresetId;
  /** Median ms of one training step. */
  stepMs: number;
  /** batch / stepMs · 1000. */
  seqPerSec: number;
  /** Baseline ms / our ms (> 1: faster than the baseline); null without a baseline. */
  speedup: number | null;
  /** Min and max ms over the timed steps. */
  minMs: number;
  maxMs: number;
  /** WebGPU only: compute dispatches per step. */
  dispatchesPerStep?: number;
}

/** Median, min and max ms of `iters` training steps of one cell. */
export async function timeTrainStep(
  id: PresetId,
  opts: { batch: number; iters: number; warmup?: number },
): Promise<Timing & { dispatchesPerStep?: number }> {
  const cell = cellFromPreset(id, { T: 12, width: 84 });
  const w = initWeights(cell, 1);
  const opt = createAdam();
  const ctx = { cell, weights: w, optimizer: opt, varList: trainableVariables(cell, w) };
  const x = tf.randomUniform([opts.batch, 28, 84], -1, 1, 'float32', 3) as tf.Tensor3D;
  const y = tf.tensor1d(Array.from({ length: opts.batch }, (_, i) => i % 10), 'int32');
  const times: number[] = [];
  let dispatches0 = gpuDispatchCount();
  try {
    const total = (opts.warmup ?? 2) + opts.iters;
    for (let i = 0; i < total; i++) {
      const t0 = performance.now();
      const out = trainStep(ctx, x, y, mixSeed(71, i));
      await out.loss.data();
      const dt = performance.now() - t0;
      tf.dispose([out.loss, out.correct]);
      if (i >= total - opts.iters) times.push(dt);
      if (i === total - opts.iters - 1) dispatches0 = gpuDispatchCount();
    }
  } finally {
    tf.dispose([x, y, w]);
    opt.dispose();
  }
  const dispatchesPerStep = tf.getBackend() === 'webgpu' ? (gpuDispatchCount() - dispatches0) / opts.iters : undefined;
  return { ...summarize(times), dispatchesPerStep };
}

export async function runBench(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage);
    return 0;
  }
  const { values } = parse(argv, {
    ...BENCH_OPTIONS,
    cells: { type: 'string' },
    batch: { type: 'string' },
    threads: { type: 'boolean' },
  });
  const iters = intOpt('iters', values.iters, 1, 10_000) ?? 10;
  const batch = intOpt('batch', values.batch, 1, 10_000) ?? 50;
  const backend: NodeBackend = choiceOpt('backend', values.backend, NODE_BACKENDS) ?? 'wasm';
  const ids = parseCells(values.cells);
  const json = !!values.json;
  const log = (s: string) => {
    if (!json) console.log(s);
  };

  let baseline: BaselineResult | null = null;
  if (!values['no-baseline']) {
    log(`naive baseline (${backend}, batch ${batch}, ${iters} iterations)…`);
    baseline = await runBaseline({ backend, iters, batch, anchor: values.anchor });
    log(`  baseline: training step ${baseline.train_b50_ms.toFixed(1)} ms = ${Math.round((batch * 1000) / baseline.train_b50_ms)} seq/s`);
  }
  const got = await useNodeBackend(backend, { threads: !!values.threads });
  const cells: CellTiming[] = [];
  if (!json) console.log(`\n${'cell'.padEnd(22)} ${'ms/step'.padStart(9)} ${'seq/s'.padStart(7)} ${'vs baseline'.padStart(12)}`);
  for (const id of ids) {
    const t = await timeTrainStep(id, { batch, iters });
    const speedup = baseline ? baseline.train_b50_ms / t.median : null;
    const row: CellTiming = { id, stepMs: t.median, seqPerSec: (batch * 1000) / t.median, speedup, minMs: t.min, maxMs: t.max, dispatchesPerStep: t.dispatchesPerStep };
    cells.push(row);
    log(`${id.padEnd(22)} ${t.median.toFixed(1).padStart(9)} ${Math.round(row.seqPerSec).toString().padStart(7)} ${(speedup === null ? '—' : `${speedup.toFixed(2)}×`).padStart(12)}`);
  }
  const report = {
    suite: 'train',
    machine: machineInfo(),
    backend: got,
    threads: !!values.threads,
    task: { name: 'maj', T: 12, width: 84 },
    batch,
    iters,
    command: `rrx bench train ${argv.join(' ')}`.trim(),
    baseline,
    cells,
  };
  if (json) console.log(JSON.stringify(report, null, 2));
  else if (baseline) {
    const deep = cells.find((c) => c.id === 'deep');
    if (deep) log(`\ndeep: ${Math.round(deep.seqPerSec)} seq/s vs the baseline's ${Math.round((batch * 1000) / baseline.train_b50_ms)} seq/s (${deep.speedup!.toFixed(2)}× faster)`);
  }
  return 0;
}

function parseCells(v: string | undefined): PresetId[] {
  if (!v || v === 'all') return [...PRESET_IDS];
  const ids = v.split(',').map((s) => s.trim()).filter(Boolean);
  for (const id of ids) {
    try {
      getPreset(id);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  return ids as PresetId[];
}

/** The machine the figures come from. */
export function machineInfo() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    tfjs: tf.version_core,
  };
}
