/** Issue 5, step 3: drawing on the blocks, their classes, and what the grid does with them. */
import { expect, test } from './fixtures/test';

test.describe('drawing and block classes', () => {
  test('a stroke drawn on a block changes the heatmaps and the scores', async ({ explorer }) => {
    await explorer.open();
    const v0 = await explorer.version();
    const before = { hashes: await explorer.heatmapHashes(), cells: await explorer.cells(), ink: (await explorer.blockStats(0)).ink };
    // A thick diagonal stroke across the first block.
    await explorer.stroke(0, [
      [3, 3],
      [14, 12],
      [25, 25],
    ]);
    await expect.poll(() => explorer.version()).toBeGreaterThan(v0);
    await explorer.waitForGrid();
    const after = { hashes: await explorer.heatmapHashes(), cells: await explorer.cells(), ink: (await explorer.blockStats(0)).ink };
    expect(after.ink).toBeGreaterThan(before.ink);
    const changed = Object.keys(before.hashes).filter((k) => before.hashes[k] !== after.hashes[k]);
    expect(changed.length, `heatmaps changed: ${changed.join(', ')}`).toBeGreaterThanOrEqual(6);
    const cosChanged = after.cells.filter((c, i) => c.cosine !== before.cells[i].cosine || c.conservation !== before.cells[i].conservation);
    expect(cosChanged.length).toBeGreaterThanOrEqual(4);
    expect(after.cells.every((c) => c.version === after.cells[0].version && c.version > v0)).toBe(true);
    await expect(explorer.page.getByTestId('sequence.blocks')).toHaveAttribute('data-edited', '1');
    // Undo brings the first picture back.
    await explorer.undo.click();
    await explorer.waitForGrid();
    expect(await explorer.heatmapHashes()).toEqual(before.hashes);
  });

  test('block classes decide the label and the mask; with no repeated class the scores are n/a', async ({ explorer, page }) => {
    await explorer.open();
    const labels = await explorer.blockLabels();
    const mask = await explorer.maskValues();
    expect(mask.reduce((a, b) => a + b, 0)).toBe(2);
    const label = await explorer.labelValue();
    expect(labels.filter((l) => l === label)).toHaveLength(2);
    // State another class for one majority block: no class repeats.
    const k = mask.indexOf(1);
    const other = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].find((c) => !labels.includes(String(c)))!;
    await page.getByTestId(`sequence.class.${k}`).selectOption(String(other));
    await explorer.waitForGrid();
    await expect(explorer.label).toHaveText('No class appears twice');
    expect((await explorer.cells()).every((c) => c.cosine === 'n/a')).toBe(true);
    await expect(explorer.cell('deep-taylor', 0).getByTestId('grid.cosine')).toHaveText('cos n/a');
    // Clear the block and replace it with a test image of the original class: the label is back.
    await page.getByTestId(`sequence.clear.${k}`).click();
    expect((await explorer.blockStats(k)).ink).toBe(0);
    await page.getByTestId(`sequence.class.${k}`).selectOption(label);
    await page.getByTestId(`sequence.replace.${k}`).click();
    await expect.poll(async () => (await explorer.blockStats(k)).ink).toBeGreaterThan(0.05);
    await explorer.waitForGrid();
    expect(await explorer.labelValue()).toBe(label);
    expect(await explorer.maskValues()).toEqual(mask);
    expect((await explorer.cells()).every((c) => typeof c.cosine === 'number')).toBe(true);
  });

  test('a drawn block is scaled as the data: the grid of a redrawn copy equals the test image’s', async ({ explorer }) => {
    await explorer.open({ arch: 'deep' });
    // Copy block 0's pixels through the drawing path (paint) unchanged: same pixels, same heatmaps.
    const before = await explorer.heatmapHashes();
    await explorer.page.evaluate(() => {
      const a = window.__rrx!.actions();
      a.beginStroke();
      a.paint(window.__rrx!.state().seq.pixels!.slice(), 0);
      a.endStroke();
    });
    await explorer.waitForGrid();
    expect(await explorer.heatmapHashes()).toEqual(before);
  });
});
