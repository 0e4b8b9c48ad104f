/**
 * `rrx zoo publish`: copies each job's latest model into the explorer's bundle (public/models/<id>/:
 * model.json, weights.bin, and eval.json when it evaluated exactly those weights) and rewrites
 * public/models/index.json with each model's state and accuracy beside the thesis's (docs/zoo.md).
 * Jobs that have no model yet keep the bundle's earlier one; index entries that are not zoo jobs stay.
 */
import { copyFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { jobTargets, type ZooJob, type ZooPlan } from '../../core/zoo/plan';
import { readBounded, readJsonBounded, writeFilesAtomically } from '../../node/model-files';
import { EVAL_FILE, runDir } from '../../node/zoo-files';

/** One entry of public/models/index.json (the UI's src/ui/lib/bundle-index.ts reads it). */
export interface BundleEntry {
  id: string;
  preset: string;
  dataset: string;
  task: string;
  T: number;
  path: string;
  status?: 'trained' | 'in-training';
  epochsDone?: number;
  epochs?: number;
  testAccuracy?: number | null;
  valAccuracy?: number | null;
  thesisAccuracy?: number;
  bar?: number;
  eval?: string;
}

const readJson = async (file: string) => (await readJsonBounded(file)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function publish(plan: ZooPlan, root: string, to: string, say: (s: string) => void): Promise<BundleEntry[]> {
  const indexFile = path.join(to, 'index.json');
  const old: BundleEntry[] = existsSync(indexFile) ? ((await readJson(indexFile)).models ?? []) : [];
  const planIds = new Set(plan.jobs.map((j) => j.id));
  const entries: BundleEntry[] = [];
  for (const job of plan.jobs) {
    const src = runDir(root, job);
    const dst = path.join(to, job.id);
    const runEpochs = existsSync(path.join(src, 'model.json')) ? ((await readJson(path.join(src, 'model.json'))).metrics?.epochsDone ?? 0) : 0;
    if (runEpochs >= 1) {
      const keep = await keepBundled(job, src, dst);
      if (keep) say(`${job.id}: kept the bundled model (${keep})`);
      else {
        await copyRun(src, dst);
        say(`${job.id}: published from ${src}`);
      }
    }
    if (!existsSync(path.join(dst, 'model.json'))) continue;
    entries.push(await entryFor(job, dst));
  }
  const others = old.filter((e) => !planIds.has(e.id));
  const all = [...entries, ...others];
  await writeFilesAtomically(to, [['index.json', `${JSON.stringify({ models: all }, null, 2)}\n`]]);
  return all;
}

/**
 * A bundled model that is finished and more accurate than the run stays (e.g. a model from before the
 * zoo) while the run trains, or when it finished below the bar: returns why, or null to publish the run.
 */
async function keepBundled(job: ZooJob, src: string, dst: string): Promise<string | null> {
  if (!existsSync(path.join(dst, 'model.json'))) return null;
  const run = (await readJson(path.join(src, 'model.json'))).metrics ?? {};
  const finished = run.complete === true && (run.epochsDone ?? 0) >= job.recipe.epochs;
  const old = (await readJson(path.join(dst, 'model.json'))).metrics ?? {};
  const oldAcc = old.complete === true ? old.testAccuracy : null;
  const runAcc = run.complete === true ? run.testAccuracy : run.valAccuracy;
  // A finished run at the bar is always published; below it, only when it beats the bundled model.
  if (finished && typeof runAcc === 'number' && runAcc >= jobTargets(job).bar) return null;
  if (typeof oldAcc !== 'number' || typeof runAcc !== 'number' || runAcc >= oldAcc) return null;
  return `test ${(100 * oldAcc).toFixed(2)}% against the run's ${(100 * runAcc).toFixed(2)}% at epoch ${run.epochsDone} of ${job.recipe.epochs}${finished ? ', below the bar' : ''}`;
}

/** model.json + weights.bin, and eval.json only when it evaluated these weights (else removed). */
async function copyRun(src: string, dst: string): Promise<void> {
  const model = await readJson(path.join(src, 'model.json'));
  const evalSrc = path.join(src, EVAL_FILE);
  const ev = existsSync(evalSrc) ? await readJson(evalSrc) : null;
  const evalFits = ev !== null && ev.model?.iterations === model.metrics?.iterations;
  const tmpDir = dst;
  await writeFilesAtomically(tmpDir, [
    ['weights.bin', new Uint8Array(await readBounded(path.join(src, 'weights.bin'), { max: 64 * 1024 * 1024 })).buffer as ArrayBuffer],
    ['model.json', (await readBounded(path.join(src, 'model.json'), { max: 16 * 1024 * 1024 })).toString('utf8')],
  ]);
  if (evalFits) await copyFile(evalSrc, path.join(dst, EVAL_FILE));
  else await rm(path.join(dst, EVAL_FILE), { force: true });
}

async function entryFor(job: ZooJob, dir: string): Promise<BundleEntry> {
  const model = await readJson(path.join(dir, 'model.json'));
  const m = model.metrics ?? {};
  const evalFile = path.join(dir, EVAL_FILE);
  const ev = existsSync(evalFile) ? await readJson(evalFile) : null;
  const t = jobTargets(job);
  const finished = m.complete === true && (m.epochsDone ?? 0) >= job.recipe.epochs;
  const test = m.complete === true ? m.testAccuracy : (ev?.accuracy ?? null);
  return {
    id: job.id,
    preset: job.cell,
    dataset: job.dataset,
    task: job.task,
    T: job.T,
    path: `${job.id}/`,
    status: finished ? 'trained' : 'in-training',
    epochsDone: m.epochsDone ?? 0,
    epochs: Math.max(job.recipe.epochs, m.epochsDone ?? 0),
    testAccuracy: test,
    valAccuracy: m.valAccuracy ?? null,
    thesisAccuracy: Number(t.thesis.toFixed(4)),
    bar: Number(t.bar.toFixed(4)),
    ...(ev ? { eval: EVAL_FILE } : {}),
  };
}
