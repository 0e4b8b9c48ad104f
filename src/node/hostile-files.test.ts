/**
 * A hostile corpus against the Node file reader and the CLI (docs/model-format.md, "Limits"): each
 * case runs `rrx explain` or `rrx train --resume` in a child process and must be refused with a
 * non-zero exit, no stack trace, a first line naming the problem, under 4 KB of output, within
 * seconds and under 1 GB of memory. Valid files (a UTF-8 byte-order mark included) still load.
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../test/run-command';
import { command as train } from '../cli/commands/train';

const repo = path.resolve(import.meta.dirname, '../..');
let tmp = '';
let model = ''; // a valid model directory (trained 1 epoch on 100 sequences, with its checkpoint)

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'rrx-hostile-'));
  model = path.join(tmp, 'valid');
  const r = await runCommand(train, ['--arch', 'deep', '--dataset', 'mnist', '--task', 'maj', '--limit', '100', '--epochs', '1', '--out', model, '--json']);
  expect(r.code).toBe(0);
}, 60_000);
afterAll(() => rm(tmp, { recursive: true, force: true }));

interface Outcome {
  code: number | null;
  out: string;
  seconds: number;
  rssBytes: number | null;
}

/** Runs bin/rrx.js with the peak RSS recorded; killed after 25 s (a hang shows as a null exit code). */
function rrx(args: string[]): Promise<Outcome> {
  const rssFile = path.join(tmp, `rss-${Math.random().toString(36).slice(2)}`);
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', './test/report-rss.mjs', 'bin/rrx.js', ...args], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RRX_RSS_FILE: rssFile, RRX_DEBUG: '' },
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), 25_000);
  return new Promise((resolve) =>
    child.on('close', async (code) => {
      clearTimeout(timer);
      const rss = await readFile(rssFile, 'utf8').then(Number, () => null);
      resolve({ code, out, seconds: (performance.now() - t0) / 1000, rssBytes: rss });
    }),
  );
}

/** A copy of the valid model directory, changed by `mutate`. */
async function variant(name: string, mutate: (dir: string) => Promise<void>): Promise<string> {
  const dir = path.join(tmp, name);
  await cp(model, dir, { recursive: true });
  await mutate(dir);
  return dir;
}

const editJson = (file: string, edit: (j: Record<string, any>) => void) => async (dir: string) => { // eslint-disable-line @typescript-eslint/no-explicit-any
  const j = JSON.parse(await readFile(path.join(dir, file), 'utf8'));
  edit(j);
  await writeFile(path.join(dir, file), JSON.stringify(j));
};

function expectRefused(o: Outcome, firstLine: string | RegExp) {
  expect(o.code, o.out.slice(0, 500)).not.toBe(0);
  expect(o.code).not.toBeNull(); // not killed by the 25 s guard
  const first = o.out.trimStart().split('\n')[0];
  if (typeof firstLine === 'string') expect(first).toContain(firstLine);
  else expect(first).toMatch(firstLine);
  expect(o.out).not.toMatch(/\n\s+at /); // no stack trace
  expect(Buffer.byteLength(o.out)).toBeLessThan(4096);
  expect(o.seconds).toBeLessThan(20); // about 3 s on a quiet machine, most of it Node and TF.js starting
  expect(o.rssBytes).not.toBeNull();
  expect(o.rssBytes!).toBeLessThan(1024 ** 3);
}

const explain = (dir: string) => rrx(['explain', '--model', dir, '--method', 'sensitivity', '--json']);
const resume = (dir: string) => rrx(['train', '--resume', '--out', dir, '--json']);

