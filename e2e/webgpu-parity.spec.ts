/**
 * Issue 4: one cell's explanations on the WebGPU backend (headless Chromium, --enable-unsafe-webgpu,
 * SwiftShader) match the cpu backend. Two pages with the same seeded Deep weights explain the same
 * MNIST-MAJ test sequence with deep-taylor and sensitivity. SwiftShader WebGPU is slow (shader
 * compilation on first use takes tens of seconds), hence one sequence and a generous timeout.
 *
 * Tolerance: |R_webgpu − R_cpu| ≤ 1e-4 · max|R_cpu| per pixel, i.e. 1e-4 relative to the heatmap's
 * scale (relevances here are ~1e-3, so an absolute 1e-4 would hide a 10 % error); |Δlogit| ≤ 1e-4.
 * Measured here: ~6e-10 absolute, ~1e-6 relative, for both methods.
 */
import type { Explanation } from '../src/protocol/messages';
import { expect, test } from './fixtures/test';
import { ExplorerPage } from './pages/explorer-page';

const SEED = 3;
const METHODS = ['deep-taylor', 'sensitivity'] as const;
const ref = { dataset: 'mnist', task: 'maj', split: 'test' } as const;

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
const maxAbs = (a: ArrayLike<number>) => Array.from(a).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** Explains with plain arrays back (typed arrays do not cross page.evaluate). */
async function explainPlain(p: ExplorerPage, index: number, method: string, target: number) {
  return p.page.evaluate(
    async ({ index, method, target, ref }) => {
      const r = await window.__rrx!.call({ kind: 'explain', slot: 'parity', ...ref, index, method, target });
      return { ...r, heatmap: Array.from(r.heatmap) } as Omit<Explanation, 'heatmap'> & { heatmap: number[] };
    },
    { index, method, target, ref },
  );
}

test('deep-taylor and sensitivity on WebGPU (SwiftShader) match the cpu backend within 1e-4 (relative)', async ({ explorer, browser }) => {
  test.setTimeout(420_000);
  // cpu reference, and the sequence to explain: the first with a positive start relevance relu(y_c).
  await explorer.open({ backend: 'cpu', arch: '-' }, { grid: false });
  await expect(explorer.backend).toHaveText('cpu');
  await explorer.call({ kind: 'initModel', slot: 'parity', preset: 'deep', task: 'maj', seed: SEED });
  let index = -1;
  let cpuDt: Awaited<ReturnType<typeof explainPlain>> | null = null;
  for (let i = 0; i < 10 && index < 0; i++) {
    const probe = await explorer.call({ kind: 'explain', slot: 'parity', ...ref, index: i, method: 'deep-taylor', target: 'predicted' });
    if (probe.conservation.target > 0) {
      index = i;
      cpuDt = await explainPlain(explorer, i, 'deep-taylor', probe.target);
    }
  }
  expect(index, 'a sequence whose explained logit is positive').toBeGreaterThanOrEqual(0);
  const target = cpuDt!.target;
  const cpu = { 'deep-taylor': cpuDt!, sensitivity: await explainPlain(explorer, index, 'sensitivity', target) };
  expect(cpu['deep-taylor'].backend).toBe('cpu');
  expect(maxAbs(cpu['deep-taylor'].heatmap)).toBeGreaterThan(0);
  expect(maxAbs(cpu.sensitivity.heatmap)).toBeGreaterThan(0);

  // The same on WebGPU, in a second page.
  const gpuPage = await (await browser.newContext()).newPage();
  const gpu = new ExplorerPage(gpuPage);
  await gpu.open({ backend: 'webgpu', arch: '-' }, { grid: false });
  await expect(gpu.backend).toHaveText('webgpu');
  const hello = await gpuPage.evaluate(() => window.__rrx!.state().worker.hello);
  expect(hello?.backend).toBe('webgpu');
  expect(hello?.webgpu?.architecture).toBe('swiftshader');
  await gpu.call({ kind: 'initModel', slot: 'parity', preset: 'deep', task: 'maj', seed: SEED });

  for (const method of METHODS) {
    const g = await explainPlain(gpu, index, method, target);
    const c = cpu[method];
    expect(g.backend).toBe('webgpu');
    expect(g.target).toBe(target);
    expect(maxAbsDiff(g.logits, c.logits), `${method}: logits`).toBeLessThan(1e-4);
    const tol = 1e-4 * maxAbs(c.heatmap);
    const d = maxAbsDiff(g.heatmap, c.heatmap);
    console.log(`${method}: max |R_webgpu − R_cpu| = ${d.toExponential(2)} (max |R_cpu| = ${maxAbs(c.heatmap).toExponential(2)}, ${g.ms.toFixed(0)} ms on webgpu)`);
    expect(d, `${method}: heatmap`).toBeLessThanOrEqual(tol);
    expect(Math.abs(g.conservation.sum - c.conservation.sum), `${method}: Σ relevance`).toBeLessThanOrEqual(1e-4 * Math.abs(c.conservation.sum));
  }
  await gpuPage.context().close();
});
