/**
 * `rrx eval`: accuracy of a model on a split and, per explanation method, the thesis's heatmap metrics
 * (facts §7: cosine to the MAJ mask, share in the majority blocks and its τ = 0.8 adjusted form) with
 * 95% confidence intervals, and the worst conservation error; over all sequences and over the
 * correctly classified ones. Batched (one forward pass per batch shared by every method).
 * JSON format: docs/cli.md, "rrx eval".
 */
import cliProgress from 'cli-progress';
import type { Command } from '../command';
import { choiceOpt, intOpt, parse, UsageError } from '../command';
import { loadSequenceSet } from '../../node/data';
import { useNodeBackend, NODE_BACKENDS, type NodeBackend } from '../../node/tf-backend';
import { buildMethodList, type BuiltMethod } from '../../core/explain/registry';
import { explainMany, type SequenceExplanation } from '../../core/explain/explain';
import { prepareWeights } from '../../core/explain/propagate/cell-weights';
import { ExplainPool } from '../../node/explain-pool';
import os from 'node:os';
import { meanCI95, relativeConservationError } from '../../core/metrics';
import { dataOf, reportHead, loadModel, type EvalData } from './explain';
import { cascadingRandomisation, regionPerturbation, type PerturbationFill } from '../../core/faithfulness';
import type { SequenceSet } from '../../core/data/sequenceSet';

const usage = `Usage: rrx eval --model DIR [--n N|all] [--methods all|thesis|ID,ID] [--batch b]
                [--dataset mnist|fashion] [--task maj|seq] [--split test] [--fold k]
                [--json] [--backend wasm|cpu|webgpu] [--threads n]

Accuracy and, per explanation method, the mean cosine between the block shares of the positive
relevance and the MAJ mask (thesis metric), the mean share in the majority blocks and its adjusted
form (each block capped at τ = 0.8), each with a 95% CI, and the worst conservation error
|ΣR − relu(y_c)|, over all sequences and over the correctly classified ones. Explains the true class.

Options:
  --model DIR     a model directory (model.json + weights.bin)
  --n N           the first N sequences of the split (default 1000; "all" for the whole split)
  --methods L     "all" (every method with its defaults; default), "thesis" (sensitivity,
                  guided-backprop, deep-taylor, lrp-alpha-beta α1.5β0.5), or a comma-separated list
                  of ids or id:preset (e.g. deep-taylor,lrp-alpha-beta:a2b1)
  --batch b       sequences per batch (default 200, the thesis's COMPUTE_BATCH_SIZE)
  --dataset d     mnist or fashion (default: the model's)
  --task t        maj or seq (default: the model's)
  --split s       train, val or test (default test)
  --fold k        take the split from fold k of the 7-fold (docs/data.md)
  --json          print one JSON document (docs/cli.md, "rrx eval")
  --backend B     wasm (default), cpu, or webgpu (Dawn: docs/benchmarks.md, "WebGPU in Node")
  --aopc N        region perturbation (Samek et al. 2017) on the first N sequences: AOPC of each
                  method's most-relevant-first curve and of a random order (0: off, the default)
  --aopc-steps L  patches replaced (default 30); --aopc-patch p: patch side (default 4);
                  --aopc-fill background|noise: what replaces a patch (default background, −1)
  --randomisation N
                  cascading model-parameter randomisation (Adebayo et al. 2018) on the first N
                  sequences: Spearman and SSIM of each stage's heatmap to the original (0: off)
  --threads n     worker threads, each explaining part of every batch with its own TF.js (default:
                  one per CPU core, at most one per 50 sequences of a batch; 1: in this process;
                  always 1 with --backend webgpu)
  -h, --help      this text

Progress goes to stderr (a bar on a terminal, plain lines otherwise).`;

/** Mean and 95% CI (Student t) of a metric; null when the metric does not apply (no masks). */
export interface Stat {
  mean: number | null;
  lo: number | null;
  hi: number | null;
  n: number;
}

export interface GroupReport {
  n: number;
  cosine: Stat | null;
  majorityShare: Stat | null;
  adjustedMajorityShare: Stat | null;
  conservation: {
    /** max |ΣR − relu(y_c)| */
    maxError: number | null;
    /** max |ΣR − relu(y_c)| / max(1, |y_c|) */
    maxRelativeError: number | null;
    meanError: number | null;
  };
}

const finite = (v: number) => (Number.isFinite(v) ? v : null);

function stat(values: number[]): Stat {
  const s = meanCI95(values);
  return { mean: finite(s.mean), lo: finite(s.lo), hi: finite(s.hi), n: s.n };
}

