/**
 * Test helper: the command that deploy/study/ runs, read from its files — the Kubernetes manifest
 * (parsed as YAML), the Dockerfile's CMD and the SLURM script's exec line — so that the study's
 * end-to-end test runs exactly what a pod runs (src/cli/commands/study.test.ts) and the deploy test
 * checks the three agree (src/cli/study/deploy.test.ts).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';

export const repo = path.resolve(import.meta.dirname, '..');
const dir = path.join(repo, 'deploy', 'study');

/** The parsed manifest and its one container. */
export async function studyManifest() {
  const doc = parse(await readFile(path.join(dir, 'kubernetes-indexed-job.yaml'), 'utf8'));
  const pod = doc?.spec?.template?.spec;
  const container = pod?.containers?.[0];
  if (!container || !Array.isArray(container.command)) throw new Error('deploy/study/kubernetes-indexed-job.yaml: no container command');
  return { doc, pod, container, command: container.command as string[] };
}

/** The Dockerfile's CMD in exec (JSON) form. */
export async function dockerCmd(): Promise<string[]> {
  const text = await readFile(path.join(dir, 'Dockerfile'), 'utf8');
  const m = /^CMD (\[.*\])\s*$/m.exec(text);
  if (!m) throw new Error('deploy/study/Dockerfile: no CMD in exec form');
  return JSON.parse(m[1]);
}

/** The SLURM script's `exec` command, its shell-quoted plan path replaced by `plan`. */
export async function slurmCommand(plan: string): Promise<{ argv: string[]; array: string | null }> {
  const text = await readFile(path.join(dir, 'slurm-array.sh'), 'utf8');
  const line = /^exec (.+)$/m.exec(text)?.[1];
  if (!line) throw new Error('deploy/study/slurm-array.sh: no exec line');
  const argv = line.replace(/"\$\{STUDY:\?[^}]*\}\/plan\.json"/, plan).split(/\s+/);
  return { argv, array: /^#SBATCH --array=(\S+)$/m.exec(text)?.[1] ?? null };
}

/** A command with its `--plan` value replaced (the manifest's plan lives on the pods' volume). */
export function withPlan(command: readonly string[], plan: string): string[] {
  const i = command.indexOf('--plan');
  if (i < 0 || i + 1 >= command.length) throw new Error(`the command ${command.join(' ')} has no --plan FILE`);
  return [...command.slice(0, i + 1), plan, ...command.slice(i + 2)];
}
