/**
 * Training that teaches (issue "The explorer in a lecture hall", item 5): the default run learns
 * visibly within a minute; Resume continues the time and the curves; leaving the page during a run
 * asks first; a reload during a run offers to resume it from the last epoch kept in IndexedDB.
 * Slow: the default run trains for real (its figures are printed and written to
 * test-results/train-default.json).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test';

type Progress = { epoch: number; batch: number; iteration: number; accuracy: number; loss: number; elapsedSeconds: number; seqPerSec: number } | null;
const progressOf = (page: Page) => page.evaluate(() => window.__rrx!.state().train.progress as Progress);

test.describe('training that teaches', () => {
  test('the default run (R-LSTM-SD, 4,000 sequences, 4 epochs, lr 0.003) passes 50 % running accuracy within 60 s of training', async ({ explorer, page }) => {
    test.setTimeout(420_000);
    await explorer.open();
    // The form's defaults, untouched.
    await expect(explorer.train.preset).toHaveValue('r-lstm-sd');
    await expect(explorer.train.limit).toHaveValue('4000');
    await expect(explorer.train.epochs).toHaveValue('4');
    await expect(explorer.train.lr).toHaveValue('0.003');
    const t0 = Date.now();
    await explorer.train.start.click();
    // Sample the running accuracy as the page shows it, with the training time the worker reports.
    const samples: { wall: number; elapsed: number; accuracy: number; epoch: number; iteration: number; seqPerSec: number }[] = [];
    let passed: (typeof samples)[number] | null = null;
    while ((await explorer.train.state.getAttribute('data-state')) !== 'idle' || samples.length === 0) {
      const p = await progressOf(page);
      if (p && samples.at(-1)?.iteration !== p.iteration) {
        const s = { wall: (Date.now() - t0) / 1000, elapsed: p.elapsedSeconds, accuracy: p.accuracy, epoch: p.epoch, iteration: p.iteration, seqPerSec: p.seqPerSec };
        samples.push(s);
        if (!passed && p.accuracy > 0.5 && p.epoch > 1) passed = s; // not one lucky early batch: past the first epoch
      }
      if (Date.now() - t0 > 360_000) break;
      await page.waitForTimeout(250);
    }
    await expect(explorer.train.done).toContainText('Done after 320 steps', { timeout: 60_000 });
    const done = await page.evaluate(() => window.__rrx!.state().train.done!);
    // Its accuracy on 1,000 test sequences (inference mode), through its model card.
    await explorer.waitForGrid();
    const slot = (await explorer.columnSlots()).at(-1)!;
    const card = page.locator(`[data-testid="model.card"][data-slot="${slot}"]`);
    await card.getByTestId('model.evaluate').click();
    await expect(card.getByTestId('model.accuracy')).toContainText('on 1,000 MNIST-MAJ test sequences', { timeout: 120_000 });
    const test1000 = await page.evaluate((s) => window.__rrx!.state().models.slots[s].evaluation?.accuracy ?? null, slot);
    const figures = {
      trainingSeconds: done.seconds,
      wallSecondsToDone: samples.at(-1)?.wall,
      steps: done.iterations,
      finalRunningAccuracy: done.accuracy,
      firstAbove50: passed,
      medianSeqPerSec: samples.map((s) => s.seqPerSec).sort((a, b) => a - b)[Math.floor(samples.length / 2)],
      testAccuracyOn1000: test1000,
      perEpochLastRunningAccuracy: [1, 2, 3, 4].map((e) => samples.filter((s) => s.epoch === e).at(-1)?.accuracy ?? null),
    };
    console.log(`default training: ${JSON.stringify(figures)}`);
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/train-default.json', JSON.stringify({ figures, samples }, null, 1));
    expect(passed, 'the running accuracy never passed 50 % after the first epoch').not.toBeNull();
    expect(passed!.elapsed).toBeLessThanOrEqual(60);
    expect(test1000).toBeGreaterThan(0.5);
  });

  test('Resume continues the elapsed time and the running accuracy of the epoch', async ({ explorer, page }) => {
    test.setTimeout(180_000);
    await explorer.open({ arch: '-' }, { grid: false });
    await explorer.train.preset.selectOption('shallow');
    await explorer.train.limit.fill('5000');
    await explorer.train.epochs.fill('2');
    await explorer.train.batchSize.fill('10');
    await explorer.train.lr.fill('0.003');
    await explorer.train.start.click();
    // Well into the first epoch (the running accuracy is an average over many batches by then).
    await expect.poll(async () => (await progressOf(page))?.batch ?? 0, { timeout: 120_000 }).toBeGreaterThanOrEqual(40);
    await explorer.train.pause.click();
    await expect(explorer.train.state).toHaveText('paused');
    await page.waitForTimeout(300); // the loop's last reading (at the pause) has arrived
    const before = (await progressOf(page))!;
    const timeText = await explorer.train.time.textContent();
    await page.waitForTimeout(3000); // paused: not training time
    await expect(explorer.train.time).toHaveText(timeText!);
    await explorer.train.resume.click();
    await expect.poll(async () => (await progressOf(page))?.iteration ?? 0, { timeout: 60_000 }).toBeGreaterThan(before.iteration);
    const after = (await progressOf(page))!;
    console.log(`resume: before ${JSON.stringify(before)}, first after ${JSON.stringify(after)}`);
    expect(after.epoch).toBe(before.epoch);
    // The time goes on from where it stood (the 3 s pause not counted), it does not restart at 0.
    expect(after.elapsedSeconds).toBeGreaterThanOrEqual(before.elapsedSeconds);
    expect(after.elapsedSeconds - before.elapsedSeconds).toBeLessThan(2.5);
    // The first running accuracy after the resume averages the whole epoch so far, as before the pause:
    // a few more batches move it by a few points at most.
    expect(Math.abs(after.accuracy - before.accuracy)).toBeLessThan(0.03);
    expect(Math.abs(after.loss - before.loss)).toBeLessThan(0.1);
    // The curve goes on without a gap: its steps only increase.
    const steps = await page.evaluate(() => window.__rrx!.state().train.curve.map((p) => p.iteration));
    expect(steps.every((s, i) => i === 0 || s >= steps[i - 1])).toBe(true);
    await explorer.train.stop.click();
    await expect(explorer.train.done).toContainText('Stopped after', { timeout: 60_000 });
  });

  test('a reload during training asks first, then offers to resume from the last epoch kept in IndexedDB', async ({ explorer, page }) => {
    test.setTimeout(240_000);
    await explorer.open({ arch: '-' }, { grid: false });
    await explorer.train.preset.selectOption('shallow');
    await explorer.train.limit.fill('400');
    await explorer.train.epochs.fill('4');
    await explorer.train.batchSize.fill('20'); // 20 batches an epoch
    await explorer.train.lr.fill('0.003');
    await explorer.train.start.click();
    await expect(explorer.train.checkpoint).toHaveAttribute('data-epoch', /^[12]$/, { timeout: 120_000 });
    await expect(explorer.train.checkpoint).toContainText('kept in this browser');
    // Leaving the page during a run asks first: the browser's beforeunload dialog.
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.type());
      void d.accept();
    });
    const curveBefore = await page.evaluate(() => window.__rrx!.state().train.curve.length);
    await page.reload();
    expect(dialogs).toEqual(['beforeunload']);
    await explorer.waitReady({ grid: false });
    await expect(explorer.train.interrupted).toBeVisible({ timeout: 30_000 });
    const kept = Number(await explorer.train.interrupted.getAttribute('data-epoch'));
    expect(kept).toBeGreaterThanOrEqual(1);
    await expect(explorer.train.interrupted).toContainText(`epoch ${kept} of 4 done`);
    await expect(explorer.train.state).toHaveText('idle'); // nothing trains until asked
    mkdirSync('test-results/screenshots', { recursive: true });
    for (const size of [{ width: 1024, height: 768 }, { width: 1280, height: 800 }]) {
      await page.setViewportSize(size);
      await page.getByTestId('train.panel').screenshot({ path: `test-results/screenshots/train-interrupted-${size.width}x${size.height}.png` });
    }
    await explorer.train.resumeInterrupted.click();
    // Continues from the kept epoch: the first reading after it is of the next epoch, steps counted
    // from there (read from the curve, which keeps every reading: a quick machine may be further on).
    const readCurve = () => page.evaluate(() => window.__rrx!.state().train.curve);
    await expect.poll(async () => (await readCurve()).some((p) => p.epoch > kept), { timeout: 60_000 }).toBe(true);
    const first = (await readCurve()).find((p) => p.epoch > kept)!;
    expect(first.epoch).toBe(kept + 1);
    expect(first.iteration).toBeGreaterThan(20 * kept);
    expect(first.iteration).toBeLessThanOrEqual(20 * (kept + 1));
    // The kept curve came back: 10 readings an epoch (every 2 of 20 batches) up to the kept epoch.
    const curve = await page.evaluate(() => window.__rrx!.state().train.curve);
    expect(curve.filter((p) => p.epoch <= kept)).toHaveLength(10 * kept);
    expect(curveBefore).toBeGreaterThanOrEqual(10 * kept);
    expect(curve[0].iteration).toBe(2);
    await expect(explorer.train.done).toContainText('Done after 80 steps', { timeout: 180_000 });
    await expect(explorer.train.saved).toContainText('saved in this browser and added to the grid');
    // The run is over: after another reload nothing is offered.
    await page.reload();
    await explorer.waitReady({ grid: false });
    await page.waitForTimeout(500);
    await expect(explorer.train.interrupted).toHaveCount(0);
  });
});
