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
