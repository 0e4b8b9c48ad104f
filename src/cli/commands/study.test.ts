/**
 * The study end to end at small scale (docs/study.md): 2 cells × 2 folds × MNIST-MAJ, 1 epoch on
 * 400 sequences (8 batches, so that a SIGTERM lands inside the epoch), 10 held-out sequences evaluated with two methods and a 2-sequence AOPC. The four
 * jobs run side by side as real processes (bin/rrx.js), in a shuffled order, each given its index
 * only through JOB_COMPLETION_INDEX and running the very command of deploy/study's manifest. A copy
 * of the study then has job 1 killed (SIGKILL, then SIGTERM while training) and run again: it ends
 * with the same weights and figures. A finished job run again changes no file; the report over 3 of
 * 4 jobs names the missing one; the full report's ANOVA is the one of the jobs' own figures.
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneWayAnova } from '../../core/metrics/anova';
import { runCommand } from '../../../test/run-command';
import { repo, studyManifest, withPlan } from '../../../test/study-deploy';
import { command as study } from './study';

let tmp = '';
const planA = () => path.join(tmp, 'a', 'plan.json');
const planB = () => path.join(tmp, 'b', 'plan.json');
const runs = (plan: string, id = '') => path.join(path.dirname(plan), 'runs', id);
const IDS = ['shallow-mnist-fold0', 'deep-mnist-fold0', 'shallow-mnist-fold1', 'deep-mnist-fold1'];
const PLAN_ARGS = ['--cells', 'shallow,deep', '--datasets', 'mnist', '--folds', '2', '--epochs', '1', '--limit', '400', '--eval-n', '10', '--methods', 'sensitivity,deep-taylor', '--aopc', '2', '--aopc-steps', '3'];
const INDEX_VARS = ['JOB_COMPLETION_INDEX', 'SLURM_ARRAY_TASK_ID', 'AWS_BATCH_JOB_ARRAY_INDEX'];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'rrx-study-'));
  for (const p of [planA(), planB()]) {
    await mkdir(path.dirname(p));
    expect((await runCommand(study, ['plan', ...PLAN_ARGS, '--out', p])).code).toBe(0);
  }
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

/**
 * Runs the manifest's container command (its plan path replaced) as a pod would: the job index only
 * in JOB_COMPLETION_INDEX. `onText` may kill it (it gets all output so far).
 */
async function pod(plan: string, index: number, onText: (text: string, kill: (sig: NodeJS.Signals) => void) => void = () => {}) {
  const [, ...args] = withPlan((await studyManifest()).command, plan); // command[0] is "node": this Node
  const env: NodeJS.ProcessEnv = { ...process.env, JOB_COMPLETION_INDEX: String(index) };
  for (const k of INDEX_VARS.slice(1)) delete env[k];
  const child = spawn(process.execPath, args, { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  let sent = false;
  const kill = (sig: NodeJS.Signals) => {
    if (!sent) child.kill(sig);
    sent = true;
  };
  const onData = (d: Buffer) => {
    text += d;
    onText(text, kill);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; text: string }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, text })));
}

const evalOf = async (plan: string, id: string) => JSON.parse(await readFile(path.join(runs(plan, id), 'eval.json'), 'utf8'));
/** An evaluation's figures: everything but the timings. */
const figures = (e: { seconds?: number; model: Record<string, unknown> }) => {
  const { seconds: _s, model, ...rest } = e;
  const { wallTimeSeconds: _w, ...m } = model;
  return { ...rest, model: m };
};

