/**
 * Which job of a job array this process runs: the index from `--job i` or from the variable a batch
 * engine sets, and `--jobs 0-3,9` lists. Shared by the zoo (docs/zoo.md) and the cross-validated
 * study (docs/study.md); pure functions, no Node.
 */

/** Environment variables that carry an array job's index, by batch engine. */
export const JOB_INDEX_VARIABLES = ['JOB_COMPLETION_INDEX', 'SLURM_ARRAY_TASK_ID', 'AWS_BATCH_JOB_ARRAY_INDEX'] as const;

/**
 * The job index: `--job i` if given, else the first of JOB_INDEX_VARIABLES that is set, else null
 * (no index given). Throws when the index is not an integer in 0…jobs−1.
 */
export function jobIndexFrom(arg: string | undefined, env: Record<string, string | undefined>, jobs: number): { index: number; source: string } | null {
  let raw = arg;
  let source = '--job';
  if (raw === undefined) {
    const name = JOB_INDEX_VARIABLES.find((k) => env[k] !== undefined && env[k] !== '');
    if (!name) return null;
    raw = env[name];
    source = name;
  }
  const i = Number(raw);
  if (!/^\d+$/.test(String(raw).trim()) || !Number.isInteger(i) || i < 0 || i >= jobs) {
    throw new Error(`${source}=${raw}: the plan has jobs 0…${jobs - 1}`);
  }
  return { index: i, source };
}

/** `--jobs 0-3,9,14`: job indices in the given order, each in range, without repeats. */
export function parseJobList(text: string, jobs: number): number[] {
  const out: number[] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new Error(`--jobs: "${part}" is not an index or a range a-b`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) throw new Error(`--jobs: the range ${part} runs backwards`);
    for (let i = a; i <= b; i++) {
      if (i >= jobs) throw new Error(`--jobs: job ${i} is not in the plan (jobs 0…${jobs - 1})`);
      if (!out.includes(i)) out.push(i);
    }
  }
  if (!out.length) throw new Error('--jobs: no job given');
  return out;
}
