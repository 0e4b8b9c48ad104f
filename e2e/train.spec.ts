/** Issue 3: training a cell in the worker from the page, with progress, pause, resume and stop. */
import { expect, test } from './fixtures/test';

test.describe('training', () => {
  test('trains Deep on 100 sequences for one epoch and makes it the current model', async ({ explorer }) => {
    await explorer.open();
    await explorer.train.preset.selectOption('deep');
    await explorer.train.limit.fill('100');
    await explorer.train.epochs.fill('1');
    await explorer.train.start.click();
    await expect(explorer.train.done).toContainText('Done after 2 steps', { timeout: 60_000 });
    await expect(explorer.train.state).toHaveText('idle');
    const loss = Number(await explorer.train.loss.textContent());
    expect(loss).toBeGreaterThan(0.5); // 11-way cross-entropy of an untrained net is near ln 11 ≈ 2.4
    expect(loss).toBeLessThan(5);
    await expect(explorer.train.accuracy).toHaveText(/^\d{1,3}\.\d %$/);
    expect(Number((await explorer.train.speed.textContent())?.replace(/,/g, ''))).toBeGreaterThan(0);
    await expect(explorer.train.backend).toHaveText('wasm');
    await expect(explorer.train.batch).toHaveText('2 / 2');
    await expect(explorer.model.current).toHaveAttribute('data-source', 'trained');
    await expect(explorer.model.name).toHaveText('Deep');
  });

  test('pauses, resumes and stops a run; the partly trained cell becomes current', async ({ explorer }) => {
    await explorer.open();
    await explorer.train.preset.selectOption('shallow');
    // 5,000 sequences × 5 epochs in batches of 10: far more steps than the test lets run.
    await explorer.train.limit.fill('5000');
    await explorer.train.epochs.fill('5');
    await explorer.train.batchSize.fill('10');
    await explorer.train.start.click();
    await expect(explorer.train.batch).toHaveText(/^\d+ \/ 500$/, { timeout: 60_000 });
    await explorer.train.pause.click();
    await expect(explorer.train.state).toHaveText('paused');
    await expect(explorer.train.resume).toBeEnabled();
    await explorer.train.resume.click();
    await expect(explorer.train.state).toHaveText('running');
    await explorer.train.stop.click();
    await expect(explorer.train.done).toContainText('Stopped after', { timeout: 60_000 });
    await expect(explorer.train.state).toHaveText('idle');
    await expect(explorer.model.current).toHaveAttribute('data-source', 'trained');
    await expect(explorer.model.name).toHaveText('Shallow');
  });
});
