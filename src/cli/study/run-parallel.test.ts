/**
 * runParallel: `rrx` child processes, n at a time, each one's lines prefixed with its index; exit codes
 * per index; an interrupt passed on to the running jobs (which save a checkpoint), no new job started.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runParallel } from './run-parallel';

afterEach(() => vi.restoreAllMocks());

describe('runParallel', () => {
  it('runs every index in its own rrx process, in the given order, and returns each exit code', async () => {
    const out: string[] = [];
    const keep = ((s: string) => out.push(String(s)) > 0) as typeof process.stdout.write;
    vi.spyOn(process.stdout, 'write').mockImplementation(keep);
    vi.spyOn(process.stderr, 'write').mockImplementation(keep);
    const started: number[] = [];
    const r = await runParallel([3, 1, 2], 2, (i) => {
      started.push(i);
      return i === 2 ? ['data', '--no-such-option'] : ['data', '--json'];
    }, () => {});
    expect(started).toEqual([3, 1, 2]); // in the given order
    expect([...r.codes.entries()].sort()).toEqual([[1, 0], [2, 2], [3, 0]]);
    expect(r.interrupted).toBe(false);
    const text = out.join('');
    expect(text).toMatch(/^\[job 3\] \{$/m); // rrx data --json, line by line
    expect(text).toMatch(/^\[job 1\] +"formatVersion": 1,$/m);
    expect(text).toContain('[job 2] rrx data: Unknown option');
  });

  it('passes an interrupt on to the running jobs as one SIGTERM each, which save a checkpoint, and starts no other', async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'rrx-parallel-'));
    try {
      let text = '';
      let sent = false;
      const keep = ((s: string) => {
        text += String(s);
        // Both jobs are training (their SIGTERM handler is installed once this line is out): Ctrl-C.
        if (!sent && (text.match(/\] training shallow/g) ?? []).length === 2) {
          sent = true;
          setImmediate(() => process.emit('SIGINT'));
        }
        return true;
      }) as typeof process.stdout.write;
      vi.spyOn(process.stdout, 'write').mockImplementation(keep);
      vi.spyOn(process.stderr, 'write').mockImplementation(keep);
      const started: number[] = [];
      const said: string[] = [];
      const r = await runParallel([0, 1, 2], 2, (i) => {
        started.push(i);
        return ['train', '--arch', 'shallow', '--dataset', 'mnist', '--task', 'maj', '--limit', '2000', '--epochs', '5', '--out', path.join(tmp, String(i))];
      }, (l) => said.push(l));
      expect(r.interrupted).toBe(true);
      expect(started).toEqual([0, 1]);
      expect([...r.codes.entries()].sort()).toEqual([[0, 130], [1, 130]]);
      expect(said[0]).toContain('interrupt: stopping 2 running jobs');
      for (const i of [0, 1]) {
        expect(text).toContain(`[job ${i}] interrupted at epoch 1, batch`);
        expect(JSON.parse(await readFile(path.join(tmp, String(i), 'checkpoint.json'), 'utf8')).position.epoch).toBe(0);
      }
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });
});
