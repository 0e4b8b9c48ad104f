/**
 * Runs one zoo job to the end: trains it with `rrx train` (fresh, or `--resume` from its checkpoint),
 * then evaluates the final weights on the test split with the plan's methods and writes eval.json.
 * Idempotent: a finished job does nothing, an interrupted one continues from its last checkpoint,
 * a trained but unevaluated one is only evaluated. The run itself is ../jobs/run-training-job.ts,
 * which the study shares. See docs/zoo.md.
 */
import type { ZooJob, ZooPlan } from '../../core/zoo/plan';
import type { NodeBackend } from '../../node/tf-backend';
import { runDir } from '../../node/zoo-files';
import { evaluateRun, runTrainingJob, type RunJobResult } from '../jobs/run-training-job';

export { trainArgs, type RunJobResult } from '../jobs/run-training-job';

export const GENERATED_BY = 'rrx 0.1.0';

export interface RunJobOptions {
  backend: NodeBackend;
  /** Take over a lock held by another host (an explicit job index from a batch engine). */
  overrideForeignLock: boolean;
  /** Worker threads of the evaluation (default: one per core). */
  evalThreads?: number;
  say: (line: string) => void;
}

export function runJob(plan: ZooPlan, root: string, job: ZooJob, o: RunJobOptions): Promise<RunJobResult> {
  const dir = runDir(root, job);
  return runTrainingJob(job, dir, {
    backend: o.backend,
    overrideForeignLock: o.overrideForeignLock,
    say: o.say,
    evalWhat: `on the test split with ${plan.methods.join(', ')}`,
    evaluate: () => evaluateJob(plan, job, dir, o),
  });
}

/** The eval.json document of the model in `dir`: `rrx eval`'s figures on the plan's test sequences. */
export async function evaluateJob(plan: ZooPlan, job: ZooJob, dir: string, o: Pick<RunJobOptions, 'backend' | 'evalThreads'>) {
  const { report: r, model: m } = await evaluateRun(job, dir, {
    backend: o.backend,
    evalThreads: o.evalThreads,
    methods: plan.methods,
    evalN: plan.evalN,
    faithfulness: plan.faithfulness,
    data: { dataset: job.dataset, task: job.task, split: 'test' },
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
    model: { epochsDone: m.epochsDone, iterations: m.iterations, testAccuracy: m.testAccuracy },
    methods: r.methods,
    ...(r.faithfulness ? { faithfulness: r.faithfulness } : {}),
    backend: r.backend,
    seconds: Math.round(r.seconds * 10) / 10,
    generatedBy: GENERATED_BY,
  };
}
