/**
 * Runs one zoo job to the end: trains it with `rrx train` (fresh, or `--resume` from its checkpoint),
 * then evaluates the final weights on the test split with the plan's methods and writes eval.json.
 * Idempotent: a finished job does nothing, an interrupted one continues from its last checkpoint,
 * a trained but unevaluated one is only evaluated. See docs/zoo.md.
 */
import { buildMethodList } from '../../core/explain';
import { lrAtEpoch } from '../../core/train/types';
import { jobState, type ZooJob, type ZooPlan } from '../../core/zoo/plan';
import { useNodeBackend, type NodeBackend } from '../../node/tf-backend';
import { acquireLock, readCheckpointPosition, readJobFiles, runDir, writeEval } from '../../node/zoo-files';
import { evalReport, type FaithfulnessOptions } from '../commands/eval';
import { dataOf, loadModel } from '../commands/explain';
import { command as trainCommand } from '../commands/train';

export const GENERATED_BY = 'rrx 0.1.0';

export interface RunJobOptions {
  backend: NodeBackend;
  /** Take over a lock held by another host (an explicit job index from a batch engine). */
  overrideForeignLock: boolean;
  /** Worker threads of the evaluation (default: one per core). */
  evalThreads?: number;
  say: (line: string) => void;
}

export type RunJobResult = 'done' | 'skipped-done' | 'busy' | 'interrupted';

const steps = (s: { fromEpoch: number; lr: number }[]) => s.map((x) => `${x.fromEpoch}:${x.lr}`).join(',');

/** The `rrx train` arguments that start the job, or continue it from `resumeEpoch` (1-based). */
export function trainArgs(job: ZooJob, dir: string, backend: string, resumeEpoch: number | null): string[] {
  const r = job.recipe;
  const common = ['--epochs', String(r.epochs), '--backend', backend, '--out', dir];
  if (resumeEpoch !== null) {
    // The recipe's schedule from here on: the rate of the resumed epoch and the later steps.
    const later = r.lrSchedule.filter((s) => s.fromEpoch > resumeEpoch);
    return ['--resume', '--lr', String(lrAtEpoch(r, resumeEpoch)), ...(later.length ? ['--lr-schedule', steps(later)] : []), ...common];
  }
  return [
    ...['--arch', job.cell, '--dataset', job.dataset, '--task', job.task, '--T', String(job.T)],
    ...['--lr', String(r.lr), ...(r.lrSchedule.length ? ['--lr-schedule', steps(r.lrSchedule)] : [])],
    ...['--batch', String(r.batch), '--seed', String(r.seed), '--shuffle', r.shuffle],
    ...(r.limit !== null ? ['--limit', String(r.limit)] : []),
    ...common,
  ];
}

export async function runJob(plan: ZooPlan, root: string, job: ZooJob, o: RunJobOptions): Promise<RunJobResult> {
  const dir = runDir(root, job);
  const release = await acquireLock(dir, o.overrideForeignLock);
  if (!release) return 'busy';
  try {
    let files = await readJobFiles(root, job);
    let state = jobState(job, { ...files, lockedBy: null });
    if (state === 'done') return 'skipped-done';
    if (state === 'pending' || state === 'training') {
      const pos = files.model ? await readCheckpointPosition(dir) : null;
      if (files.model && !pos) throw new Error(`${dir} holds a model but no checkpoint.json to continue from`);
      const args = trainArgs(job, dir, o.backend, pos ? pos.epoch + 1 : null);
      o.say(`job ${job.index} (${job.id}): ${pos ? `continuing at epoch ${pos.epoch + 1}, batch ${pos.batch}` : 'starting'}: rrx train ${args.join(' ')}`);
      const code = await trainCommand.run(args);
      if (code === 130) return 'interrupted';
      if (code !== 0) throw new Error(`job ${job.index} (${job.id}): rrx train exited with ${code}`);
      files = await readJobFiles(root, job);
      state = jobState(job, { ...files, lockedBy: null });
      if (state !== 'trained') throw new Error(`job ${job.index} (${job.id}): training ended but the model is ${state}`);
    }
    o.say(`job ${job.index} (${job.id}): evaluating on the test split with ${plan.methods.join(', ')}`);
    await writeEval(dir, await evaluateJob(plan, job, dir, o));
    o.say(`job ${job.index} (${job.id}): done`);
    return 'done';
  } finally {
    await release();
  }
}

/** The plan's faithfulness settings as `rrx eval` options (undefined: none). */
function faithfulnessOf(plan: ZooPlan): FaithfulnessOptions | undefined {
  const f = plan.faithfulness;
  if (!f) return undefined;
  return {
    ...(f.aopcN > 0 ? { aopc: { n: f.aopcN, steps: f.aopcSteps, patch: f.patch, fill: f.fill } } : {}),
    ...(f.randomisationN > 0 ? { randomisation: { n: f.randomisationN } } : {}),
  };
}

/** The eval.json document of the model in `dir`: `rrx eval`'s figures on the plan's test sequences. */
export async function evaluateJob(plan: ZooPlan, job: ZooJob, dir: string, o: Pick<RunJobOptions, 'backend' | 'evalThreads'>) {
  const backend = await useNodeBackend(o.backend);
  const model = await loadModel(dir);
  try {
    const tr = model.meta.training;
    if (model.meta.preset !== job.cell || tr?.dataset !== job.dataset || tr?.task !== job.task || model.cell.options.T !== job.T) {
      throw new Error(`${dir} holds a ${model.meta.preset} model of ${tr?.dataset ?? '?'} ${tr?.task ?? '?'} (T = ${model.cell.options.T}), not job ${job.index}'s ${job.id}`);
    }
    const m = model.meta.metrics;
    const r = await evalReport(model, {
      methods: buildMethodList(plan.methods.join(',')),
      n: plan.evalN ?? Infinity,
      batch: 200,
      backend,
      threads: o.backend === 'webgpu' ? 1 : o.evalThreads,
      data: dataOf(model.meta, { split: 'test' }),
      progress: true,
      faithfulness: faithfulnessOf(plan),
    });
    return {
      format: 'rrx-zoo-eval',
      version: 1,
      id: job.id,
      preset: job.cell,
      dataset: r.dataset,
      task: r.task,
      T: r.T,
      split: r.split,
      n: r.n,
      accuracy: r.accuracy,
      correct: r.correct,
      model: { epochsDone: m?.epochsDone ?? null, iterations: m?.iterations ?? null, testAccuracy: m?.testAccuracy ?? null },
      methods: r.methods,
      ...(r.faithfulness ? { faithfulness: r.faithfulness } : {}),
      backend: r.backend,
      seconds: Math.round(r.seconds * 10) / 10,
      generatedBy: GENERATED_BY,
    };
  } finally {
    model.dispose();
  }
}
