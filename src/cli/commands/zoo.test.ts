/**
 * The zoo's queue at small scale (two cells, MNIST-MAJ, --limit, 2 epochs, a 30-sequence evaluation):
 * jobs addressed by index (--job and JOB_COMPLETION_INDEX), a job killed mid-run (SIGKILL after its
 * first epoch; SIGTERM in the middle of an epoch) and run again continues from its checkpoint to the
 * same bytes as an uninterrupted run, a finished job is skipped, and status, publish and the report
 * say what the files hold. The killed runs are real processes (bin/rrx.js).
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../../test/run-command';
import { command as report } from './report';
import { command as zoo } from './zoo';

const repo = path.resolve(import.meta.dirname, '../../..');
let tmp = '';
let plan = '';
let ref = '';
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'rrx-zoo-'));
  await mkdir(path.join(tmp, 'q'));
  await mkdir(path.join(tmp, 'ref'));
  plan = path.join(tmp, 'q', 'plan.json');
  ref = path.join(tmp, 'ref', 'plan.json');
  const args = ['--tasks', 'maj', '--cells', 'shallow,deep', '--datasets', 'mnist', '--epochs', '2', '--limit', '1500', '--eval-n', '30', '--aopc', '4', '--randomisation', '2'];
  expect((await runCommand(zoo, ['plan', ...args, '--out', plan])).code).toBe(0);
  expect((await runCommand(zoo, ['plan', ...args, '--out', ref])).code).toBe(0);
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

const run = (...a: string[]) => runCommand(zoo, ['run', '--plan', plan, '--eval-threads', '1', ...a]);
const bytes = (root: string, id: string, f: string) => readFile(path.join(path.dirname(root), 'runs', id, f));

/** Runs `rrx zoo run` in a child process; `onText` may kill it (it gets the child and all output so far). */
function spawnRun(args: string[], onText: (text: string, kill: (sig: NodeJS.Signals) => void) => void) {
  const child = spawn(process.execPath, ['bin/rrx.js', 'zoo', 'run', '--plan', plan, '--eval-threads', '1', ...args], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
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

describe('rrx zoo (small scale)', () => {
  it('writes the plan and refuses to replace a different one without --force', async () => {
    const r = await runCommand(zoo, ['plan', '--cells', 'deep', '--out', plan]).catch((e: Error) => e);
    expect(String(r)).toContain('already holds a different plan');
    const listed = await runCommand(zoo, ['plan', '--tasks', 'maj', '--cells', 'shallow,deep', '--datasets', 'mnist', '--epochs', '2', '--limit', '1500', '--eval-n', '30', '--aopc', '4', '--randomisation', '2', '--out', plan]);
    expect(listed.out).toContain('2 jobs');
    expect(listed.out).toMatch(/0 {2}shallow-mnist-maj +2 epochs; lr 0.001; batch 50; shuffle epoch; seed 71; limit 1500/);
  });

  it('runs the reference jobs straight through', async () => {
    for (const job of ['0', '1']) {
      const r = await runCommand(zoo, ['run', '--plan', ref, '--job', job, '--eval-threads', '1']);
      expect(r.code).toBe(0);
    }
  });

  it('continues a job killed (SIGKILL) after its first epoch from that checkpoint, to the same bytes', async () => {
    // The epoch line is printed before the checkpoint is written: kill once checkpoint.json is at epoch 1.
    const ckpt = path.join(tmp, 'q', 'runs', 'deep-mnist-maj', 'checkpoint.json');
    let polling = false;
    const killed = await spawnRun(['--job', '1'], (text, kill) => {
      if (polling || !/epoch 1\/2 /.test(text)) return;
      polling = true;
      const poll = setInterval(() => {
        readFile(ckpt, 'utf8')
          .then((t) => {
            if (JSON.parse(t).position.epoch === 1) {
              clearInterval(poll);
              kill('SIGKILL');
            }
          })
          .catch(() => {});
      }, 20);
    });
    expect(killed.signal).toBe('SIGKILL');
    const st = JSON.parse((await runCommand(zoo, ['status', '--plan', plan, '--json'])).out);
    expect(st.jobs[1]).toMatchObject({ id: 'deep-mnist-maj', state: 'training', epochsDone: 1, epochs: 2, testAccuracy: null });
    expect(st.jobs[0]).toMatchObject({ state: 'pending', epochsDone: 0 });

    // Run again, addressed the way a Kubernetes Indexed Job does.
    process.env.JOB_COMPLETION_INDEX = '1';
    try {
      const again = await run();
      expect(again.code).toBe(0);
      expect(again.out).toContain('job 1 from JOB_COMPLETION_INDEX');
      expect(again.out).toContain('continuing at epoch 2, batch 0');
    } finally {
      delete process.env.JOB_COMPLETION_INDEX;
    }
    for (const f of ['weights.bin', 'optimizer.bin']) expect((await bytes(plan, 'deep-mnist-maj', f)).equals(await bytes(ref, 'deep-mnist-maj', f)), f).toBe(true);
  });

  it('continues a job stopped by SIGTERM in the middle of an epoch at that batch, to the same bytes', async () => {
    const stopped = await spawnRun(['--job', '0'], (text, kill) => {
      if (/epoch 1\/2 batch \d+/.test(text) || /training shallow/.test(text)) setTimeout(() => kill('SIGTERM'), 300);
    });
    expect(stopped.code).toBe(130);
    expect(stopped.text).toMatch(/interrupted at epoch 1, batch \d+/);
    const again = await run('--job', '0');
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/continuing at epoch 1, batch \d+/);
    for (const f of ['weights.bin', 'optimizer.bin']) expect((await bytes(plan, 'shallow-mnist-maj', f)).equals(await bytes(ref, 'shallow-mnist-maj', f)), f).toBe(true);
  });

  it('skips finished jobs and leaves their files alone', async () => {
    const before = await stat(path.join(tmp, 'q', 'runs', 'deep-mnist-maj', 'eval.json'));
    const r = await run();
    expect(r.code).toBe(0);
    expect(r.out).toContain('job 0 (shallow-mnist-maj): done already');
    expect(r.out).toContain('job 1 (deep-mnist-maj): done already');
    expect(r.out).toContain('every job is done');
    expect((await stat(path.join(tmp, 'q', 'runs', 'deep-mnist-maj', 'eval.json'))).mtimeMs).toBe(before.mtimeMs);
  });

  it('reports each job\'s state, epochs and accuracy in status', async () => {
    const st = JSON.parse((await runCommand(zoo, ['status', '--plan', plan, '--json'])).out);
    for (const [i, id] of ['shallow-mnist-maj', 'deep-mnist-maj'].entries()) {
      const model = JSON.parse(await readFile(path.join(tmp, 'q', 'runs', id, 'model.json'), 'utf8'));
      const ev = JSON.parse(await readFile(path.join(tmp, 'q', 'runs', id, 'eval.json'), 'utf8'));
      expect(st.jobs[i]).toMatchObject({ index: i, id, state: 'done', epochsDone: 2, epochs: 2, testAccuracy: model.metrics.testAccuracy, valAccuracy: model.metrics.valAccuracy, bar: 0.98 });
      expect(st.jobs[i].meetsBar).toBe(model.metrics.testAccuracy >= 0.98);
      expect(ev.model.iterations).toBe(model.metrics.iterations);
      expect(ev.n).toBe(30);
      expect(ev.methods.map((m: { id: string }) => m.id)).toEqual(['sensitivity', 'guided-backprop', 'gradient-x-input', 'deep-taylor', 'lrp-alpha-beta']);
      expect(ev.faithfulness.aopc).toMatchObject({ n: 4, steps: 30, patch: 4, fill: 'background' });
      expect(ev.faithfulness.randomisation.n).toBe(2);
    }
    const text = (await runCommand(zoo, ['status', '--plan', plan])).out;
    expect(text).toMatch(/^1 +deep-mnist-maj +done +2\/2 /m);
    expect(text).toContain('2 jobs: 2 done');
  });

  it('publishes the models with their evaluations and the report reads them', async () => {
    const bundle = path.join(tmp, 'bundle');
    await mkdir(bundle);
    // An entry that is not a zoo job stays in the index.
    const foreign = { id: 'my-conv-r-lstm', preset: 'conv-r-lstm', dataset: 'mnist', task: 'maj', T: 12, path: 'my-conv-r-lstm/' };
    await writeFile(path.join(bundle, 'index.json'), JSON.stringify({ models: [foreign] }));
    const pub = await runCommand(zoo, ['publish', '--plan', plan, '--to', bundle]);
    expect(pub.code).toBe(0);
    const index = JSON.parse(await readFile(path.join(bundle, 'index.json'), 'utf8'));
    expect(index.models.map((m: { id: string }) => m.id)).toEqual(['shallow-mnist-maj', 'deep-mnist-maj', 'my-conv-r-lstm']);
    const deep = index.models.find((m: { id: string }) => m.id === 'deep-mnist-maj');
    const model = JSON.parse(await readFile(path.join(bundle, 'deep-mnist-maj', 'model.json'), 'utf8'));
    expect(deep).toMatchObject({ preset: 'deep', dataset: 'mnist', status: 'trained', epochsDone: 2, epochs: 2, testAccuracy: model.metrics.testAccuracy, thesisAccuracy: 0.9816, bar: 0.98, eval: 'eval.json' });
    expect((await readFile(path.join(bundle, 'deep-mnist-maj', 'weights.bin'))).equals(await bytes(plan, 'deep-mnist-maj', 'weights.bin'))).toBe(true);

    const out = path.join(tmp, 'reproduction.md');
    expect((await runCommand(report, ['--models', bundle, '--out', out])).code).toBe(0);
    const md = await readFile(out, 'utf8');
    const acc = (100 * model.metrics.testAccuracy).toFixed(2);
    expect(md).toContain(`| Deep | MNIST-MAJ | ${acc} % | 98.16 % |`);
    expect(md).toContain('| DeepV2 | MNIST-MAJ | — | 98.26 % | | | | | not trained yet |');
    const ev = JSON.parse(await readFile(path.join(bundle, 'deep-mnist-maj', 'eval.json'), 'utf8'));
    const dtd = ev.methods.find((m: { id: string }) => m.id === 'deep-taylor').all.cosine;
    expect(md).toContain(`${dtd.mean.toFixed(3)} [${dtd.lo.toFixed(3)}, ${dtd.hi.toFixed(3)}]`);
    expect((await runCommand(report, ['--models', bundle, '--out', out, '--check'])).code).toBe(0);

    // A run still in training does not replace a finished bundled model that is more accurate.
    const runModel = path.join(tmp, 'q', 'runs', 'deep-mnist-maj', 'model.json');
    const saved = await readFile(runModel, 'utf8');
    const m = JSON.parse(saved);
    m.metrics = { ...m.metrics, complete: false, epochsDone: 1, valAccuracy: 0.01 };
    await writeFile(runModel, JSON.stringify(m));
    const bundled = JSON.parse(await readFile(path.join(bundle, 'deep-mnist-maj', 'model.json'), 'utf8'));
    bundled.metrics.testAccuracy = 0.5;
    await writeFile(path.join(bundle, 'deep-mnist-maj', 'model.json'), JSON.stringify(bundled));
    try {
      const again = await runCommand(zoo, ['publish', '--plan', plan, '--to', bundle]);
      expect(again.out).toContain('deep-mnist-maj: kept the bundled model (test 50.00% against the run\'s 1.00% at epoch 1 of 2)');
      expect(JSON.parse(await readFile(path.join(bundle, 'deep-mnist-maj', 'model.json'), 'utf8')).metrics.testAccuracy).toBe(0.5);
      // …but one that is better than the bundled model is published, marked in training.
      m.metrics.valAccuracy = 0.6;
      await writeFile(runModel, JSON.stringify(m));
      const third = await runCommand(zoo, ['publish', '--plan', plan, '--to', bundle]);
      expect(third.out).toContain('deep-mnist-maj: published from');
      const idx = JSON.parse(await readFile(path.join(bundle, 'index.json'), 'utf8'));
      expect(idx.models.find((e: { id: string }) => e.id === 'deep-mnist-maj')).toMatchObject({ status: 'in-training', epochsDone: 1, valAccuracy: 0.6 });
    } finally {
      await writeFile(runModel, saved);
    }
  });

  it('refuses bad job indices with the range', async () => {
    await expect(run('--job', '2')).rejects.toThrow('--job=2: the plan has jobs 0…1');
    process.env.SLURM_ARRAY_TASK_ID = 'x';
    try {
      await expect(run()).rejects.toThrow('SLURM_ARRAY_TASK_ID=x: the plan has jobs 0…1');
    } finally {
      delete process.env.SLURM_ARRAY_TASK_ID;
    }
  });
});
