/**
 * Saves are all-or-nothing (docs/model-format.md, "Save protocol"): `rrx train` is killed (SIGKILL)
 * at every step of a save — each temporary written, the journal written, the journal renamed (the
 * commit point), each rename, the journal removed — of the epoch-2 save and of the final save. Every
 * directory it leaves must resume to the weights and Adam state of an uninterrupted run, with no
 * temporary file left behind; none may resume silently from mixed files.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../test/run-command';
import { command as train } from '../cli/commands/train';

const repo = path.resolve(import.meta.dirname, '../..');
const args = ['--arch', 'deep', '--dataset', 'mnist', '--task', 'maj', '--limit', '100', '--epochs', '2', '--json'];
/** Points in one save of the four files of a run: 4 temporaries, journal temporary, commit, 4 renames, journal removed. */
const STEPS = 11;
let tmp = '';
let ref = '';

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'rrx-save-crash-'));
  ref = path.join(tmp, 'ref');
  expect((await runCommand(train, [...args, '--out', ref])).code).toBe(0);
}, 60_000);
afterAll(() => rm(tmp, { recursive: true, force: true }));

function crashRun(out: string, at: string): Promise<{ code: number | null; signal: NodeJS.Signals | null; text: string }> {
  const child = spawn(process.execPath, ['bin/rrx.js', 'train', ...args, '--out', out], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RRX_TEST_CRASH_AT_SAVE_STEP: at } });
  let text = '';
  child.stdout.on('data', (d) => (text += d));
  child.stderr.on('data', (d) => (text += d));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, text })));
}

describe('a save killed at any step', () => {
  for (const save of [2, 3]) {
    for (let step = 1; step <= STEPS; step++) {
      it(`save ${save} (${save === 2 ? 'after epoch 2' : 'the final one'}), step ${step}: resumes to the uninterrupted run's bytes`, async () => {
        const out = path.join(tmp, `s${save}-k${step}`);
        const crashed = await crashRun(out, `${save}:${step}`);
        expect(crashed.signal, crashed.text.slice(-300)).toBe('SIGKILL');
        const resumed = await runCommand(train, ['--resume', '--epochs', '2', '--out', out, '--json']);
        expect(resumed.code).toBe(0);
        for (const f of ['weights.bin', 'optimizer.bin']) {
          expect((await readFile(path.join(out, f))).equals(await readFile(path.join(ref, f))), f).toBe(true);
        }
        const meta = JSON.parse(await readFile(path.join(out, 'model.json'), 'utf8'));
        expect(meta.metrics).toMatchObject({ complete: true, epochsDone: 2 });
        expect((await readdir(out)).sort()).toEqual(['checkpoint.json', 'model.json', 'optimizer.bin', 'weights.bin']);
      }, 60_000);
    }
  }
});