/** Per-sequence results kept for the summary: the heatmaps are dropped as soon as a batch is done. */
export type Kept = Pick<SequenceExplanation, 'cosine' | 'majorityShare' | 'adjustedMajorityShare' | 'conservation' | 'predicted' | 'label'>;

/** The figures of one group of explained sequences. */
export function groupReport(seqs: Kept[], hasMasks: boolean): GroupReport {
  const pick = (f: (s: Kept) => number | null) => seqs.map(f).filter((v): v is number => v !== null);
  const errors = seqs.map((s) => s.conservation.error);
  const rel = seqs.map((s) => relativeConservationError(s.conservation.sum, s.conservation.logit));
  return {
    n: seqs.length,
    cosine: hasMasks ? stat(pick((s) => s.cosine)) : null,
    majorityShare: hasMasks ? stat(pick((s) => s.majorityShare)) : null,
    adjustedMajorityShare: hasMasks ? stat(pick((s) => s.adjustedMajorityShare)) : null,
    conservation: {
      maxError: errors.length ? Math.max(...errors) : null,
      maxRelativeError: rel.length ? Math.max(...rel) : null,
      meanError: errors.length ? errors.reduce((a, b) => a + b, 0) / errors.length : null,
    },
  };
}


/** Progress on stderr: a bar on a terminal, a plain line per batch otherwise. */
function progress(total: number) {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { stream: process.stderr, format: 'eval [{bar}] {value}/{total} sequences | {eta_formatted} left', hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    return { update: (done: number) => bar.update(done), stop: () => bar.stop() };
  }
  const t0 = performance.now();
  return {
    update: (done: number) => process.stderr.write(`eval: ${done}/${total} sequences (${((performance.now() - t0) / 1000).toFixed(1)} s)\n`),
    stop: () => {},
  };
}

