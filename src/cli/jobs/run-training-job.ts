/**
 * Runs one training job of a plan to the end — the zoo's (docs/zoo.md) and the study's
 * (docs/study.md): trains it with `rrx train` (fresh, or `--resume` from its checkpoint), then
 * evaluates the final weights and writes the evaluation file atomically. Idempotent: a finished job
 * does nothing (it is not even locked, so no file or folder of it changes), an interrupted one
 * continues from its last checkpoint, a trained but unevaluated one is only evaluated.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildMethodList } from '../../core/explain';
import { jobState, type JobFiles } from '../../core/jobs/job-state';
import type { JobFaithfulness } from '../../core/jobs/faithfulness';
import type { Recipe } from '../../core/jobs/recipe';
import type { Dataset, Task } from '../../core/model-io/format';
import { lrAtEpoch } from '../../core/train/types';
import { acquireLock, readCheckpointPosition, readRunFiles, writeEval } from '../../node/job-files';
import { sha256Hex } from '../../node/model-files';
import { useNodeBackend, type NodeBackend } from '../../node/tf-backend';
import { evalReport, type EvalReport, type FaithfulnessOptions } from '../commands/eval';
import { loadModel, type EvalData } from '../commands/explain';
import { command as trainCommand } from '../commands/train';

/** What `rrx train` needs to know of a job. */
export interface TrainSpec {
  index: number;
  id: string;
  cell: string;
  dataset: Dataset;
  task: Task;
  T: number;
  recipe: Recipe;
  /** Train on the other k − 1 folds of the pooled k-fold, validate and test on fold `fold` (`rrx train --fold`). */
  kfold?: { fold: number; k: number };
}

export interface RunTrainingJobOptions {
  backend: NodeBackend;
  /** Take over a lock held by another host (an explicit job index from a batch engine). */
  overrideForeignLock: boolean;
  say: (line: string) => void;
  /** What the evaluation does, for the log line ("on the test split with …"). */
  evalWhat: string;
  /** The evaluation document of the trained model in the run directory (written as eval.json). */
  evaluate: () => Promise<unknown>;
}

export type RunJobResult = 'done' | 'skipped-done' | 'busy' | 'interrupted';

const steps = (s: { fromEpoch: number; lr: number }[]) => s.map((x) => `${x.fromEpoch}:${x.lr}`).join(',');

/** The `rrx train` arguments that start the job, or continue it from `resumeEpoch` (1-based). */
export function trainArgs(job: TrainSpec, dir: string, backend: string, resumeEpoch: number | null): string[] {
  const r = job.recipe;
  const common = ['--epochs', String(r.epochs), '--backend', backend, '--out', dir];
  if (resumeEpoch !== null) {
    // The recipe's schedule from here on: the rate of the resumed epoch and the later steps.
    const later = r.lrSchedule.filter((s) => s.fromEpoch > resumeEpoch);
    return ['--resume', '--lr', String(lrAtEpoch(r, resumeEpoch)), ...(later.length ? ['--lr-schedule', steps(later)] : []), ...common];
  }
  return [
    ...['--arch', job.cell, '--dataset', job.dataset, '--task', job.task, '--T', String(job.T)],
    ...(job.kfold ? ['--fold', String(job.kfold.fold), '--folds', String(job.kfold.k)] : []),
    ...['--lr', String(r.lr), ...(r.lrSchedule.length ? ['--lr-schedule', steps(r.lrSchedule)] : [])],
    ...['--batch', String(r.batch), '--seed', String(r.seed), '--shuffle', r.shuffle],
    ...(r.limit !== null ? ['--limit', String(r.limit)] : []),
    ...common,
  ];
}

const stateOf = (job: TrainSpec, files: JobFiles) => jobState(job, { ...files, lockedBy: null });

