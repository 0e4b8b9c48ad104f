/** Issue 5, step 5: training in the page, live curves, and the trained model in the grid and in IndexedDB. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Download } from '@playwright/test';
import { expect, test } from './fixtures/test';
import { badScores } from './pages/explorer-page';

test.describe('training in the page', () => {
  test('a few training steps update the curves; the model is saved, joins the grid and can be explained', async ({ explorer, page }) => {
    await explorer.open({ arch: 'deep' });
    await explorer.train.preset.selectOption('deep');
    await explorer.train.limit.fill('100');
    await explorer.train.epochs.fill('1');
    await explorer.train.batchSize.fill('20');
    await explorer.train.lr.fill('0.0002');
    await explorer.train.start.click();
    await expect(explorer.train.done).toContainText('Done after 5 steps', { timeout: 60_000 });
    await expect(explorer.train.state).toHaveText('idle');
    // Progress arrives every 2 batches: at least two points on the curves.
    expect(Number(await explorer.train.curves.getAttribute('data-points'))).toBeGreaterThanOrEqual(2);
    const loss = Number(await explorer.train.loss.textContent());
    expect(loss).toBeGreaterThan(0.5); // 11-way cross-entropy of an almost untrained net is near ln 11 ≈ 2.4
    expect(loss).toBeLessThan(5);
    await expect(explorer.train.backend).toHaveText('wasm');
    await expect(explorer.train.saved).toContainText('saved in this browser and added to the grid');
    // The new column: explained with every method, with cosine scores.
    await explorer.waitForGrid();
    const slots = await explorer.columnSlots();
    expect(slots).toHaveLength(2);
    expect(slots[1]).toMatch(/^u:t/);
    const cells = (await explorer.cells()).filter((c) => c.slot === slots[1]);
    expect(cells).toHaveLength(5);
    // Scores in [0, 1]; n/a only where an LRP method explains an output ≤ 0 (possible after 5 steps).
    expect(badScores(cells)).toEqual([]);
    const card = page.locator(`[data-testid="model.card"][data-slot="${slots[1]}"]`);
    await expect(card.getByTestId('model.training')).toContainText('MNIST-MAJ · 100 seq · 1 epoch · lr 0.0002 · batch 20');
    // The model trained in the browser, downloaded, loads in Node: the CLI explains a sequence with it.
    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await card.getByTestId('model.download').click();
    await expect.poll(() => downloads.length).toBe(2);
    const dir = mkdtempSync(path.join(tmpdir(), 'rrx-browser-model-'));
    for (const d of downloads) await d.saveAs(path.join(dir, d.suggestedFilename()));
    const out = JSON.parse(execFileSync(process.execPath, ['bin/rrx.js', 'explain', '--model', dir, '--method', 'deep-taylor', '--index', '0', '--json'], { encoding: 'utf8' }));
    expect(out.relevance).toHaveLength(28);
    expect(out.relevance[0]).toHaveLength(84);
    expect(out.conservation.logit).toEqual(expect.any(Number));
    // Evaluate it, then reload: the model comes back from IndexedDB (the URL names it).
    await card.getByTestId('model.evaluate').click();
    await expect(card.getByTestId('model.accuracy')).toContainText('on 1,000 MNIST-MAJ test sequences', { timeout: 60_000 });
    await expect.poll(() => new URL(page.url()).searchParams.get('user')).toBe(slots[1].slice(2));
    await page.reload();
    await explorer.waitReady();
    expect(await explorer.columnSlots()).toEqual(slots);
    await expect(page.locator(`[data-testid="model.card"][data-slot="${slots[1]}"]`).getByTestId('model.accuracy')).toContainText('test ');
  });

  test('pauses, resumes and stops a run; the stopped model is kept and explained', async ({ explorer }) => {
    await explorer.open({ arch: '-' }, { grid: false });
    await explorer.train.preset.selectOption('shallow');
    // 5,000 sequences × 5 epochs in batches of 10: far more steps than the test lets run.
    await explorer.train.limit.fill('5000');
    await explorer.train.epochs.fill('5');
    await explorer.train.batchSize.fill('10');
    await explorer.train.start.click();
    await expect(explorer.train.batch).toHaveText(/^\d+ \/ 500$/, { timeout: 60_000 });
    await explorer.train.pause.click();
    await expect(explorer.train.state).toHaveText('paused');
    await explorer.train.resume.click();
    await expect(explorer.train.state).toHaveText('running');
    await explorer.train.stop.click();
    await expect(explorer.train.done).toContainText('Stopped after', { timeout: 60_000 });
    await expect(explorer.train.state).toHaveText('idle');
    await expect(explorer.train.saved).toContainText('(stopped): saved in this browser');
    await explorer.waitForGrid();
    const cells = await explorer.cells();
    expect(cells).toHaveLength(5);
    expect(cells[0].slot).toMatch(/^u:t/);
  });
});
