/**
 * The zoo's files on disk (docs/zoo.md): the plan file and each job's run directory
 * `<root>/runs/<job id>/`. The run directory itself (the `rrx train` files, eval.json, the lock) is
 * read and written by ./job-files.ts, which the study shares.
 */
import path from 'node:path';
import { validatePlan, type JobFiles, type ZooJob, type ZooPlan } from '../core/zoo/plan';
import { readRunFiles } from './job-files';
import { readJsonBounded } from './model-files';

export { acquireLock, EVAL_FILE, readCheckpointPosition, writeEval } from './job-files';

export const runDir = (root: string, job: ZooJob) => path.join(root, 'runs', job.id);

/** Reads and checks a plan file. */
export async function readPlan(file: string): Promise<ZooPlan> {
  let json: unknown;
  try {
    json = await readJsonBounded(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${file}: no such plan file (write one with rrx zoo plan --out ${file})`);
    throw err;
  }
  return validatePlan(json, file);
}

/** What the run directory says about a job (model metrics, evaluation, lock). */
export function readJobFiles(root: string, job: ZooJob): Promise<JobFiles> {
  return readRunFiles(runDir(root, job));
}
