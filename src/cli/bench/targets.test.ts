/**
 * `rrx bench` (the targets suite): one row per speed target, each with ours, the baseline of the same
 * invocation (a stand-in bench.mjs here), the ratio and whether the target is met. Speed itself is not
 * asserted (timings are the benchmark's business); the figures' arithmetic and shape are.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { judgeOnAdapter, largerBatchRow, runTargets, type TargetRow } from './targets';

let tmp = '';
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'rrx-targets-'));
  await writeFile(
    path.join(tmp, 'bench.mjs'),
    `console.log(JSON.stringify({ backend: process.argv[2], train_b50_ms: 250, lrp_b1_ms: 1.5, lrp_b200_ms: 20,
  train_samples_per_s: 200, lrp_b200_samples_per_s: 10000 }));`,
  );
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('rrx bench (targets)', () => {
  it('prints every target row with ours, the baseline, the ratio and met / not measured', async () => {
    const out: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((s: unknown) => void out.push(String(s)));
    let code: number;
    try {
      code = await runTargets(['--json', '--iters', '1', '--anchor', tmp]);
    } finally {
      spy.mockRestore();
    }
    expect(code).toBe(0);
    const doc = JSON.parse(out.join('\n')) as { suite: string; backend: string; rows: TargetRow[]; baseline: { lrp_b1_ms: number } };
    expect(doc.suite).toBe('targets');
    expect(doc.backend).toBe('wasm');
    expect(doc.rows.map((r) => r.id)).toEqual([
      'explain5:deep',
      'explain5:conv-deep',
      'explain5:r-lstm-sd',
      'explain5:conv-r-lstm-sd',
      'explain-b200:1-thread',
      'explain-b200',
      'train-b50',
      'webgpu-train-b50',
      'webgpu-explain-b200',
    ]);
    const [deep, , , , b200, pooled, train, gpuTrain] = doc.rows;
    expect(deep).toMatchObject({ unit: 'ms', baseline: 7.5, target: 16 });
    expect(deep.ratio).toBeCloseTo(7.5 / deep.ours!, 12);
    expect(deep.met).toBe(deep.ours! <= 16);
    expect(b200).toMatchObject({ unit: 'seq/s', baseline: 10000, target: 3000 });
    expect(b200.ratio).toBeCloseTo(b200.ours! / 10000, 12);
    expect(pooled).toMatchObject({ unit: 'seq/s', baseline: 10000, target: 3000 });
    expect(pooled.note).toMatch(/ExplainPool, \d+ worker threads/);
    expect(train).toMatchObject({ unit: 'seq/s', baseline: 200, target: 1000 });
    expect(train.met).toBe(train.ours! >= 1000);
    expect(gpuTrain).toMatchObject({ ours: null, ratio: null, met: null });
    expect(gpuTrain.note).toMatch(/WebGPU/);
  }, 120_000);

  it('--submit-batch needs --backend webgpu', async () => {
    await expect(runTargets(['--submit-batch', '64', '--no-baseline'])).rejects.toThrow('--submit-batch needs --backend webgpu');
  });
});

describe('the WebGPU rows', () => {
  const row = (over: Partial<TargetRow> = {}): TargetRow => ({
    id: 'webgpu-train-b50', work: 'w', unit: 'seq/s', ours: 100, best: 120, baseline: 50, baselineWork: 'b', ratio: 2, target: 6000, met: false, ...over,
  });
  const swiftshader = { vendor: 'google', architecture: 'swiftshader', device: 'd', description: 'SwiftShader driver', software: true };
  const gpu = { vendor: 'nvidia', architecture: 'hopper', device: 'H100', description: 'NVIDIA', software: false };

  it('are measured but not judged on a software adapter; judged on a GPU; CPU rows and unmeasured rows untouched', () => {
    expect(judgeOnAdapter(row(), swiftshader)).toMatchObject({ met: null, ours: 100, ratio: 2, note: 'software adapter (swiftshader): not a GPU figure' });
    const onGpu = judgeOnAdapter(row(), gpu);
    expect(onGpu.met).toBe(false);
    expect(onGpu.note).toBeUndefined();
    expect(judgeOnAdapter(row({ id: 'train-b50', met: true }), swiftshader)).toMatchObject({ met: true });
    expect(judgeOnAdapter(row({ ours: null, met: null, note: 'n' }), swiftshader)).toMatchObject({ met: null, note: 'n' });
    expect(judgeOnAdapter(row(), null)).toMatchObject({ met: false });
  });

  it('the larger-batch row compares its rate with the baseline rate at 200 per call', () => {
    const r = largerBatchRow(2000, { median: 100, min: 80, dispatches: 293 }, 150);
    expect(r.id).toBe('webgpu-explain-b2000');
    expect(r.ours).toBeCloseTo(20_000, 9);
    expect(r.best).toBeCloseTo(25_000, 9);
    expect(r.baseline).toBeCloseTo(200 / 0.15, 9);
    expect(r.ratio).toBeCloseTo(20_000 / (200 / 0.15), 9);
    expect(r).toMatchObject({ unit: 'seq/s', target: 27000, met: false, dispatches: 293 });
    expect(largerBatchRow(10_000, { median: 200, min: 200 }, null)).toMatchObject({ ours: 50_000, baseline: null, ratio: null, met: true });
  });
});