export const command: Command = {
  name: 'eval',
  usage,
  async run(argv) {
    const { values } = parse(argv, {
      model: { type: 'string' },
      n: { type: 'string' },
      methods: { type: 'string' },
      batch: { type: 'string' },
      dataset: { type: 'string' },
      task: { type: 'string' },
      split: { type: 'string' },
      fold: { type: 'string' },
      json: { type: 'boolean' },
      backend: { type: 'string' },
      threads: { type: 'string' },
      aopc: { type: 'string' },
      'aopc-steps': { type: 'string' },
      'aopc-patch': { type: 'string' },
      'aopc-fill': { type: 'string' },
      randomisation: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      console.log(usage);
      return 0;
    }
    if (!values.model) throw new UsageError('--model DIR is required');
    let methods: BuiltMethod[];
    try {
      methods = buildMethodList(values.methods ?? 'all');
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const nArg = values.n === 'all' ? Infinity : (intOpt('n', values.n, 1) ?? 1000);
    const batch = intOpt('batch', values.batch, 1, 10_000) ?? 200;
    const backend: NodeBackend = choiceOpt('backend', values.backend, NODE_BACKENDS) ?? 'wasm';
    const threadsArg = intOpt('threads', values.threads, 1, 64);
    const got = await useNodeBackend(backend);
    const model = await loadModel(values.model);
    try {
      const faithfulness = faithfulnessOptions(values);
      const report = await evalReport(model, { methods, n: nArg, batch, backend: got, threads: backend === 'webgpu' ? 1 : threadsArg, data: dataOf(model.meta, values), progress: true, faithfulness });
      if (values.json) console.log(JSON.stringify(report, null, 2));
      else console.log(textReport(report));
      return 0;
    } finally {
      model.dispose();
    }
  },
};

export interface EvalOptions {
  methods: BuiltMethod[];
  /** The first n sequences of the split (Infinity: all). */
  n: number;
  batch: number;
  /** The backend in use (reported; worker threads run the same one). */
  backend: string;
  /** Worker threads (default: one per core, at most one per 50 sequences of a batch; 1: in process). */
  threads?: number;
  data: EvalData;
  /** Progress on stderr. */
  progress?: boolean;
  /** Region perturbation and the randomisation check (off when absent). */
  faithfulness?: FaithfulnessOptions;
}

export interface FaithfulnessOptions {
  aopc?: { n: number; steps: number; patch: number; fill: PerturbationFill; seed?: number };
  randomisation?: { n: number; seed?: number };
}

/** --aopc and --randomisation from the command line (undefined: neither asked for). */
function faithfulnessOptions(v: Record<string, string | boolean | undefined>): FaithfulnessOptions | undefined {
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const aopcN = intOpt('aopc', str('aopc'), 0, 1_000_000) ?? 0;
  const randN = intOpt('randomisation', str('randomisation'), 0, 1_000_000) ?? 0;
  const o: FaithfulnessOptions = {};
  if (aopcN > 0) {
    o.aopc = {
      n: aopcN,
      steps: intOpt('aopc-steps', str('aopc-steps'), 1, 10_000) ?? 30,
      patch: intOpt('aopc-patch', str('aopc-patch'), 1, 28) ?? 4,
      fill: choiceOpt('aopc-fill', str('aopc-fill'), ['background', 'noise'] as const) ?? 'background',
    };
    if (28 % o.aopc.patch !== 0) throw new UsageError(`--aopc-patch ${o.aopc.patch} must divide 28`);
  }
  if (randN > 0) o.randomisation = { n: randN };
  return o.aopc || o.randomisation ? o : undefined;
}

type MethodHead = { id: string; label: string; params: Record<string, unknown> };
/** `faithfulness.aopc` of the report (docs/cli.md). */
export interface AopcReport {
  n: number;
  steps: number;
  patch: number;
  fill: PerturbationFill;
  random: Stat;
  methods: (MethodHead & { morf: Stat })[];
}
/** `faithfulness.randomisation` of the report: per method one Stat per stage 1…K. */
export interface RandomisationReport {
  n: number;
  layers: string[];
  methods: (MethodHead & { spearman: Stat[]; ssim: Stat[] })[];
}

/**
 * Region perturbation and cascading randomisation on the first sequences of the split (true class
 * explained): per method the AOPC with a 95% CI and the random order's, and per stage the Spearman
 * correlation and SSIM to the original heatmaps.
 */
async function faithfulnessReport(model: Awaited<ReturnType<typeof loadModel>>, set: SequenceSet, methods: BuiltMethod[], f: FaithfulnessOptions, batch: number) {
  const slice = (n: number) => {
    const idx = Array.from({ length: Math.min(n, set.n) }, (_, k) => k);
    return { x: set.batch(idx), labels: idx.map((i) => set.labels[i]) };
  };
  const out: { aopc?: AopcReport; randomisation?: RandomisationReport } = {};
  if (f.aopc) {
    const { x, labels } = slice(f.aopc.n);
    const size = 28 * model.cell.options.width;
    const heatmaps: Float32Array[][] = methods.map(() => []);
    const prepared = prepareWeights(model.cell, model.weights);
    try {
      for (let s = 0; s < labels.length; s += batch) {
        const e = Math.min(labels.length, s + batch);
        const res = await explainMany(model.cell, model.weights, x.slice(s * size, e * size), methods, { target: 'true', labels: labels.slice(s, e), prepared });
        res.forEach((r, m) => heatmaps[m].push(...r.sequences.map((q) => q.heatmap)));
      }
    } finally {
      prepared.dispose();
    }
    const r = await regionPerturbation(model.cell, model.weights, x, labels, heatmaps, f.aopc);
    out.aopc = { n: labels.length, steps: r.steps, patch: r.patch, fill: r.fill, random: stat(r.aopcRandom), methods: methods.map((m, k) => ({ id: m.id, label: m.label, params: m.params, morf: stat(r.aopc[k]) })) };
  }
  if (f.randomisation) {
    const { x, labels } = slice(f.randomisation.n);
    const r = await cascadingRandomisation(model.cell, model.weights, x, labels, methods, { seed: f.randomisation.seed });
    out.randomisation = {
      n: labels.length,
      layers: r.layers,
      methods: methods.map((m, k) => ({ id: m.id, label: m.label, params: m.params, spearman: r.spearman.map((st) => stat(st[k])), ssim: r.ssim.map((st) => stat(st[k])) })),
    };
  }
  return out;
}

export type EvalReport = Awaited<ReturnType<typeof evalReport>>;

/**
 * Accuracy and the per-method heatmap metrics of a loaded model on a split: the figures of `rrx eval`
 * (docs/cli.md), also written by `rrx zoo` as a model's eval.json.
 */
export async function evalReport(model: Awaited<ReturnType<typeof loadModel>>, o: EvalOptions) {
  const { methods, batch, data } = o;
  const t0 = performance.now();
  const set = await loadSequenceSet(data);
  const n = Math.min(o.n, set.n);
  const kept: Kept[][] = methods.map(() => []);
  let correct = 0;
  const bar = o.progress ? progress(n) : { update: (_done: number) => {}, stop: () => {} };
  // Worker threads pay off from about 50 sequences each (their start costs a second or two); each
  // prepares its own weights. In process: splits and transposes once for all batches.
  // On WebGPU the one GPU does the work: worker threads would each open their own device.
  const threads = o.threads ?? Math.max(1, Math.min(os.cpus().length, Math.floor(Math.min(batch, n) / 50)));
  const pool = threads > 1 ? await ExplainPool.start(model.cell, model.weights, { threads, backend: o.backend as NodeBackend }) : null;
  const prepared = pool ? null : prepareWeights(model.cell, model.weights);
  try {
    for (let start = 0; start < n; start += batch) {
      const idx = Array.from({ length: Math.min(batch, n - start) }, (_, k) => start + k);
      const labels = idx.map((i) => set.labels[i]);
      const masks = set.masks ? set.masks.slice(3 * start, 3 * (start + idx.length)) : null;
      const opts = { target: 'true' as const, labels, masks };
      const res = pool
        ? await pool.explainMany(set.batch(idx), methods, { ...opts, heatmaps: false })
        : await explainMany(model.cell, model.weights, set.batch(idx), methods, { ...opts, prepared });
      for (const s of res[0].sequences) if (s.predicted === s.label) correct++;
      res.forEach((r, k) => {
        for (const s of r.sequences) {
          const { cosine, majorityShare, adjustedMajorityShare, conservation, predicted, label } = s;
          kept[k].push({ cosine, majorityShare, adjustedMajorityShare, conservation, predicted, label });
        }
      });
      bar.update(start + idx.length);
    }
  } finally {
    prepared?.dispose();
    await pool?.close();
  }
  bar.stop();
  const hasMasks = set.masks !== null;
  const faithfulness = o.faithfulness ? await faithfulnessReport(model, set, methods, o.faithfulness, batch) : undefined;
  return {
    ...reportHead(model, data),
    T: model.cell.options.T,
    width: model.cell.options.width,
    n,
    batch,
    backend: o.backend,
    threads,
    accuracy: correct / n,
    correct,
    methods: methods.map((m, k) => ({
      id: m.id,
      label: m.label,
      params: m.params,
      all: groupReport(kept[k], hasMasks),
      correct: groupReport(kept[k].filter((s) => s.predicted === s.label), hasMasks),
    })),
    ...(faithfulness ? { faithfulness } : {}),
    seconds: (performance.now() - t0) / 1000,
  };
}

type Report = {
  faithfulness?: {
    aopc?: { n: number; steps: number; patch: number; fill: string; random: Stat; methods: { label: string; morf: Stat }[] };
    randomisation?: { n: number; layers: string[]; methods: { label: string; spearman: Stat[]; ssim: Stat[] }[] };
  };
  preset: string;
  dataset: string;
  task: string;
  split: string;
  n: number;
  accuracy: number;
  correct: number;
  seconds: number;
  methods: { label: string; all: GroupReport; correct: GroupReport }[];
};

function textReport(r: Report): string {
  const ci = (s: Stat | null) => (s === null || s.mean === null ? 'n/a' : `${s.mean.toFixed(4)} [${s.lo?.toFixed(4) ?? '—'}, ${s.hi?.toFixed(4) ?? '—'}]`);
  const lines = [
    `${r.preset} on ${r.dataset} ${r.task} ${r.split}: accuracy ${(100 * r.accuracy).toFixed(2)}% (${r.correct}/${r.n}), ${r.seconds.toFixed(1)} s`,
    '',
    `${'method'.padEnd(30)} ${'group'.padEnd(8)} ${'cosine (95% CI)'.padEnd(26)} ${'majority share'.padEnd(26)} ${'adjusted (τ 0.8)'.padEnd(26)} worst |ΣR − relu(y_c)|`,
  ];
  for (const m of r.methods) {
    for (const [g, s] of [['all', m.all], ['correct', m.correct]] as const) {
      lines.push(
        `${m.label.padEnd(30)} ${`${g} ${s.n}`.padEnd(8)} ${ci(s.cosine).padEnd(26)} ${ci(s.majorityShare).padEnd(26)} ${ci(s.adjustedMajorityShare).padEnd(26)} ${s.conservation.maxError?.toExponential(2) ?? 'n/a'}`,
      );
    }
  }
  const f = r.faithfulness;
  if (f?.aopc) {
    const a = f.aopc;
    lines.push('', `Region perturbation on ${a.n} sequences: AOPC over ${a.steps} patches of ${a.patch} × ${a.patch} (${a.fill}), most relevant first (95% CI); random order ${ci(a.random)}`);
    for (const m of a.methods) lines.push(`  ${m.label.padEnd(28)} ${ci(m.morf)}`);
  }
  if (f?.randomisation) {
    const q = f.randomisation;
    lines.push('', `Cascading randomisation on ${q.n} sequences, layers re-initialised from the output down (${q.layers.join(' → ')}): mean Spearman | SSIM to the original heatmap per stage`);
    for (const m of q.methods) lines.push(`  ${m.label.padEnd(28)} ${m.spearman.map((x) => x.mean?.toFixed(2) ?? 'n/a').join(' ')} | ${m.ssim.map((x) => x.mean?.toFixed(2) ?? 'n/a').join(' ')}`);
  }
  return lines.join('\n');
}
