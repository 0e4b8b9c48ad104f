/**
 * `rrx bench explain`: milliseconds per explanation call (forward trace + relevance + read-back of the
 * plain-data result; weights prepared once per cell, as the explorer keeps them) per method per cell at batch 1 and batch 200, on MAJ-sized random input
 * (T = 12, 28×84) with seeded weights, next to the naive baseline (baseline.ts: the thesis's Deep cell
 * with a plain z⁺/z^β LRP) run in the same invocation; and the five thesis methods for one sequence
 * on Deep in one call. Output format: docs/cli.md, "rrx bench explain".
 */
import * as tf from '../../core/tf';
import { cellFromPreset, initWeights, getPreset, PRESET_IDS, THESIS_CELLS, type PresetId } from '../../core/cells';
import { explain, explainMany } from '../../core/explain/explain';
import { prepareWeights } from '../../core/explain/propagate/cell-weights';
import { buildMethodList, type BuiltMethod } from '../../core/explain/registry';
import { useNodeBackend, NODE_BACKENDS, type NodeBackend } from '../../node/tf-backend';
import { choiceOpt, intOpt, parse, UsageError } from '../command';
import { runBaseline, type BaselineResult } from './baseline';
import { machineInfo } from './train';
import { BENCH_OPTIONS, summarize, timeCalls } from './common';

export const usage = `Usage: rrx bench explain [--json] [--iters n] [--cells thesis|all|ID,ID] [--methods all|ID,ID]
                         [--batches 1,200] [--backend wasm|cpu|webgpu] [--threads] [--no-baseline] [--anchor PATH]

Times one explain() call (forward trace, relevance, read-back of the result) per method per cell at
batch 1 and batch 200 on random MAJ-sized input (T = 12, 28×84, seeded weights), next to the naive
baseline of ../shared/anchor-bench (the thesis's Deep cell with a plain z⁺/z^β LRP in TF.js) run in
the same invocation; also the five thesis methods (sensitivity, guided-backprop, gradient-x-input,
deep-taylor, lrp-alpha-beta α1.5β0.5) for one sequence on Deep in one explainMany call.

Options:
  --iters n        timed calls at batch 1 (median reported; default 10, after 10 warm-up calls);
                   batch 200 uses max(3, n/2) timed calls after 1 warm-up
  --cells LIST     "thesis" (the ten thesis cells; default), "all" (twelve), or comma-separated ids
  --methods LIST   "all" (default), "thesis", or comma-separated ids / id:preset
  --batches LIST   batch sizes (default 1,200)
  --backend B      wasm (default), cpu, or webgpu (Dawn: docs/benchmarks.md, "WebGPU in Node")
  --threads        ask for the wasm backend's multi-threaded build (default: single-threaded; Node
                   does not get it: tfjs-backend-wasm reports no thread support there)
  --no-baseline    skip the naive baseline
  --anchor PATH    bench.mjs (or its folder) of the baseline (default $RRX_ANCHOR, else ../shared/anchor-bench)
  --json           print one JSON document (docs/cli.md, "rrx bench explain")
  -h, --help       this text

The ten thesis cells with all six methods take several minutes on two cores.`;

export interface ExplainRow {
  cell: PresetId;
  method: string;
  label: string;
  batch: number;
  /** Median ms of one call for the whole batch. */
  ms: number;
  /** ms / batch. */
  msPerSequence: number;
  minMs: number;
  maxMs: number;
  /** The baseline's LRP ms at this batch / ours (> 1: faster); null without a baseline. */
  vsBaseline: number | null;
}

