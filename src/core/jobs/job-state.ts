/**
 * A training job's state, from what its run directory holds (model.json's metrics, the evaluation
 * file, the lock). Shared by the zoo and the study; the files are read by src/node/job-files.ts.
 */

/** What a job's run directory tells about it (read from model.json, checkpoint and the evaluation). */
export interface JobFiles {
  /** model.json's metrics, or null when no model has been written yet. */
  model: {
    epochsDone: number;
    iterations: number;
    complete: boolean;
    valAccuracy: number | null;
    testAccuracy: number | null;
    wallTimeSeconds: number;
  } | null;
  /** The iteration count of the model that the evaluation file evaluated, or null when there is none. */
  evalIterations: number | null;
  /** Whether another live process holds the job's lock. */
  lockedBy: string | null;
}

export type JobState = 'pending' | 'training' | 'running' | 'trained' | 'done';

/**
 * A job's state: pending (nothing written), training (some epochs done, not finished), running (a
 * live process holds it), trained (all epochs and the test accuracy, no evaluation of these weights),
 * done (evaluated: the evaluation file belongs to the final weights).
 */
export function jobState(job: { recipe: { epochs: number } }, f: JobFiles): JobState {
  if (f.lockedBy) return 'running';
  if (!f.model) return 'pending';
  if (!f.model.complete || f.model.epochsDone < job.recipe.epochs) return 'training';
  return f.evalIterations === f.model.iterations ? 'done' : 'trained';
}
