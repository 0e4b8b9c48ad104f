/**
 * Screenshots of the training panel, the interrupted-run offer, the keys help, the export menu and
 * the missing-model message at 1024×768 (a projector) and 1280×800, written to
 * test-results/screenshots/; and the curves' key sits above the plot, never over a curve.
 */
import { mkdirSync } from 'node:fs';
import { expect, test } from './fixtures/test';

const DIR = 'test-results/screenshots';
const SIZES = [
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
];

test('training panel, keys help, export menu and missing-model message at 1024×768 and 1280×800', async ({ explorer, page }) => {
  test.setTimeout(240_000);
  mkdirSync(DIR, { recursive: true });
  await page.setViewportSize(SIZES[0]);
  await explorer.open({ user: 'tfromanotherbrowser' });
  await expect(page.getByTestId('grid.missing')).toBeVisible();
  await explorer.train.preset.selectOption('shallow');
  await explorer.train.limit.fill('400');
  await explorer.train.epochs.fill('3');
  await explorer.train.batchSize.fill('20');
  await explorer.train.start.click();
  await expect(explorer.train.done).toContainText('Done after 60 steps', { timeout: 120_000 });
  await explorer.waitForGrid();

  // The key is in its own band above the plot: below it only the plot's grid lines and curves.
  const geo = await explorer.train.curves.evaluate((svg) => {
    const key = (svg.querySelector('[data-testid="train.curves.key"]') as SVGGElement).getBoundingClientRect();
    const paths = [...svg.querySelectorAll('path.line')].map((p) => p.getBoundingClientRect());
    const grid = [...svg.querySelectorAll('line.grid')].map((l) => l.getBoundingClientRect().top);
    return { keyBottom: key.bottom, curvesTop: Math.min(...paths.map((p) => p.top)), plotTop: Math.min(...grid), paths: paths.length, marks: svg.querySelectorAll('.epoch-mark').length };
  });
  expect(geo.paths).toBe(2);
  expect(geo.marks).toBe(2); // epochs 2 and 3 begin
  expect(geo.keyBottom).toBeLessThanOrEqual(geo.plotTop);
  expect(geo.keyBottom).toBeLessThanOrEqual(geo.curvesTop);

  for (const size of SIZES) {
    await page.setViewportSize(size);
    const tag = `${size.width}x${size.height}`;
    await page.getByTestId('train.panel').scrollIntoViewIfNeeded();
    await page.getByTestId('train.panel').screenshot({ path: `${DIR}/train-panel-${tag}.png` });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByTestId('keys.open').click();
    await expect(page.getByTestId('keys.help')).toBeVisible();
    await page.screenshot({ path: `${DIR}/keys-help-${tag}.png` });
    await page.keyboard.press('Escape');
    await page.getByTestId('grid.export').locator('summary').click();
    await page.screenshot({ path: `${DIR}/export-menu-missing-model-${tag}.png` });
    await page.getByTestId('grid.export').locator('summary').click();
  }
  // The exported figure itself (PNG, 2×), to look at.
  await page.getByTestId('grid.export').locator('summary').click();
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('grid.export.png').click()]);
  await png.saveAs(`${DIR}/export-figure.png`);
});