function parseCells(v: string | undefined): PresetId[] {
  if (!v || v === 'thesis') return [...THESIS_CELLS];
  if (v === 'all') return [...PRESET_IDS];
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

/** Times one (cell, method list) at one batch size; returns a row per method. */
async function benchCell(id: PresetId, methods: BuiltMethod[], batch: number, iters: number, warmup: number, baselineMs: number | null): Promise<ExplainRow[]> {
  const cell = cellFromPreset(id, { T: 12, width: 84 });
  const w = initWeights(cell, 1);
  const x = tf.randomUniform([batch, 28, 84], -1, 1, 'float32', 3) as tf.Tensor3D;
  const target = Array.from({ length: batch }, (_, i) => i % 10);
  const rows: ExplainRow[] = [];
  const prepared = prepareWeights(cell, w); // as the explorer and rrx eval keep them per model
  try {
    for (const m of methods) {
      const t = await timeCalls(() => explain(cell, w, x, { method: m, target, prepared }), iters, warmup);
      rows.push({
        cell: id,
        method: m.id,
        label: m.label,
        batch,
        ms: t.median,
        msPerSequence: t.median / batch,
        minMs: t.min,
        maxMs: t.max,
        vsBaseline: baselineMs === null ? null : baselineMs / t.median,
      });
    }
  } finally {
    prepared.dispose();
    tf.dispose([x, ...Object.values(w)]);
  }
  return rows;
}

/**
 * The five methods of the thesis (§3.2) for one sequence on Deep: one explainMany call against five
 * single calls, interleaved round by round so that both see the same machine state.
 */
async function fiveMethods(iters: number) {
  const methods = buildMethodList('sensitivity,guided-backprop,gradient-x-input,deep-taylor,lrp-alpha-beta');
  const cell = cellFromPreset('deep', { T: 12, width: 84 });
  const w = initWeights(cell, 1);
  const x = tf.randomUniform([1, 28, 84], -1, 1, 'float32', 3) as tf.Tensor3D;
  const prepared = prepareWeights(cell, w);
  const together = () => explainMany(cell, w, x, methods, { target: [3], prepared });
  const separate = async () => {
    for (const m of methods) await explain(cell, w, x, { method: m, target: [3], prepared });
  };
  try {
    for (let k = 0; k < 10; k++) {
      await together();
      await separate();
    }
    const a: number[] = [];
    const b: number[] = [];
    for (let k = 0; k < iters; k++) {
      let t0 = performance.now();
      await together();
      a.push(performance.now() - t0);
      t0 = performance.now();
      await separate();
      b.push(performance.now() - t0);
    }
    const one = summarize(a);
    return { cell: 'deep', methods: methods.map((m) => m.label), oneCallMs: one.median, sumOfSingleCallsMs: summarize(b).median, oneCallMinMs: one.min };
  } finally {
    prepared.dispose();
    tf.dispose([x, ...Object.values(w)]);
  }
}

export async function runBench(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(usage);
    return 0;
  }
  const { values } = parse(argv, {
    ...BENCH_OPTIONS,
    cells: { type: 'string' },
    methods: { type: 'string' },
    batches: { type: 'string' },
    threads: { type: 'boolean' },
  });
  const iters = intOpt('iters', values.iters, 1, 10_000) ?? 10;
  const backend: NodeBackend = choiceOpt('backend', values.backend, NODE_BACKENDS) ?? 'wasm';
  const cells = parseCells(values.cells);
  let methods: BuiltMethod[];
  try {
    methods = buildMethodList(values.methods ?? 'all');
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const batches = (values.batches ?? '1,200').split(',').map((s) => intOpt('batches', s.trim(), 1, 10_000)!);
  const json = !!values.json;
  const log = (s: string) => {
    if (!json) console.log(s);
  };

  let baseline: BaselineResult | null = null;
  if (!values['no-baseline']) {
    log(`naive baseline (${backend}, ${iters} iterations)…`);
    baseline = await runBaseline({ backend, iters, anchor: values.anchor });
    log(`  baseline LRP (Deep, z⁺/z^β): ${baseline.lrp_b1_ms.toFixed(1)} ms at batch 1, ${baseline.lrp_b200_ms.toFixed(1)} ms at batch 200`);
  }
  const got = await useNodeBackend(backend, { threads: !!values.threads });
  const baselineAt = (b: number) => (baseline === null ? null : b === 1 ? baseline.lrp_b1_ms : b === 200 ? baseline.lrp_b200_ms : null);

  const rows: ExplainRow[] = [];
  log(`\n${'cell'.padEnd(20)} ${'method'.padEnd(32)} ${'batch'.padStart(5)} ${'ms'.padStart(9)} ${'ms/seq'.padStart(8)} ${'baseline/ours'.padStart(14)}`);
  for (const id of cells) {
    for (const b of batches) {
      const it = b === 1 ? iters : Math.max(3, Math.floor(iters / 2));
      const r = await benchCell(id, methods, b, it, b === 1 ? 10 : 1, baselineAt(b));
      for (const row of r) {
        rows.push(row);
        log(
          `${id.padEnd(20)} ${row.label.padEnd(32)} ${String(b).padStart(5)} ${row.ms.toFixed(1).padStart(9)} ${row.msPerSequence.toFixed(2).padStart(8)} ${(row.vsBaseline === null ? '—' : `${row.vsBaseline.toFixed(2)}×`).padStart(14)}`,
        );
      }
    }
  }
  const five = await fiveMethods(iters);
  log(`\nfive thesis methods, one sequence, Deep: ${five.oneCallMs.toFixed(1)} ms in one explainMany call (min ${five.oneCallMinMs.toFixed(1)}; ${five.sumOfSingleCallsMs.toFixed(1)} ms as five separate calls)`);
  if (baseline) {
    const d1 = rows.find((r) => r.cell === 'deep' && r.method === 'deep-taylor' && r.batch === 1);
    const d200 = rows.find((r) => r.cell === 'deep' && r.method === 'deep-taylor' && r.batch === 200);
    if (d1) log(`deep, deep-taylor, batch 1: ${d1.ms.toFixed(1)} ms vs the baseline's ${baseline.lrp_b1_ms.toFixed(1)} ms (${d1.vsBaseline!.toFixed(2)}×)`);
    if (d200) log(`deep, deep-taylor, batch 200: ${d200.ms.toFixed(1)} ms vs the baseline's ${baseline.lrp_b200_ms.toFixed(1)} ms (${d200.vsBaseline!.toFixed(2)}×)`);
  }
  if (json) {
    console.log(
      JSON.stringify(
        {
          suite: 'explain',
          machine: machineInfo(),
          backend: got,
          threads: !!values.threads,
          task: { name: 'maj', T: 12, width: 84 },
          iters,
          command: `rrx bench explain ${argv.join(' ')}`.trim(),
          baseline,
          rows,
          fiveThesisMethods: five,
        },
        null,
        2,
      ),
    );
  }
  return 0;
}
