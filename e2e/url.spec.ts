/** Issue 5, step 4: the view is in the URL; opening the link restores it. */
import { expect, test } from './fixtures/test';
import { ExplorerPage } from './pages/explorer-page';

test('a URL round trip restores dataset, drawn blocks, architectures, methods and options', async ({ explorer, page, browser }) => {
  test.setTimeout(120_000);
  await explorer.open({ dataset: 'fashion', index: '42' });
  await explorer.stroke(1, [
    [4, 20],
    [24, 6],
  ]);
  await page.getByTestId('sequence.class.2').selectOption('9');
  await explorer.grid.archs.locator('summary').click();
  await page.getByTestId('grid.arch.shallow').check();
  await explorer.grid.archs.locator('summary').click();
  await explorer.grid.methods.locator('summary').click();
  await page.getByTestId('grid.method.lrp-alpha-beta:a2b1').check();
  await page.getByTestId('grid.method.guided-backprop').uncheck();
  await explorer.grid.methods.locator('summary').click();
  await explorer.grid.positive.check();
  await explorer.waitForGrid();
  await expect.poll(() => new URL(page.url()).searchParams.get('pos')).toBe('1');
  const url = new URL(page.url());
  expect(url.searchParams.get('dataset')).toBe('fashion');
  expect(url.searchParams.get('index')).toBe('42');
  expect(url.searchParams.get('blocks')).toMatch(/^\d?x?t\d+\.[\dx]p[\w-]+\.9t\d+$/);
  expect(url.searchParams.get('arch')).toBe('deep,r-lstm-sd,shallow');
  expect(url.searchParams.get('methods')).toBe('sensitivity,gradient-x-input,deep-taylor,lrp-alpha-beta:a1.5b0.5,lrp-alpha-beta:a2b1');
  const view = {
    cells: (await explorer.cells()).map(({ version: _v, ...c }) => c),
    hashes: await explorer.heatmapHashes(),
    blocks: [await explorer.blockStats(0), await explorer.blockStats(1), await explorer.blockStats(2)].map((b) => b.hash),
    labels: await explorer.blockLabels(),
    label: await explorer.labelValue(),
  };

  // A fresh page (another browser context: nothing shared) opens the link.
  const other = new ExplorerPage(await (await browser.newContext()).newPage());
  await other.page.goto(`${url.pathname}${url.search}`);
  await other.waitReady();
  await expect(other.dataset).toHaveValue('fashion');
  await expect(other.grid.positive).toBeChecked();
  expect({
    cells: (await other.cells()).map(({ version: _v, ...c }) => c),
    hashes: await other.heatmapHashes(),
    blocks: [await other.blockStats(0), await other.blockStats(1), await other.blockStats(2)].map((b) => b.hash),
    labels: await other.blockLabels(),
    label: await other.labelValue(),
  }).toEqual(view);
  expect(new URL(other.page.url()).search).toBe(url.search);
  await other.page.context().close();
});
