/** The sequence panel: real MAJ test sequences, navigation, datasets, and the URL's dataset and index. */
import { expect, test } from './fixtures/test';

test.describe('sequence panel', () => {
  test('opens with three non-blank 28 × 28 blocks, a label and a two-of-three mask', async ({ explorer, page }) => {
    await explorer.open({ arch: '-' }, { grid: false });
    await expect(page).toHaveTitle('Recurrent Relevance Explorer');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Recurrent Relevance Explorer');
    for (const k of [0, 1, 2]) {
      const px = await explorer.blockStats(k);
      expect([px.width, px.height]).toEqual([28, 28]);
      expect(px.distinct).toBeGreaterThan(10); // anti-aliased strokes
      expect(px.ink).toBeGreaterThan(0.05);
      expect(px.ink).toBeLessThan(0.7);
    }
    expect((await explorer.maskValues()).reduce((a, b) => a + b, 0)).toBe(2);
    await expect(explorer.count).toHaveText('of 10,000');
    const css = await page.getByTestId('sequence.block.0').evaluate((el) => getComputedStyle(el).imageRendering);
    expect(css).toBe('pixelated');
  });

  test('steps with previous and next (wrapping), the index box, and a random sequence of a class', async ({ explorer, page }) => {
    await explorer.open({ arch: '-' }, { grid: false });
    const one = await explorer.blockStats(0);
    await explorer.next.click();
    await expect(explorer.majority).toContainText('test #1');
    expect((await explorer.blockStats(0)).hash).not.toBe(one.hash);
    await explorer.prev.click();
    await expect(explorer.majority).toContainText('test #0');
    expect((await explorer.blockStats(0)).hash).toBe(one.hash);
    await explorer.prev.click();
    await expect(explorer.majority).toContainText('test #9999');
    await explorer.pickClass.selectOption('4');
    await explorer.random.click();
    await expect(explorer.majority).not.toContainText('test #9999');
    await expect(explorer.label).toHaveText('4');
    await explorer.index.fill('10000');
    await explorer.index.press('Enter');
    await expect(page.getByTestId('sequence.index-error')).toHaveText('the set has 10000 samples: enter 0 to 9999');
  });

  test('switching dataset changes the images and names the classes', async ({ explorer }) => {
    await explorer.open({ arch: '-', index: '3' }, { grid: false });
    const before = await explorer.blockStats(0);
    await explorer.chooseDataset('fashion');
    await expect(explorer.majority).toContainText('FashionMNIST-MAJ test #3');
    expect((await explorer.blockStats(0)).hash).not.toBe(before.hash);
    const names = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
    expect(names).toContain(await explorer.label.textContent());
  });

  test('opens on the dataset and index of the URL', async ({ explorer }) => {
    await explorer.open({ dataset: 'fashion', index: '42', arch: '-' }, { grid: false });
    await expect(explorer.majority).toContainText('FashionMNIST-MAJ test #42');
    await expect(explorer.dataset).toHaveValue('fashion');
  });
});
