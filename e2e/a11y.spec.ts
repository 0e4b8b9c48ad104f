/** Issue 5, step 7: no serious axe violations at desktop and tablet sizes; the controls work from the keyboard. */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures/test';
import { ComparePage } from './pages/compare-page';

const serious = async (page: import('@playwright/test').Page) => {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
};

test.describe('accessibility', () => {
  test('no serious axe violations at 1280×800, with the pickers open', async ({ explorer, page }) => {
    await explorer.open();
    expect(await serious(page)).toEqual([]);
    await explorer.grid.methods.locator('summary').click();
    await explorer.grid.archs.locator('summary').click();
    expect(await serious(page)).toEqual([]);
  });

  test('no serious axe violations at a tablet size (820×1180), and nothing wider than the screen', async ({ explorer, page }) => {
    await page.setViewportSize({ width: 820, height: 1180 });
    await explorer.open();
    expect(await serious(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(820);
    const block = (await page.getByTestId('sequence.block.0').boundingBox())!;
    expect(block.width).toBeGreaterThan(80); // big enough to draw on with a finger
  });

  test('no serious axe violations in the architecture comparison, at 1280×800 and 1024×768, with its table open', async ({ explorer, page }) => {
    await explorer.open({}, { grid: false });
    const compare = new ComparePage(page);
    await compare.open();
    expect(await serious(page)).toEqual([]);
    await compare.table.locator('summary').click();
    await page.setViewportSize({ width: 1024, height: 768 });
    expect(await serious(page)).toEqual([]);
    // The views are tabs: arrows move between them.
    await compare.tab.focus();
    await page.keyboard.press('ArrowLeft');
    await expect(compare.exploreTab).toBeFocused();
    await expect(compare.exploreTab).toHaveAttribute('aria-selected', 'true');
    await expect(compare.panel).toHaveCount(0);
  });

  test('no serious axe violations in presentation mode at 1024×768, with a method card open', async ({ explorer, page }) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await explorer.open({ present: '1' });
    await expect(page.getByTestId('view.present')).toHaveAttribute('aria-pressed', 'true');
    expect(await serious(page)).toEqual([]);
    await page.locator('[data-testid="grid.rowhead"][data-method="sensitivity"] [data-testid="grid.method-card"]').click();
    await expect(page.getByTestId('method-card.formula').locator('.katex')).not.toHaveCount(0);
    expect(await serious(page)).toEqual([]);
  });

  test('controls are labelled and keyboard-operable', async ({ explorer, page }) => {
    await explorer.open();
    // Every form control has an accessible name.
    const unnamed = await page.locator('input, select, button').evaluateAll((els) =>
      els
        .filter((e) => (e as HTMLElement).offsetParent !== null)
        .filter((e) => {
          const el = e as HTMLInputElement;
          return !(el.labels?.length || el.getAttribute('aria-label') || el.textContent?.trim() || el.title);
        })
        .map((e) => e.outerHTML.slice(0, 80)),
    );
    expect(unnamed).toEqual([]);
    // Next sequence from the keyboard.
    await explorer.next.focus();
    await page.keyboard.press('Enter');
    await expect(explorer.majority).toContainText('test #1');
    // Select a grid cell from the keyboard: the time-step chart follows.
    await explorer.cell('deep-taylor', 1).getByRole('button').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('details.selected')).toContainText('Deep Taylor');
    // Positive only from the keyboard.
    await explorer.grid.positive.focus();
    await page.keyboard.press('Space');
    await expect(explorer.grid.positive).toBeChecked();
  });
});
