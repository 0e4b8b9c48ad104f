import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAnchor, REPO_ROOT, runBaseline } from './baseline';

let tmp = '';
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'rrx-baseline-'));
  // A stand-in for bench.mjs: echoes its arguments and environment in the same JSON shape.
  await writeFile(
    path.join(tmp, 'bench.mjs'),
    `console.log('warming up');
console.log(JSON.stringify({ backend: process.argv[2], train_b50_ms: Number(process.argv[3]) * 10 + Number(process.env.BT),
  lrp_b1_ms: 1.5, lrp_b200_ms: 20, train_samples_per_s: 1, lrp_b200_samples_per_s: 2, wasmDirSet: !!process.env.WASM_DIR,
  cwdInNodeModules: process.cwd().includes('node_modules') }));`,
  );
  await writeFile(path.join(tmp, 'fail.mjs'), `console.error('boom: no backend'); process.exit(3);`);
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('runBaseline', () => {
  it('runs bench.mjs with <backend> <iters>, BT and WASM_DIR from node_modules/.cache, and parses its JSON line', async () => {
    const r = await runBaseline({ backend: 'cpu', iters: 3, batch: 7, anchor: tmp });
    expect(r.backend).toBe('cpu');
    expect(r.train_b50_ms).toBe(37);
    expect(r.lrp_b1_ms).toBe(1.5);
    expect(r.batch).toBe(7);
    expect(r.anchor).toBe(path.join(tmp, 'bench.mjs'));
    expect((r as unknown as { wasmDirSet: boolean }).wasmDirSet).toBe(true);
    expect((r as unknown as { cwdInNodeModules: boolean }).cwdInNodeModules).toBe(true);
    expect(r.command).toMatch(/^BT=7 WASM_DIR=\S+ node \S+\.mjs cpu 3$/);
    const left = await readdir(path.join(REPO_ROOT, 'node_modules', '.cache', 'rrx-anchor'));
    expect(left.filter((f) => f.startsWith(`bench-${process.pid}-`))).toEqual([]);
  });

  it('reports a failing baseline with its stderr, and a missing one with where it looked', async () => {
    await expect(runBaseline({ anchor: path.join(tmp, 'fail.mjs') })).rejects.toThrow('the naive baseline failed (exit 3): boom: no backend');
    expect(() => findAnchor(path.join(tmp, 'nowhere'))).toThrow(`the naive baseline bench.mjs was not found (looked at ${path.join(tmp, 'nowhere')}`);
  });
});
