/**
 * The CLI on WebGPU in Node (Dawn, the `webgpu` package), on Chromium's SwiftShader Vulkan driver: the
 * path `rrx bench --backend webgpu` takes on a GPU machine. Each run is a child process, because the
 * backend is chosen once per process. SwiftShader is slow, so the work is small; the figures must
 * match the cpu backend's within the tolerance of e2e/webgpu-parity.spec.ts.
 *
 * Needs Debian's chromium (its libvulkan.so.1 and libvk_swiftshader.so), which .ci/run installs.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PARITY_TOLERANCE, relDiff } from '../cli/bench/targets';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = '/usr/lib/chromium';
const ICD = path.join(CHROMIUM, 'vk_swiftshader_icd.json');
const MODEL = path.join(ROOT, 'public/models/deep-mnist-maj');
const haveSwiftShader = existsSync(ICD) && existsSync(path.join(CHROMIUM, 'libvulkan.so.1'));

function rrx(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'bin/rrx.js'), ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 64 << 20, timeout: 240_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out: stdout, err: stderr }),
    );
  });
}

const swiftShader = { LD_LIBRARY_PATH: CHROMIUM, VK_ICD_FILENAMES: ICD, VK_DRIVER_FILES: ICD };
const maxAbsDiff = (a: number[], b: number[]) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

describe.skipIf(!haveSwiftShader)('WebGPU in Node through Dawn (SwiftShader)', () => {
  it('says how to get an adapter when Dawn finds none', async () => {
    const r = await rrx(['explain', '--model', MODEL, '--method', 'sensitivity', '--json', '--backend', 'webgpu'], {
      LD_LIBRARY_PATH: CHROMIUM,
      VK_ICD_FILENAMES: '/nonexistent/icd.json',
      VK_DRIVER_FILES: '/nonexistent/icd.json',
    });
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/Dawn found no WebGPU adapter/);
    expect(r.err).toMatch(/VK_ICD_FILENAMES/);
  }, 120_000);

  for (const method of ['deep-taylor', 'guided-backprop']) {
    it(`rrx explain --backend webgpu matches the cpu backend (${method} on the bundled Deep)`, async () => {
      const args = ['explain', '--model', MODEL, '--method', method, '--json'];
      const [g, c] = await Promise.all([rrx([...args, '--backend', 'webgpu'], swiftShader), rrx([...args, '--backend', 'cpu'])]);
      expect(g.code, g.err).toBe(0);
      expect(c.code, c.err).toBe(0);
      const gpu = JSON.parse(g.out);
      const cpu = JSON.parse(c.out);
      expect(gpu.backend).toBe('webgpu');
      expect(cpu.backend).toBe('cpu');
      expect(maxAbsDiff(gpu.logits, cpu.logits)).toBeLessThan(1e-4);
      const heat = (d: { relevance: number[][] }) => d.relevance.flat();
      expect(relDiff(heat(gpu), heat(cpu))).toBeLessThanOrEqual(PARITY_TOLERANCE); // max|Δ| ≤ 1e-4 · max|cpu|
      expect(Math.abs(gpu.conservation.sum - cpu.conservation.sum)).toBeLessThanOrEqual(1e-4 * Math.abs(cpu.conservation.sum) + 1e-6);
    }, 240_000);
  }

  it('rrx bench train --backend webgpu runs a training step on the GPU backend and counts its dispatches', async () => {
    const r = await rrx(['bench', 'train', '--backend', 'webgpu', '--cells', 'deep', '--batch', '4', '--iters', '1', '--no-baseline', '--json'], swiftShader);
    expect(r.code, r.err).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.backend).toBe('webgpu');
    expect(doc.cells).toHaveLength(1);
    expect(doc.cells[0].stepMs).toBeGreaterThan(0);
    expect(Number.isFinite(doc.cells[0].stepMs)).toBe(true);
    // Counted at Dawn's dispatchWorkgroups: a training step is a few hundred dispatches (docs/benchmarks.md).
    expect(Number.isInteger(doc.cells[0].dispatchesPerStep)).toBe(true);
    expect(doc.cells[0].dispatchesPerStep).toBeGreaterThan(100);
  }, 240_000);
});
