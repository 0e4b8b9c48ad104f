/** Issue 5, step 6: when the worker dies the page restarts it, reloads the current models and says so. */
import { expect, test } from './fixtures/test';

test('a crashed worker is restarted, its models reloaded, and the grid runs again', async ({ explorer, page }) => {
  await explorer.open();
  const slots = await explorer.columnSlots();
  const hashes = await explorer.heatmapHashes();
  await page.evaluate(() => window.__rrx!.crashWorker('simulated crash'));
  await expect(page.getByTestId('status.bar')).toHaveAttribute('data-restarts', '1', { timeout: 30_000 });
  await expect(explorer.notice).toContainText('The worker stopped (', { timeout: 30_000 });
  await expect(explorer.notice).toContainText('simulated crash');
  await expect(explorer.notice).toContainText(`restarted and ${slots.length} models reloaded`, { timeout: 60_000 });
  await explorer.waitForGrid();
  expect(await explorer.columnSlots()).toEqual(slots);
  expect((await explorer.call({ kind: 'memory' })).slots.sort()).toEqual([...slots].sort());
  // The same models on the same sequence draw the same heatmaps as before the crash.
  expect(await explorer.heatmapHashes()).toEqual(hashes);
  // And the page keeps working: an edit updates the grid.
  await explorer.stroke(2, [
    [4, 4],
    [24, 24],
  ]);
  await explorer.waitForGrid();
  expect(await explorer.heatmapHashes()).not.toEqual(hashes);
});

test('a GPU device lost again and again: restarts with back-off, at most 3, then another backend, and the status bar says so', async ({ explorer, page }) => {
  test.setTimeout(180_000);
  // WebGPU forced (SwiftShader here); no column, so each restart is quick.
  await explorer.open({ backend: 'webgpu', arch: '-' }, { grid: false });
  await expect(explorer.backend).toHaveText('webgpu');
  const history = () => page.evaluate(() => window.__rrx!.workerHistory());
  const ups = async () => (await history()).filter((e) => e.type === 'up').length;
  for (let k = 1; k <= 4; k++) {
    // A real loss: the worker destroys its WebGPU device once it runs on it.
    await page.waitForFunction(() => {
      const w = window.__rrx!.state().worker;
      return w.status === 'ready' && w.hello?.backend === 'webgpu';
    }, null, { timeout: 60_000 });
    // (Its answer may lose the race with the loss it causes: the call is then cancelled.)
    await page.evaluate(() =>
      window.__rrx!.loseGpuDevice().catch((e: { code?: string }) => {
        if (e.code !== 'cancelled') throw e;
      }),
    );
    await expect.poll(ups, { timeout: 60_000 }).toBe(k);
  }
  const h = await history();
  const downs = h.filter((e) => e.type === 'down');
  // Three restarts on WebGPU with back-off 0.5 s, 1 s, 2 s, then WebGPU is given up.
  expect(downs.map((e) => [e.action, e.backend, e.failures, e.delayMs])).toEqual([
    ['restart', 'webgpu', 1, 500],
    ['restart', 'webgpu', 2, 1000],
    ['restart', 'webgpu', 3, 2000],
    ['switch', 'webgpu', 4, 500],
  ]);
  // Each fresh worker started no earlier than its back-off after the loss.
  for (const [i, d] of downs.entries()) {
    const up = h[h.indexOf(d) + 1];
    expect(up.type).toBe('up');
    expect(up.at - d.at).toBeGreaterThanOrEqual(d.delayMs! - 1);
  }
  await expect(explorer.notice).toContainText('WebGPU device lost 4 times; switched to WASM.', { timeout: 60_000 });
  await expect(explorer.backend).toHaveText('wasm');
  await expect(page.getByTestId('status.bar')).toHaveAttribute('data-restarts', '4');
  expect(await page.evaluate(() => window.__rrx!.state().worker.avoid)).toEqual(['webgpu']);
  // No further restart happens by itself, and the page works on the new backend: a bundled model explains.
  expect((await history()).length).toBe(8);
  await page.evaluate(() => window.__rrx!.actions().setArch(['deep']));
  await explorer.waitForGrid(90_000);
  const cells = await explorer.cells();
  expect(cells.filter((c) => c.slot === 'b:deep-mnist-maj')).toHaveLength(5);
  expect(await page.evaluate(() => window.__rrx!.state().grid.results['b:deep-mnist-maj'].backend)).toBe('wasm');
});

test('the training form shows why it cannot start instead of sending a bad request', async ({ explorer }) => {
  await explorer.open({ arch: '-' }, { grid: false });
  await explorer.train.batchSize.fill('5000');
  const invalid = explorer.page.getByTestId('train.invalid');
  await expect(invalid).toHaveText('Batch size must be an integer in [1, 1000], got 5000');
  await expect(explorer.train.start).toBeDisabled();
  await explorer.train.batchSize.fill('50');
  await explorer.train.epochs.fill('0');
  await expect(invalid).toHaveText('Epochs must be an integer in [1, 1000], got 0');
  await explorer.train.epochs.fill('1');
  await expect(invalid).toHaveCount(0);
  await expect(explorer.train.start).toBeEnabled();
});
