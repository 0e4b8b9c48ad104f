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
