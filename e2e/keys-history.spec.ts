/**
 * Sharing and keys (issue "The explorer in a lecture hall", item 6): a link naming a model of
 * another browser says so and drops the column; ←/→, R, B/E, Ctrl+Z and "?" act as listed; Back
 * and Forward move between the sequences visited (a drawing is no new entry).
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test';

const indexOf = (page: Page) => page.evaluate(() => window.__rrx!.state().seq.index);
const urlIndex = (page: Page) => new URL(page.url()).searchParams.get('index') ?? '0';

test('a link naming a model trained in another browser says so and drops its column', async ({ explorer, page }) => {
  await explorer.open({ arch: 'deep', user: 'tnotheremodel1' });
  const missing = page.getByTestId('grid.missing');
  await expect(missing).toContainText('This link names a model trained in another browser: “tnotheremodel1” is not stored here, so its column is left out (download it there');
  expect(await explorer.columnSlots()).toHaveLength(1);
  expect((await explorer.cells()).every((c) => c.version > 0 && typeof c.cosine === 'number')).toBe(true);
  await expect(page.getByTestId('grid.cell')).toHaveCount(5); // no placeholder cells
  await expect.poll(() => new URL(page.url()).searchParams.get('user')).toBeNull();
  await missing.getByRole('button', { name: 'Hide this message' }).click();
  await expect(missing).toHaveCount(0);
});

test('←/→ step through the test sequences, R picks one at random, not while typing in a field', async ({ explorer, page }) => {
  await explorer.open({ index: '5' });
  await page.getByRole('heading', { name: 'Sequence' }).click(); // focus on the page, not a field
  await page.keyboard.press('ArrowRight');
  await expect(explorer.majority).toContainText('test #6');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(explorer.majority).toContainText('test #4');
  expect(await indexOf(page)).toBe(4);
  // In the index box the arrows move the caret: the sequence stays.
  await explorer.index.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('r');
  await page.waitForTimeout(300);
  expect(await indexOf(page)).toBe(4);
  await page.getByRole('heading', { name: 'Sequence' }).click();
  await page.keyboard.press('r');
  await expect.poll(() => indexOf(page)).not.toBe(4);
});

test('B and E switch the tool, Ctrl+Z undoes a stroke, "?" lists the keys', async ({ explorer, page }) => {
  await explorer.open();
  const pen = page.getByTestId('sequence.tool.pen');
  const eraser = page.getByTestId('sequence.tool.eraser');
  await page.getByRole('heading', { name: 'Sequence' }).click();
  await page.keyboard.press('e');
  await expect(eraser).toBeChecked();
  await page.keyboard.press('b');
  await expect(pen).toBeChecked();

  const original = await explorer.blockStats(0);
  const cellsBefore = await explorer.cells();
  await explorer.stroke(0, [
    [4, 4],
    [24, 24],
  ]);
  await explorer.waitForGrid();
  expect((await explorer.blockStats(0)).hash).not.toBe(original.hash);
  await expect(page.getByTestId('sequence.blocks')).toHaveAttribute('data-edited', '1');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('sequence.blocks')).toHaveAttribute('data-edited', '0');
  await explorer.waitForGrid();
  expect((await explorer.blockStats(0)).hash).toBe(original.hash);
  expect((await explorer.cells()).map((c) => c.cosine)).toEqual(cellsBefore.map((c) => c.cosine));

  await page.keyboard.press('?');
  const help = page.getByTestId('keys.help');
  await expect(help).toBeVisible();
  await expect(help).toContainText('previous / next test sequence');
  await expect(help).toContainText('undo the last edit of the blocks');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
  await page.getByTestId('keys.open').click();
  await expect(help).toBeVisible();
});

test('Back and Forward move between the sequences visited; a drawing is no new entry', async ({ explorer, page }) => {
  test.setTimeout(120_000);
  await explorer.open();
  const historyLength = () => page.evaluate(() => history.length);
  const start = await historyLength();
  await page.getByRole('heading', { name: 'Sequence' }).click();
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => urlIndex(page)).toBe('1');
  await explorer.next.click();
  await expect.poll(() => urlIndex(page)).toBe('2');
  expect(await historyLength()).toBe(start + 2);
  // Two strokes on sequence 2: the entry is rewritten (the drawing is in its URL), none is added.
  const blocksParam = () => new URL(page.url()).searchParams.get('blocks');
  await explorer.stroke(1, [
    [3, 3],
    [20, 10],
  ]);
  await expect.poll(blocksParam).not.toBeNull();
  const afterFirst = blocksParam();
  await explorer.stroke(1, [
    [5, 20],
    [22, 22],
  ]);
  // The address bar is written when a stroke ends: wait for the second stroke's entry before leaving.
  await expect.poll(blocksParam).not.toBe(afterFirst);
  const drawn = await explorer.blockStats(1);
  expect(await historyLength()).toBe(start + 2);

  await page.goBack();
  await expect(explorer.majority).toContainText('test #1');
  expect(urlIndex(page)).toBe('1');
  await page.goBack();
  await expect(explorer.majority).toContainText('test #0');
  await page.goForward();
  await expect(explorer.majority).toContainText('test #1');
  await page.goForward();
  // Sequence 2 as it was left: with the drawing.
  await expect(page.getByTestId('sequence.blocks')).toHaveAttribute('data-edited', '1');
  await expect.poll(async () => (await explorer.blockStats(1)).hash).toBe(drawn.hash);
  expect(await indexOf(page)).toBe(2);
  await explorer.waitForGrid();
  // Still inside the app: no entry was added by going back and forth.
  expect(await historyLength()).toBe(start + 2);
});
