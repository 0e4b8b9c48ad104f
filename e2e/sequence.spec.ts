/** Issue 2: the first page shows real MAJ test sequences and lets the user move through them. */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures/test';

test.describe('sequence viewer', () => {
  test('opens with a non-blank MAJ sequence, its label and a two-of-three mask', async ({ explorer, page }) => {
    await explorer.open();
    await expect(page).toHaveTitle('Recurrent Relevance Explorer');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Recurrent Relevance Explorer');
    const px = await explorer.canvasStats();
    expect([px.width, px.height]).toEqual([84, 28]);
    // MNIST: mostly black background with white strokes of many grey levels.
    expect(px.distinct).toBeGreaterThan(20);
    expect(px.ink).toBeGreaterThan(0.05);
    expect(px.ink).toBeLessThan(0.6);
    const mask = await explorer.maskValues();
    expect(mask).toHaveLength(3);
    expect(mask.reduce((a, b) => a + b, 0)).toBe(2);
    expect(await explorer.labelValue()).toBeGreaterThanOrEqual(0);
    await expect(explorer.count).toHaveText('of 10,000');
    // Scaled by CSS, pixelated.
    const css = await explorer.canvas.evaluate((el) => ({ w: el.getBoundingClientRect().width, r: getComputedStyle(el).imageRendering }));
    expect(css).toEqual({ w: 84 * 6, r: 'pixelated' });
  });

  test('switching dataset changes the image and the label', async ({ explorer }) => {
    await explorer.open();
    // Find an index whose MNIST and Fashion labels differ, so the label must change.
    const labels = await explorer.page.evaluate(async () => {
      const out: [number, number][] = [];
      for (let i = 0; i < 5; i++) {
        const m = await window.__rrx!.call({ kind: 'getSample', dataset: 'mnist', task: 'maj', split: 'test', index: i });
        const f = await window.__rrx!.call({ kind: 'getSample', dataset: 'fashion', task: 'maj', split: 'test', index: i });
        out.push([m.label, f.label]);
      }
      return out;
    });
    const i = labels.findIndex(([m, f]) => m !== f);
    expect(i).toBeGreaterThanOrEqual(0);
    await explorer.goToIndex(i);
    const before = { px: await explorer.canvasStats(), label: await explorer.label.textContent() };
    expect(before.label).toBe(String(labels[i][0]));
    await explorer.chooseDataset('fashion');
    await explorer.waitForSample(i, 'fashion');
    const after = { px: await explorer.canvasStats(), label: await explorer.label.textContent() };
    expect(after.px.hash).not.toBe(before.px.hash);
    expect(after.px.distinct).toBeGreaterThan(20);
    const classNames = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
    expect(after.label).toBe(classNames[labels[i][1]]);
    await expect(explorer.count).toHaveText(/^of \d{1,3}(,\d{3})*$/);
  });

  test('steps with previous, next, random and the index box', async ({ explorer }) => {
    await explorer.open();
    await explorer.next.click();
    await explorer.waitForSample(1);
    const one = await explorer.canvasStats();
    await explorer.next.click();
    await explorer.waitForSample(2);
    expect((await explorer.canvasStats()).hash).not.toBe(one.hash);
    await explorer.prev.click();
    await explorer.waitForSample(1);
    expect((await explorer.canvasStats()).hash).toBe(one.hash); // the same sample draws the same pixels
    await explorer.goToIndex(0);
    await explorer.prev.click();
    await explorer.waitForSample(9999); // wraps around
    await expect(explorer.index).toHaveValue('9999');
    await explorer.random.click();
    await expect(explorer.canvas).not.toHaveAttribute('data-index', '9999');
    const r = await explorer.shownIndex();
    expect(r).toBeGreaterThanOrEqual(0);
    expect(r).toBeLessThan(10000);
    // An out-of-range entry explains itself and does not move.
    await explorer.index.fill('10000');
    await explorer.index.press('Enter');
    await expect(explorer.page.getByTestId('sequence.index-error')).toHaveText('the set has 10000 samples: enter 0 to 9999');
    expect(await explorer.shownIndex()).toBe(r);
  });

  test('opens on the dataset and index of the URL', async ({ explorer }) => {
    await explorer.open({ dataset: 'fashion', index: '42' });
    await explorer.waitForSample(42, 'fashion');
    await expect(explorer.dataset).toHaveValue('fashion');
  });

  test('has no serious accessibility violations', async ({ explorer, page }) => {
    await explorer.open();
    const r = await new AxeBuilder({ page }).analyze();
    const serious = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
    expect(serious).toEqual([]);
  });
});
