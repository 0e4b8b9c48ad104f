/**
 * Runs one study job (docs/study.md): `rrx train --fold f --folds k` with the job's recipe, then the
 * evaluation of the final weights on the held-out fold into eval.json (format "rrx-study-eval").
 * The run itself — locks, resuming from the checkpoint, doing nothing when done, the atomic write —
 * is the zoo's, in ../jobs/run-training-job.ts.
 */
import type { StudyJob, StudyPlan } from '../../core/study/plan';
import { studyRunDir } from '../../node/study-files';
import type { NodeBackend } from '../../node/tf-backend';
import { evaluateRun, runTrainingJob, type RunJobResult, type TrainSpec } from '../jobs/run-training-job';

export const GENERATED_BY = 'rrx 0.1.0';

export interface StudyRunOptions {
  backend: NodeBackend;
  overrideForeignLock: boolean;
  evalThreads?: number;
  say: (line: string) => void;
}

/** The job as `rrx train` sees it: its cell and task, trained on every fold but its own. */
export const trainSpec = (plan: StudyPlan, job: StudyJob): TrainSpec => ({ ...job, kfold: { fold: job.fold, k: plan.folds } });

export function runStudyJob(plan: StudyPlan, root: string, job: StudyJob, o: StudyRunOptions): Promise<RunJobResult> {
  const dir = studyRunDir(root, job);
  const held = plan.evalN === null ? 'all' : `the first ${plan.evalN}`;
  return runTrainingJob(trainSpec(plan, job), dir, {
    backend: o.backend,
    overrideForeignLock: o.overrideForeignLock,
    say: o.say,
    evalWhat: `on ${held} sequences of held-out fold ${job.fold} with ${plan.methods.join(', ')}`,
    evaluate: () => evaluateStudyJob(plan, job, dir, o),
  });
}

/** The eval.json document of a study job: accuracy and `rrx eval`'s figures on the held-out fold. */
export async function evaluateStudyJob(plan: StudyPlan, job: StudyJob, dir: string, o: Pick<StudyRunOptions, 'backend' | 'evalThreads'>) {
  const { report: r, model } = await evaluateRun(trainSpec(plan, job), dir, {
    backend: o.backend,
    evalThreads: o.evalThreads,
    methods: plan.methods,
    evalN: plan.evalN,
    faithfulness: plan.faithfulness,
    data: { dataset: job.dataset, task: job.task, split: 'test', fold: job.fold, k: plan.folds },
  });
  // The plan's method specs, one per evaluated method in the same order (the report matches on them).
  const withSpec = <M extends object>(list: M[]) => list.map((m, k) => ({ spec: plan.methods[k], ...m }));
  return {
    format: 'rrx-study-eval',
    version: 1,
    index: job.index,
    id: job.id,
    cell: job.cell,
    dataset: job.dataset,
    fold: job.fold,
    folds: plan.folds,
    task: job.task,
    T: job.T,
    n: r.n,
    accuracy: r.accuracy,
    correct: r.correct,
    model,
    methods: withSpec(r.methods),
    ...(r.faithfulness?.aopc ? { faithfulness: { aopc: { ...r.faithfulness.aopc, methods: withSpec(r.faithfulness.aopc.methods) } } } : {}),
    backend: r.backend,
    seconds: Math.round(r.seconds * 10) / 10,
    generatedBy: GENERATED_BY,
  };
}
