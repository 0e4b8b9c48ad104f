/** The job-array files in deploy/zoo/ run as many tasks as the default plan has jobs, through `rrx zoo run`. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makePlan } from '../../core/zoo/plan';

const repo = path.resolve(import.meta.dirname, '../../..');
const jobs = makePlan().jobs.length;

describe('deploy/zoo', () => {
  it('the Kubernetes Indexed Job has one completion per plan job and runs rrx zoo run', async () => {
    const y = await readFile(path.join(repo, 'deploy/zoo/kubernetes-indexed-job.yaml'), 'utf8');
    expect(y).toMatch(/completionMode: Indexed/);
    expect(Number(/completions: (\d+)/.exec(y)![1])).toBe(jobs);
    expect(y).toContain('"zoo", "run", "--plan"');
  });

  it('the SLURM array has one task per plan job and runs rrx zoo run', async () => {
    const s = await readFile(path.join(repo, 'deploy/zoo/slurm-array.sh'), 'utf8');
    expect(/#SBATCH --array=0-(\d+)/.exec(s)![1]).toBe(String(jobs - 1));
    expect(s).toContain('bin/rrx.js zoo run --plan');
  });
});
