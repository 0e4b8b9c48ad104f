/** Issue 5, step 1: the comparison grid (methods × architectures) on the default view. */
import { expect, test } from './fixtures/test';
import { badScores } from './pages/explorer-page';

const FIVE = ['sensitivity', 'guided-backprop', 'gradient-x-input', 'deep-taylor', 'lrp-alpha-beta:a1.5b0.5'];

test.describe('comparison grid', () => {
  test('renders 5 methods × 2 architectures with heatmaps, cosine scores, conservation and a legend', async ({ explorer, page }) => {
    await explorer.open();
    const cells = await explorer.cells();
    expect(cells).toHaveLength(10);
    expect([...new Set(cells.map((c) => c.method))]).toEqual(FIVE);
    expect(await explorer.columnSlots()).toHaveLength(2);
    const version = await explorer.version();
    for (const c of cells) {
      expect(c.version, `${c.method}@${c.col}`).toBe(version);
      // Test sequence 0 has a label that appears twice: every cell has a cosine in [0, 1].
      expect(typeof c.cosine, `${c.method}@${c.col}`).toBe('number');
      expect(c.cosine as number).toBeGreaterThanOrEqual(0);
      expect(c.cosine as number).toBeLessThanOrEqual(1 + 1e-9);
      expect(c.conservation).toMatch(/^ΣR \S+ · relu\(y\) \S+$/);
    }
    await expect(page.getByTestId('grid.heatmap')).toHaveCount(10);
    expect(await page.getByTestId('grid.heatmap').evaluateAll((els) => els.every((e) => (e as HTMLCanvasElement).dataset.painted === '1' && (e as HTMLCanvasElement).width === 84))).toBe(true);
    await expect(page.getByTestId('grid.legend')).toContainText('+max |R|');
    // The columns say what their weights are: bundled pretrained models, or labelled random weights.
    const badges = await page.getByTestId('grid.column.badge').allTextContents();
    if (await explorer.model.bundleMissing.isVisible()) expect(badges).toEqual(['untrained (random weights)', 'untrained (random weights)']);
    else expect(badges.every((b) => /pretrained|in training|untrained \(random weights\)/.test(b))).toBe(true);
    // Beside the grid: probabilities per model and the relevance per time step.
    await expect(page.getByTestId('details.prob')).toHaveCount(2);
    await expect(page.getByTestId('details.steps')).toHaveAttribute('data-steps', '12');
  });

  test('hovering a heatmap shows the value under the cursor; "positive only" redraws', async ({ explorer, page }) => {
    await explorer.open();
    const gxi = explorer.cell('gradient-x-input', 0).getByTestId('grid.heatmap');
    const box = (await gxi.boundingBox())!;
    await page.mouse.move(box.x + box.width * (70.5 / 84), box.y + box.height * (14.5 / 28));
    await expect(explorer.grid.hover).toContainText('col 71');
    await expect(explorer.grid.hover).toContainText('row 15');
    const value = Number(await explorer.grid.hover.getAttribute('data-value'));
    expect(Number.isFinite(value)).toBe(true);
    // Gradient × input has negative relevance (background pixels are −1): positive only changes its picture.
    const before = (await explorer.heatmapHashes())['gradient-x-input@0'];
    await explorer.grid.positive.check();
    await expect.poll(async () => (await explorer.heatmapHashes())['gradient-x-input@0']).not.toBe(before);
    await expect(page.getByTestId('grid.legend')).not.toContainText('−max');
  });

  test('switching architectures and methods re-runs the grid', async ({ explorer, page }) => {
    await explorer.open();
    const [first, second] = await explorer.columnSlots();
    await explorer.grid.archs.locator('summary').click();
    await page.getByTestId('grid.arch.shallow').check();
    await explorer.waitForGrid();
    expect(await explorer.columnSlots()).toEqual([first, second, expect.stringMatching(/shallow/)]);
    await page.getByTestId('grid.arch.deep').uncheck();
    await explorer.waitForGrid();
    expect(await explorer.columnSlots()).toEqual([second, expect.stringMatching(/shallow/)]);
    await explorer.grid.archs.locator('summary').click();
    await explorer.grid.methods.locator('summary').click();
    await page.getByTestId('grid.method.lrp-epsilon').check();
    await page.getByTestId('grid.method.sensitivity').uncheck();
    await explorer.waitForGrid();
    const cells = await explorer.cells();
    expect([...new Set(cells.map((c) => c.method))]).toEqual(['guided-backprop', 'gradient-x-input', 'deep-taylor', 'lrp-alpha-beta:a1.5b0.5', 'lrp-epsilon']);
    expect(cells).toHaveLength(10);
    // Every score is defined, except where an LRP method explains an output ≤ 0 (the untrained Shallow
    // may score the label below 0): then its heatmap is empty and the score reads n/a with that reason.
    expect(badScores(cells)).toEqual([]);
    // The selection of the time-step chart follows a click on a cell.
    await explorer.cell('lrp-epsilon', 1).getByRole('button').click();
    await expect(page.getByTestId('details.selected')).toContainText('LRP-ε');
  });
});
