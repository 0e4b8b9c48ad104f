/**
 * `rrx train` end to end on real data (MNIST-MAJ, 300 sequences): a run interrupted by SIGINT and
 * resumed ends with the same bytes as an uninterrupted one; the metadata records the configuration
 * and the test accuracy; bad command lines get clear messages. The process-level Ctrl-C test spawns
 * bin/rrx.js.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadSequenceSet } from '../../node/data';
import { command } from './train';

let tmp = '';
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'rrx-train-cli-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

const base = ['--arch', 'deep', '--dataset', 'mnist', '--task', 'maj', '--limit', '300', '--json'];

/** Runs the command in this process with console output captured; `onLine` sees every stdout line. */
async function runQuiet(argv: string[], onLine: (line: string) => void = () => {}) {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((s: string) => {
    lines.push(s);
    onLine(s);
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(((s: string) => {
    lines.push(String(s));
    onLine(String(s));
    return true;
  }) as typeof process.stderr.write);
  try {
    return { code: await command.run(argv), lines };
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
}

describe('rrx train', () => {
  it('resumes an interrupted run to the same weights and Adam state as an uninterrupted one', async () => {
    const a = path.join(tmp, 'straight');
    const b = path.join(tmp, 'interrupted');
    const straight = await runQuiet([...base, '--epochs', '1', '--out', a]);
    expect(straight.code).toBe(0);

    // Ctrl-C as soon as training has started (the handler is the command's own SIGINT listener).
    const first = await runQuiet([...base, '--epochs', '30', '--out', b], (line) => {
      if (line.startsWith('training deep')) setImmediate(() => process.emit('SIGINT'));
    });
    expect(first.code).toBe(130);
    const ck = JSON.parse(await readFile(path.join(b, 'checkpoint.json'), 'utf8'));
    expect(ck.position.epoch).toBe(0);
    expect(ck.position.batch).toBeLessThan(6);
    expect(JSON.parse(await readFile(path.join(b, 'model.json'), 'utf8')).metrics.complete).toBe(false);

    const resumed = await runQuiet(['--resume', '--epochs', '1', '--out', b, '--json']);
    expect(resumed.code).toBe(0);
    for (const f of ['weights.bin', 'optimizer.bin']) {
      expect((await readFile(path.join(b, f))).equals(await readFile(path.join(a, f))), f).toBe(true);
    }
    const meta = JSON.parse(await readFile(path.join(b, 'model.json'), 'utf8'));
    expect(meta.format).toBe('rrx-model');
    expect(meta.preset).toBe('deep');
    expect(meta.training).toMatchObject({ dataset: 'mnist', task: 'maj', T: 12, lr: 2e-4, batch: 50, epochs: 1, seed: 71, shuffle: 'fixed', limit: 300, backend: 'wasm' });
    expect(meta.training.optimizer).toEqual({ name: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    expect(meta.metrics).toMatchObject({ complete: true, epochsDone: 1, iterations: 6, trainN: 300, valN: 75, testN: 63 });
    expect(meta.metrics.testAccuracy).toBeGreaterThanOrEqual(0);
    expect(meta.metrics.testAccuracy).toBeLessThanOrEqual(1);
    const done = JSON.parse(resumed.lines.filter((l) => l.startsWith('{"event":"done"')).pop()!);
    expect(done.metrics.testAccuracy).toBe(meta.metrics.testAccuracy);

    // A resume may change the learning rate from the next epoch on; model.json records the schedule.
    const slower = await runQuiet(['--resume', '--epochs', '2', '--lr', '1e-4', '--out', a, '--json']);
    expect(slower.code).toBe(0);
    const meta2 = JSON.parse(await readFile(path.join(a, 'model.json'), 'utf8'));
    expect(meta2.training.lr).toBe(2e-4);
    expect(meta2.training.lrSchedule).toEqual([{ fromEpoch: 2, lr: 1e-4 }]);
    expect(meta2.metrics.epochsDone).toBe(2);
    expect(JSON.parse(await readFile(path.join(a, 'checkpoint.json'), 'utf8')).optimizer.lr).toBe(1e-4);
  });

  it('rejects bad command lines with clear messages', async () => {
    await expect(command.run(['--arch', 'deeper', '--dataset', 'mnist', '--task', 'maj', '--out', path.join(tmp, 'x')])).rejects.toThrow('unknown cell id "deeper"; valid ids: shallow, deep');
    await expect(command.run(['--arch', 'deep', '--dataset', 'mnist', '--task', 'seq', '--T', '5', '--out', path.join(tmp, 'x')])).rejects.toThrow(
      '--T 5 does not divide the image width 28 of task seq; valid T: 1, 2, 4, 7, 14, 28',
    );
    await expect(command.run(['--arch', 'deep', '--dataset', 'mnist', '--task', 'maj'])).rejects.toThrow('--out DIR is required');
    await expect(command.run(['--resume', '--seed', '3', '--out', path.join(tmp, 'straight')])).rejects.toThrow('drop --seed');
    await expect(command.run([...base, '--out', path.join(tmp, 'straight')])).rejects.toThrow('already holds a model (model.json); continue it with --resume');
    await expect(command.run([...base, '--out', '/dev/null/sub'])).rejects.toThrow('cannot write to the output directory /dev/null/sub');
    await expect(command.run([...base, '--lr-schedule', '5', '--out', path.join(tmp, 'y')])).rejects.toThrow('--lr-schedule: "5" is not epoch:rate (e.g. 16:3e-4)');
    await expect(command.run([...base, '--lr-schedule', '5:1e-4,3:1e-5', '--out', path.join(tmp, 'y')])).rejects.toThrow('--lr-schedule: epochs must increase (3 after 5)');
    await expect(command.run([...base, '--lr-schedule', '2:0', '--out', path.join(tmp, 'y')])).rejects.toThrow('--lr-schedule: the rate of epoch 2 must be in (0, 10], got 0');
  });

  it('records a learning-rate schedule, and a resume replaces its later steps and may set the rate of the resumed epoch', async () => {
    const dir = path.join(tmp, 'scheduled');
    const first = await runQuiet([...base, '--epochs', '1', '--lr-schedule', '3:1e-4', '--out', dir]);
    expect(first.code).toBe(0);
    const meta1 = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8'));
    expect(meta1.training).toMatchObject({ lr: 2e-4, lrSchedule: [{ fromEpoch: 3, lr: 1e-4 }] });
    const second = await runQuiet(['--resume', '--epochs', '2', '--lr', '5e-4', '--lr-schedule', '4:1e-5', '--out', dir, '--json']);
    expect(second.code).toBe(0);
    const meta2 = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8'));
    expect(meta2.training.lr).toBe(2e-4);
    expect(meta2.training.lrSchedule).toEqual([{ fromEpoch: 2, lr: 5e-4 }, { fromEpoch: 4, lr: 1e-5 }]);
    const ck = JSON.parse(await readFile(path.join(dir, 'checkpoint.json'), 'utf8'));
    expect(ck.optimizer.lr).toBe(5e-4);
  });
});

describe('rrx train --fold', () => {
  it('trains on the other folds of the pooled k-fold, validates and tests on the held-out one, and a resume keeps the fold', async () => {
    const dir = path.join(tmp, 'fold');
    const [train, held] = await Promise.all((['train', 'test'] as const).map((split) => loadSequenceSet({ dataset: 'mnist', task: 'maj', split, fold: 1, k: 3 })));
    expect(train.n + held.n).toBe(70_000);
    const cut = Math.round((300 * held.n) / train.n); // --limit cuts validation and test in proportion
    const r = await runQuiet([...base, '--fold', '1', '--folds', '3', '--epochs', '1', '--out', dir]);
    expect(r.code).toBe(0);
    expect(r.lines.join('\n')).toContain(`training deep (T = 12) on mnist maj (fold 1 of 3 held out): 300 train / ${cut} val / ${cut} test sequences`);
    const meta = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8'));
    expect(meta.training.fold).toEqual({ index: 1, k: 3 });
    expect(meta.metrics).toMatchObject({ trainN: 300, valN: cut, testN: cut });
    expect(cut).not.toBe(75); // the plain split's validation cut: the fold's sets are other ones

    const more = await runQuiet(['--resume', '--epochs', '2', '--out', dir, '--json']);
    expect(more.code).toBe(0);
    const meta2 = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8'));
    expect(meta2.training.fold).toEqual({ index: 1, k: 3 });
    expect(meta2.metrics).toMatchObject({ epochsDone: 2, valN: cut, testN: cut });
  });

  it('rejects a fold outside k, --folds without --fold, and a fold on resume', async () => {
    await expect(command.run([...base, '--fold', '3', '--folds', '3', '--out', path.join(tmp, 'z')])).rejects.toThrow('--fold must be an integer in [0, 2], got "3"');
    await expect(command.run([...base, '--fold', '7', '--out', path.join(tmp, 'z')])).rejects.toThrow('--fold must be an integer in [0, 6]');
    await expect(command.run([...base, '--folds', '3', '--out', path.join(tmp, 'z')])).rejects.toThrow('--folds k needs --fold f');
    await expect(command.run(['--resume', '--fold', '1', '--out', path.join(tmp, 'fold')])).rejects.toThrow('drop --fold');
  });
});

describe('bin/rrx.js train', () => {
  it('saves a checkpoint and exits with 130 on a real SIGINT', async () => {
    const out = path.join(tmp, 'sigint');
    const root = path.resolve(import.meta.dirname, '../../..');
    const child = spawn(process.execPath, ['bin/rrx.js', 'train', ...base, '--epochs', '30', '--out', out], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    const onData = (d: Buffer) => {
      text += d;
      if (text.includes('training deep') && !child.killed) child.kill('SIGINT');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(text).toContain('interrupted at epoch 1, batch');
    expect(code).toBe(130);
    const ck = JSON.parse(await readFile(path.join(out, 'checkpoint.json'), 'utf8'));
    expect(ck.position.epoch).toBe(0);
  });
});