describe('hostile model files, through rrx explain', () => {
  const cases: [string, (dir: string) => Promise<void>, string | RegExp][] = [
    ['weights.bin a symlink to /dev/zero', async (d) => { await rm(path.join(d, 'weights.bin')); await symlink('/dev/zero', path.join(d, 'weights.bin')); }, /weights\.bin is a device, not a regular file/],
    ['model.json a FIFO', async (d) => { await rm(path.join(d, 'model.json')); execFileSync('mkfifo', [path.join(d, 'model.json')]); }, /model\.json is a FIFO \(named pipe\), not a regular file/],
    ['weights.bin a FIFO', async (d) => { await rm(path.join(d, 'weights.bin')); execFileSync('mkfifo', [path.join(d, 'weights.bin')]); }, /weights\.bin is a FIFO/],
    ['a sparse 1.9 GB weights.bin', async (d) => void execFileSync('truncate', ['-s', '1900000000', path.join(d, 'weights.bin')]), /weights\.bin: has 1900000000 bytes but the manifest's \d+ float32 weights need \d+ bytes \(\d+ extra bytes at the end\)/],
    ['a sparse 1 GiB model.json', async (d) => void execFileSync('truncate', ['-s', String(1024 ** 3), path.join(d, 'model.json')]), /model\.json has 1073741824 bytes; at most 16777216 are accepted/],
    ['weights.bin a directory', async (d) => { await rm(path.join(d, 'weights.bin')); await mkdir(path.join(d, 'weights.bin')); }, /weights\.bin is a directory/],
    ['model.json a symlink loop', async (d) => { await rm(path.join(d, 'model.json')); await symlink('model.json', path.join(d, 'model.json')); }, /model\.json is a loop of symbolic links/],
    ['an empty model.json', async (d) => writeFile(path.join(d, 'model.json'), ''), /model\.json: not valid JSON/],
    ['20,000-deep nesting in a shape', async (d) => { const t = await readFile(path.join(d, 'model.json'), 'utf8'); await writeFile(path.join(d, 'model.json'), t.replace(/"shape":\s*\[[\d,\s]*\]/, `"shape": ${'['.repeat(20_000)}1${']'.repeat(20_000)}`)); }, /model\.json: (weightsManifest\[0\]\.weights\[0\]: weight "[^"]+": "shape" must be a list|nested too deeply)/],
    ['20,000-deep nesting in paths', async (d) => { const t = await readFile(path.join(d, 'model.json'), 'utf8'); await writeFile(path.join(d, 'model.json'), t.replace(/"paths":\s*\[\s*"weights.bin"\s*\]/, `"paths": ${'['.repeat(20_000)}${']'.repeat(20_000)}`)); }, /model\.json: (weightsManifest\[0\]\.paths: must be \["weights\.bin"\], found \[\[\[|nested too deeply)/],
    ['a 10 MB preset string', editJson('model.json', (j) => { j.preset = 'x'.repeat(10_000_000); }), /model\.json: preset: unknown preset "x{20,}…" \(10000000 characters\)/],
    ['a NaN weight', async (d) => { const b = await readFile(path.join(d, 'weights.bin')); b.writeFloatLE(NaN, 8); await writeFile(path.join(d, 'weights.bin'), b); }, /weights\.bin: weight "[^"]+": value NaN at flat index 2/],
    ['metrics that are not numbers', editJson('model.json', (j) => { j.metrics.epochsDone = 'many'; }), /model\.json: metrics\.epochsDone: epochsDone "many" is not a non-negative integer/],
  ];
  for (const [name, mutate, first] of cases) {
    it(`refuses ${name}`, async () => {
      const dir = await variant(name.replace(/\W+/g, '-'), mutate);
      expectRefused(await explain(dir), first);
    }, 40_000);
  }

  it('refuses a model directory behind a file (ENOTDIR), naming the path', async () => {
    const file = path.join(tmp, 'plain-file');
    await writeFile(file, 'x');
    expectRefused(await explain(path.join(file, 'model')), /plain-file\/model cannot be reached: a part of its path is a file, not a directory/);
  }, 40_000);

  it('still loads valid files, a UTF-8 byte-order mark included', async () => {
    const ok = await explain(model);
    expect(ok.code, ok.out.slice(0, 300)).toBe(0);
    const bom = await variant('bom', async (d) => writeFile(path.join(d, 'model.json'), `\uFEFF${await readFile(path.join(d, 'model.json'), 'utf8')}`));
    const r = await explain(bom);
    expect(r.code, r.out.slice(0, 300)).toBe(0);
  }, 40_000);
});

describe('hostile checkpoints and training records, through rrx train --resume', () => {
  const cases: [string, (dir: string) => Promise<void>, string | RegExp][] = [
    ['a negative learning rate', editJson('checkpoint.json', (j) => { j.optimizer.lr = -1; }), /checkpoint\.json: optimizer\.lr: learning rate -1 is not in \(0, 10\]/],
    ['beta1 = 5', editJson('checkpoint.json', (j) => { j.optimizer.beta1 = 5; }), /checkpoint\.json: optimizer\.beta1: beta1 5 is not in \[0, 1\)/],
    ['epsilon = 0', editJson('checkpoint.json', (j) => { j.optimizer.epsilon = 0; }), /checkpoint\.json: optimizer\.epsilon: epsilon 0 is not in \(0, 1\)/],
    ['position.epoch 1e6', editJson('checkpoint.json', (j) => { j.position.epoch = 1e6; }), /checkpoint\.json: position\.epoch 1000000 is beyond the run's 1 epochs/],
    ['a position that does not match the steps', editJson('checkpoint.json', (j) => { j.position = { epoch: 0, batch: 1 }; }), /checkpoint\.json: position \(epoch 0, batch 1\) does not match the 2 steps done at 2 batches per epoch/],
    ['training.seed "x"', editJson('model.json', (j) => { j.training.seed = 'x'; }), /model\.json: training\.seed: seed "x" is not an integer/],
    ['training.shuffle "bogus"', editJson('model.json', (j) => { j.training.shuffle = 'bogus'; }), /model\.json: training\.shuffle: shuffle "bogus" is not one of fixed, epoch/],
    ['training.limit -5', editJson('model.json', (j) => { j.training.limit = -5; }), /model\.json: training\.limit: limit -5 is neither null nor a positive integer/],
    ['training.epochs missing', editJson('model.json', (j) => { delete j.training.epochs; }), /model\.json: training\.epochs is missing/],
    ['optimizer.bin a symlink to /dev/zero', async (d) => { await rm(path.join(d, 'optimizer.bin')); await symlink('/dev/zero', path.join(d, 'optimizer.bin')); }, /optimizer\.bin is a device, not a regular file/],
    ['checkpoint.json a FIFO', async (d) => { await rm(path.join(d, 'checkpoint.json')); execFileSync('mkfifo', [path.join(d, 'checkpoint.json')]); }, /checkpoint\.json is a FIFO/],
    ['weights.bin from another moment', async (d) => { const b = await readFile(path.join(d, 'weights.bin')); b.writeFloatLE(0.5, 0); await writeFile(path.join(d, 'weights.bin'), b); }, /weights\.bin is not the file saved with checkpoint\.json \(its SHA-256 differs\)/],
  ];
  for (const [name, mutate, first] of cases) {
    it(`refuses ${name}`, async () => {
      const dir = await variant(`ck-${name.replace(/\W+/g, '-')}`, mutate);
      expectRefused(await resume(dir), first);
    }, 40_000);
  }

  it('refuses an output directory under /proc at once (Node\'s recursive mkdir loops there)', async () => {
    expectRefused(await rrx(['train', '--arch', 'deep', '--dataset', 'mnist', '--task', 'maj', '--out', '/proc/rrx-test/x']), /cannot write to the output directory \/proc\/rrx-test\/x/);
  }, 40_000);

  it('reads integers as decimal digits only and says how to pass a negative one', async () => {
    expectRefused(await rrx(['explain', '--model', model, '--method', 'sensitivity', '--index', '0x10']), '--index must be an integer in [0, ');
    expectRefused(await rrx(['explain', '--model', model, '--method', 'sensitivity', '--index', '']), '--index must be an integer');
    expectRefused(await rrx(['explain', '--model', model, '--method', 'sensitivity', '--index', '-1']), '--index -1: a value that starts with "-" must be written --index=-1');
  }, 60_000);
});
