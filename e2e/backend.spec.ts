/** The worker chooses the TF.js backend and the footer reports it. */
import { expect, test } from './fixtures/test';

test.describe('backend choice', () => {
  test('prefers WASM when the only WebGPU adapter is SwiftShader', async ({ explorer }) => {
    await explorer.open();
    const hello = await explorer.page.evaluate(() => window.__rrx!.state().worker.hello);
    // Headless Chromium with --enable-unsafe-webgpu: a software adapter only.
    expect(hello?.webgpu).toMatchObject({ architecture: 'swiftshader', isFallback: true });
    expect(hello?.backend).toBe('wasm');
    await expect(explorer.backend).toHaveText('wasm');
    await expect(explorer.page.getByTestId('status.reason')).toContainText('WASM is faster');
  });

  test('?backend=cpu forces the cpu backend', async ({ explorer }) => {
    await explorer.open({ backend: 'cpu' });
    await expect(explorer.backend).toHaveText('cpu');
    await expect(explorer.backend).toHaveAttribute('title', 'forced by ?backend=cpu');
  });

  test('the test API exists only with ?test=1', async ({ explorer, page }) => {
    await page.goto('/');
    await explorer.waitForSample();
    expect(await page.evaluate(() => typeof window.__rrx)).toBe('undefined');
  });
});