/** Every file and folder under `dir`: size, mtime and content. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string) => {
    const s = await stat(d);
    out[path.relative(dir, d) || '.'] = `dir ${s.mtimeMs}`;
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else {
        const f = await stat(p);
        out[path.relative(dir, p)] = `${f.size} ${f.mtimeMs} ${(await readFile(p)).toString('base64')}`;
      }
    }
  };
  await walk(dir);
  return out;
}

describe('rrx study (small scale, real processes)', () => {
  it('plans 4 jobs: (cell, dataset, fold) with the recipe, datasets outer, folds, then cells', async () => {
    const plan = JSON.parse(await readFile(planA(), 'utf8'));
    expect(plan).toMatchObject({ format: 'rrx-study-plan', folds: 2, foldSeed: 71, cells: ['shallow', 'deep'], datasets: ['mnist'], evalN: 10, methods: ['sensitivity', 'deep-taylor'] });
    expect(plan.jobs.map((j: { id: string }) => j.id)).toEqual(IDS);
    expect(plan.jobs.map((j: { fold: number }) => j.fold)).toEqual([0, 0, 1, 1]);
    expect(plan.jobs[1].recipe).toMatchObject({ epochs: 1, limit: 400, lr: 2e-4 });
    expect(plan.faithfulness).toMatchObject({ aopcN: 2, aopcSteps: 3 });
    expect(plan.description).toContain('2 cells × 1 dataset × 2 folds = 4 jobs');
  });

  it('runs the four jobs in parallel processes, in any order, each given its index only by JOB_COMPLETION_INDEX', async () => {
    const order = [2, 0, 3, 1];
    const results = await Promise.all(order.map((i) => pod(planA(), i)));
    results.forEach((r, k) => {
      expect(r.code, r.text).toBe(0);
      expect(r.text).toContain(`job ${order[k]} from JOB_COMPLETION_INDEX`);
      expect(r.text).toContain(`job ${order[k]} (${IDS[order[k]]}): done`);
    });
    for (const [i, id] of IDS.entries()) {
      const e = await evalOf(planA(), id);
      expect(e).toMatchObject({ format: 'rrx-study-eval', index: i, id, fold: i < 2 ? 0 : 1, folds: 2, n: 10 });
      expect(e.methods.map((m: { spec: string }) => m.spec)).toEqual(['sensitivity', 'deep-taylor']);
      expect(e.faithfulness.aopc.n).toBe(2);
      const model = JSON.parse(await readFile(path.join(runs(planA(), id), 'model.json'), 'utf8'));
      expect(model.training.fold).toEqual({ index: i < 2 ? 0 : 1, k: 2 });
      expect(e.model.iterations).toBe(model.metrics.iterations);
    }
    // The two folds' held-out sets differ, so the same cell's figures differ between folds.
    expect((await evalOf(planA(), IDS[0])).model.weightsSha256).not.toBe((await evalOf(planA(), IDS[2])).model.weightsSha256);
  });

  it('reports every cell × method with intervals over folds, and the ANOVA and Tukey HSD of the jobs\' figures', async () => {
    const r = await runCommand(study, ['report', '--plan', planA()]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('4 of 4 jobs');
    const rep = JSON.parse(await readFile(path.join(tmp, 'a', 'report.json'), 'utf8'));
    expect(rep).toMatchObject({ format: 'rrx-study-report', metric: 'cosine', done: 4, missing: [] });
    const ev = await Promise.all(IDS.map((id) => evalOf(planA(), id)));
    const cos = (e: { methods: { spec: string; all: { cosine: { mean: number } } }[] }, m: string) => e.methods.find((x) => x.spec === m)!.all.cosine.mean;
    const acc = rep.accuracy.find((a: { cell: string }) => a.cell === 'deep');
    expect(acc.n).toBe(2);
    expect(acc.mean).toBeCloseTo((ev[1].accuracy + ev[3].accuracy) / 2, 12);
    const dtd = rep.tests.find((t: { method: string; scope: string }) => t.method === 'deep-taylor' && t.scope === 'pooled');
    // Groups in alphabetical order (statsmodels'): deep, shallow; each the two folds' mean cosines.
    const want = oneWayAnova([
      { name: 'deep', values: [cos(ev[1], 'deep-taylor'), cos(ev[3], 'deep-taylor')] },
      { name: 'shallow', values: [cos(ev[0], 'deep-taylor'), cos(ev[2], 'deep-taylor')] },
    ]);
    expect(dtd.anova.between.df).toBe(1);
    expect(dtd.anova.within.df).toBe(2);
    expect(dtd.anova.F).toBeCloseTo(want.F, 10);
    expect(dtd.tukey.pairs).toHaveLength(1);
    expect(dtd.tukey.pairs[0]).toMatchObject({ a: 'deep', b: 'shallow' });
    expect(dtd.tukey.pairs[0].meanDiff).toBeCloseTo((cos(ev[0], 'deep-taylor') + cos(ev[2], 'deep-taylor') - cos(ev[1], 'deep-taylor') - cos(ev[3], 'deep-taylor')) / 2, 12);
    const md = await readFile(path.join(tmp, 'a', 'report.md'), 'utf8');
    expect(md).toContain('All 4 jobs are done.');
    expect(md).toContain('Multiple Comparison of Means - Tukey HSD, FWER=0.05');
    expect(md).toMatch(/^\| deep \| shallow \| -?\d\.\d{4} \| \d\.\d{4} \| /m);
    expect(md).toMatch(/^\| architecture \| \S+ \| 1 \| \S+ \| \S+ \|$/m);
    // The AOPC the plan asked for is a metric of its own.
    expect((await runCommand(study, ['report', '--plan', planA(), '--metric', 'aopc', '--out', path.join(tmp, 'aopc')])).code).toBe(0);
    const aopc = JSON.parse(await readFile(path.join(tmp, 'aopc', 'report.json'), 'utf8'));
    expect(aopc.metrics.find((m: { cell: string; method: string }) => m.cell === 'deep' && m.method === 'sensitivity').mean).toBeCloseTo(
      (ev[1].faithfulness.aopc.methods[0].morf.mean + ev[3].faithfulness.aopc.methods[0].morf.mean) / 2,
      12,
    );
  });

  it('leaves a finished job alone when it is run again: every file and folder unchanged, mtimes too', async () => {
    const before = await snapshot(runs(planA()));
    process.env.JOB_COMPLETION_INDEX = '2';
    try {
      const again = await runCommand(study, ['run', '--plan', planA()]);
      expect(again.code).toBe(0);
      expect(again.out).toContain('job 2 (shallow-mnist-fold1): done already');
    } finally {
      delete process.env.JOB_COMPLETION_INDEX;
    }
    const all = await runCommand(study, ['run', '--plan', planA(), '--all']);
    expect(all.out).toContain('every job is done');
    expect(await snapshot(runs(planA()))).toEqual(before);
  });

  it('finishes a job killed while training (SIGKILL, then SIGTERM) with the same weights and figures; the report over 3 of 4 names the missing one', async () => {
    for (const i of [0, 2, 3]) await cp(runs(planA(), IDS[i]), runs(planB(), IDS[i]), { recursive: true, preserveTimestamps: true });
    // SIGKILL as training starts: nothing is saved but the lock of a process that is gone.
    const killed = await pod(planB(), 1, (text, kill) => /training deep/.test(text) && kill('SIGKILL'));
    expect(killed.signal).toBe('SIGKILL');
    // SIGTERM (a preempted pod) as training starts: a checkpoint after the current batch, exit 130.
    const stopped = await pod(planB(), 1, (text, kill) => /training deep/.test(text) && kill('SIGTERM'));
    expect(stopped.code, stopped.text).toBe(130);
    expect(stopped.text).toMatch(/interrupted at epoch 1, batch [0-7]\b/); // of 8
    const ck = JSON.parse(await readFile(path.join(runs(planB(), IDS[1]), 'checkpoint.json'), 'utf8'));
    expect(ck.position.epoch).toBe(0);

    const partial = await runCommand(study, ['report', '--plan', planB()]);
    expect(partial.out).toContain('3 of 4 jobs');
    expect(partial.out).toContain('missing: 1 deep-mnist-fold0 (training)');
    const md = await readFile(path.join(tmp, 'b', 'report.md'), 'utf8');
    expect(md).toContain('**Missing: 1 of 4 jobs**');
    expect(md).toContain('- job 1 `deep-mnist-fold0`: training');

    process.env.JOB_COMPLETION_INDEX = '1';
    try {
      const again = await runCommand(study, ['run', '--plan', planB()]);
      expect(again.code).toBe(0);
      expect(again.out).toContain(`continuing at epoch 1, batch ${ck.position.batch}`);
    } finally {
      delete process.env.JOB_COMPLETION_INDEX;
    }
    for (const f of ['weights.bin', 'optimizer.bin']) {
      expect((await readFile(path.join(runs(planB(), IDS[1]), f))).equals(await readFile(path.join(runs(planA(), IDS[1]), f))), f).toBe(true);
    }
    expect(figures(await evalOf(planB(), IDS[1]))).toEqual(figures(await evalOf(planA(), IDS[1])));
    await runCommand(study, ['report', '--plan', planB()]);
    const [a, b] = await Promise.all(['a', 'b'].map(async (d) => JSON.parse(await readFile(path.join(tmp, d, 'report.json'), 'utf8'))));
    expect(b.tests).toEqual(a.tests);
    expect(b.metrics).toEqual(a.metrics);
  });

  it('refuses an index outside the plan, and a run without any index', async () => {
    process.env.JOB_COMPLETION_INDEX = '4';
    try {
      await expect(runCommand(study, ['run', '--plan', planA()])).rejects.toThrow('JOB_COMPLETION_INDEX=4: the plan has jobs 0…3');
    } finally {
      delete process.env.JOB_COMPLETION_INDEX;
    }
    await expect(runCommand(study, ['run', '--plan', planA()])).rejects.toThrow('which job?');
  });
});
