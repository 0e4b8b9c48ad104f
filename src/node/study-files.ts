/**
 * The study's files on disk (docs/study.md): the plan file, and each job's run directory
 * `<plan folder>/runs/<job id>/` — the `rrx train` files, eval.json and the lock of ./job-files.ts,
 * shared with the zoo. The folder may be shared storage that every pod of a job array mounts.
 */
import path from 'node:path';
import { jobState } from '../core/jobs/job-state';
import { validateStudyPlan, type StudyJob, type StudyPlan } from '../core/study/plan';
import type { JobOutcome } from '../core/study/report';
import { jobFigures } from '../core/study/result';
import { EVAL_FILE, readJsonOrNull, readRunFiles } from './job-files';
import { readJsonBounded } from './model-files';

export const studyRunDir = (root: string, job: StudyJob) => path.join(root, 'runs', job.id);

/** Reads and checks a study plan file. */
export async function readStudyPlan(file: string): Promise<StudyPlan> {
  let json: unknown;
  try {
    json = await readJsonBounded(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${file}: no such plan file (write one with rrx study plan --out ${file})`);
    throw err;
  }
  return validateStudyPlan(json, file);
}

/** Every job's state and, for the done ones, the figures of its eval.json (or why they cannot be read). */
export function readStudyOutcomes(plan: StudyPlan, root: string): Promise<JobOutcome[]> {
  return Promise.all(
    plan.jobs.map(async (job): Promise<JobOutcome> => {
      const dir = studyRunDir(root, job);
      try {
        const files = await readRunFiles(dir);
        const state = jobState(job, files);
        if (jobState(job, { ...files, lockedBy: null }) !== 'done') return { job, state, figures: null };
        const doc = await readJsonOrNull(path.join(dir, EVAL_FILE));
        return { job, state: 'done', figures: jobFigures(doc, job, plan.methods) };
      } catch (err) {
        return { job, state: 'done', figures: null, problem: (err as Error).message };
      }
    }),
  );
}
