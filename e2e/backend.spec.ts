/** The worker chooses the TF.js backend and the footer reports it. */
import { expect, test } from './fixtures/test';

test.describe('backend choice', () => {
  test('prefers WASM when the only WebGPU adapter is SwiftShader', async ({ explorer }) => {
    await explorer.open({ backend: '' }, { grid: false }); // no ?backend: the worker's own choice
    const hello = await explorer.page.evaluate(() => window.__rrx!.state().worker.hello);
    // Headless Chromium with --enable-unsafe-webgpu: a software adapter only.
    expect(hello?.webgpu).toMatchObject({ architecture: 'swiftshader', isFallback: true });
    expect(hello?.backend).toBe('wasm');
    await expect(explorer.backend).toHaveText('wasm');
    await expect(explorer.page.getByTestId('status.reason')).toContainText('WASM is faster');
    // One candidate (no hardware GPU backend): nothing is measured, the order decides.
    expect(hello?.choice ?? null).toBeNull();
    await expect(explorer.page.getByTestId('status.reason')).toHaveAttribute('data-choice', 'order');
  });

  test('with two candidates (SwiftShader WebGPU and WASM) the worker times both, explains on the faster, and a second load uses the cached timings', async ({ explorer, page }) => {
    test.setTimeout(300_000);
    // ?candidates= makes the software adapter a candidate; the work timed is the grid's methods (one here: SwiftShader compiles slowly).
    await explorer.open({ backend: '', candidates: 'webgpu,wasm', methods: 'sensitivity', arch: '-' }, { grid: false });
    const first = await page.evaluate(() => window.__rrx!.state().worker.hello);
    expect(first?.choice).toMatchObject({ work: 'grid', cached: false, chosen: 'wasm' });
    expect(first!.choice!.timings.map((t) => t.backend)).toEqual(['wasm', 'webgpu']);
    const [wasm, webgpu] = first!.choice!.timings.map((t) => t.ms!);
    expect(wasm).toBeGreaterThan(0);
    expect(webgpu).toBeGreaterThan(wasm); // software WebGPU is far slower than WASM
    await expect(explorer.backend).toHaveText('wasm');
    const reason = page.getByTestId('status.reason');
    await expect(reason).toHaveAttribute('data-choice', 'measured');
    await expect(reason).toContainText('per grid update, measured on this device now: WASM is faster');
    // A second load on this device: the timings come from the cache, nothing is measured again.
    await page.reload();
    await explorer.waitReady({ grid: false });
    const second = await page.evaluate(() => window.__rrx!.state().worker.hello);
    expect(second?.choice).toMatchObject({ work: 'grid', cached: true, chosen: 'wasm', measuredAt: first!.choice!.measuredAt });
    expect(second!.choice!.timings).toEqual(first!.choice!.timings);
    await expect(reason).toHaveAttribute('data-choice', 'cached');
    await expect(reason).toContainText('measured on this device earlier: WASM is faster');
  });

  test('?backend=cpu forces the cpu backend', async ({ explorer }) => {
    await explorer.open({ backend: 'cpu', arch: '-' }, { grid: false });
    await expect(explorer.backend).toHaveText('cpu');
    await expect(explorer.backend).toHaveAttribute('title', 'forced by ?backend=cpu');
  });

  test('the test API exists only with ?test=1', async ({ explorer, page }) => {
    await page.goto('/?arch=-');
    await expect(explorer.page.getByTestId('sequence.blocks')).not.toHaveAttribute('data-version', '0', { timeout: 60_000 });
    expect(await page.evaluate(() => typeof window.__rrx)).toBe('undefined');
  });
});
