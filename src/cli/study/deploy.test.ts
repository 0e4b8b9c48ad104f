/**
 * deploy/study/ runs the study's jobs through `rrx study run`, the command the end-to-end test runs
 * (study.test.ts spawns the manifest's command): the Kubernetes Indexed Job has one completion per
 * job of the default plan, a retry limit and the shared results volume where the plan lives; the
 * Dockerfile's CMD and the SLURM script run the same command. `docker build` is not available here.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeStudyPlan } from '../../core/study/plan';
import { dockerCmd, repo, slurmCommand, studyManifest, withPlan } from '../../../test/study-deploy';

const jobs = makeStudyPlan().jobs.length;

describe('deploy/study', () => {
  it('the manifest is an Indexed Job with one completion per plan job, a parallelism and a retry limit', async () => {
    const { doc, pod } = await studyManifest();
    expect(doc).toMatchObject({ apiVersion: 'batch/v1', kind: 'Job', spec: { completionMode: 'Indexed', completions: jobs } });
    expect(jobs).toBe(140);
    expect(doc.spec.parallelism).toBeGreaterThanOrEqual(1);
    expect(doc.spec.parallelism).toBeLessThanOrEqual(jobs);
    expect(doc.spec.backoffLimitPerIndex ?? doc.spec.backoffLimit).toBeGreaterThanOrEqual(1);
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(60); // time to save a checkpoint on SIGTERM
  });

  it('runs rrx study run with the plan on the shared volume, the index left to JOB_COMPLETION_INDEX', async () => {
    const { pod, container, command } = await studyManifest();
    expect(command.slice(0, 4)).toEqual(['node', 'bin/rrx.js', 'study', 'run']);
    expect(command).not.toContain('--job');
    expect(command).not.toContain('--all');
    const plan = command[command.indexOf('--plan') + 1];
    const mount = container.volumeMounts.find((m: { mountPath: string }) => plan.startsWith(`${m.mountPath}/`));
    expect(mount, `a volume mounted above ${plan}`).toBeDefined();
    const volume = pod.volumes.find((v: { name: string }) => v.name === mount.name);
    expect(volume.persistentVolumeClaim.claimName).toBeTruthy();
  });

  it('the Dockerfile builds from Node 20 with the prepared data and its CMD is the manifest\'s command', async () => {
    const { command } = await studyManifest();
    expect(await dockerCmd()).toEqual(command);
    const text = await readFile(path.join(repo, 'deploy/study/Dockerfile'), 'utf8');
    expect(text).toMatch(/^FROM node:20\S*/m);
    expect(text).toMatch(/^RUN npm ci\b.*rrx\.js data --verify/m); // postinstall prepares public/data; checked
  });

  it('the SLURM array has one task per plan job and runs the same command', async () => {
    const { command } = await studyManifest();
    const s = await slurmCommand('/shared/plan.json');
    expect(s.array).toBe(`0-${jobs - 1}`);
    expect(s.argv).toEqual(withPlan(command, '/shared/plan.json'));
  });
});