/** Trains (or continues) and evaluates the job in `dir`; see the file comment. */
export async function runTrainingJob(job: TrainSpec, dir: string, o: RunTrainingJobOptions): Promise<RunJobResult> {
  const name = `job ${job.index} (${job.id})`;
  // A finished job is left alone entirely: not even its lock file is written.
  if (stateOf(job, await readRunFiles(dir)) === 'done') return 'skipped-done';
  const release = await acquireLock(dir, o.overrideForeignLock);
  if (!release) return 'busy';
  try {
    let files = await readRunFiles(dir);
    let state = stateOf(job, files);
    if (state === 'done') return 'skipped-done'; // finished by another process meanwhile
    if (state === 'pending' || state === 'training') {
      const pos = files.model ? await readCheckpointPosition(dir) : null;
      if (files.model && !pos) throw new Error(`${dir} holds a model but no checkpoint.json to continue from`);
      const args = trainArgs(job, dir, o.backend, pos ? pos.epoch + 1 : null);
      o.say(`${name}: ${pos ? `continuing at epoch ${pos.epoch + 1}, batch ${pos.batch}` : 'starting'}: rrx train ${args.join(' ')}`);
      const code = await trainCommand.run(args);
      if (code === 130) return 'interrupted';
      if (code !== 0) throw new Error(`${name}: rrx train exited with ${code}`);
      files = await readRunFiles(dir);
      state = stateOf(job, files);
      if (state !== 'trained') throw new Error(`${name}: training ended but the model is ${state}`);
    }
    o.say(`${name}: evaluating ${o.evalWhat}`);
    await writeEval(dir, await o.evaluate());
    o.say(`${name}: done`);
    return 'done';
  } finally {
    await release();
  }
}

/** A plan's faithfulness settings as `rrx eval` options (undefined: none). */
export function faithfulnessOf(f: JobFaithfulness | null): FaithfulnessOptions | undefined {
  if (!f) return undefined;
  const o: FaithfulnessOptions = {
    ...(f.aopcN > 0 ? { aopc: { n: f.aopcN, steps: f.aopcSteps, patch: f.patch, fill: f.fill } } : {}),
    ...(f.randomisationN > 0 ? { randomisation: { n: f.randomisationN } } : {}),
  };
  return o.aopc || o.randomisation ? o : undefined;
}

export interface EvaluateRunOptions {
  backend: NodeBackend;
  /** Worker threads of the evaluation (default: one per core). */
  evalThreads?: number;
  methods: readonly string[];
  /** Sequences evaluated (null: the whole split). */
  evalN: number | null;
  faithfulness: JobFaithfulness | null;
  data: EvalData;
}

/** A model's training state in the figures of an evaluation file. */
export interface EvaluatedModel {
  epochsDone: number | null;
  iterations: number | null;
  testAccuracy: number | null;
  wallTimeSeconds: number | null;
  /** SHA-256 of weights.bin: which weights were evaluated. */
  weightsSha256: string;
}

/**
 * `rrx eval`'s figures for the model in `dir`, after checking that it is the job's model (cell,
 * dataset, task, T and, for a fold job, the fold).
 */
export async function evaluateRun(job: TrainSpec, dir: string, o: EvaluateRunOptions): Promise<{ report: EvalReport; model: EvaluatedModel }> {
  const backend = await useNodeBackend(o.backend);
  const model = await loadModel(dir);
  try {
    const tr = model.meta.training;
    const fold = tr?.fold ? `, fold ${tr.fold.index} of ${tr.fold.k}` : '';
    const want = job.kfold ? `, fold ${job.kfold.fold} of ${job.kfold.k}` : '';
    if (model.meta.preset !== job.cell || tr?.dataset !== job.dataset || tr?.task !== job.task || model.cell.options.T !== job.T || fold !== want) {
      throw new Error(`${dir} holds a ${model.meta.preset} model of ${tr?.dataset ?? '?'} ${tr?.task ?? '?'} (T = ${model.cell.options.T}${fold}), not job ${job.index}'s ${job.id}`);
    }
    const m = model.meta.metrics;
    const report = await evalReport(model, {
      methods: buildMethodList(o.methods.join(',')),
      n: o.evalN ?? Infinity,
      batch: 200,
      backend,
      threads: o.backend === 'webgpu' ? 1 : o.evalThreads,
      data: o.data,
      progress: true,
      faithfulness: faithfulnessOf(o.faithfulness),
    });
    const weightsSha256 = sha256Hex(await readFile(path.join(dir, 'weights.bin')));
    return {
      report,
      model: { epochsDone: m?.epochsDone ?? null, iterations: m?.iterations ?? null, testAccuracy: m?.testAccuracy ?? null, wallTimeSeconds: m?.wallTimeSeconds ?? null, weightsSha256 },
    };
  } finally {
    model.dispose();
  }
}
