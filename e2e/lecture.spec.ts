/**
 * The explorer in a lecture hall: the drawable blocks and the grid's first row fit the teaching
 * screens together; columns never scroll sideways; presentation mode (kept in the URL); method
 * cards with typeset formulas; "n/a" with its reason; unique column titles.
 * Screenshots of what is checked go to test-results/screenshots/lecture-*.png.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test';
import { NODE_MODEL } from './fixtures/paths';

const SIZES = [
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

type Box = { x: number; y: number; width: number; height: number };
const inView = (b: Box | null, vw: number, vh: number) => b !== null && b.x >= 0 && b.y >= 0 && b.x + b.width <= vw + 0.5 && b.y + b.height <= vh + 0.5;

/** Bounding boxes of the three drawable blocks and of the grid's first row, the page's scroll, and the cell text size. */
async function layout(page: Page) {
  return page.evaluate(() => {
    const box = (e: Element) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const all = (sel: string) => [...document.querySelectorAll(sel)].map(box);
    return {
      blocks: [0, 1, 2].map((k) => box(document.querySelector(`[data-testid="sequence.block.${k}"]`)!)),
      firstRow: all('[data-testid="grid.cell"][data-row="0"]'),
      scroll: { x: window.scrollX, y: window.scrollY, width: document.documentElement.scrollWidth },
      cosFont: parseFloat(getComputedStyle(document.querySelector('[data-testid="grid.cosine"]')!).fontSize),
      barFont: parseFloat(getComputedStyle(document.querySelector('.bb span')!).fontSize),
    };
  });
}

const serious = async (page: Page) => {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
};

test.describe('lecture hall', () => {
  for (const present of [false, true]) {
    test(`the sequence blocks and the grid's first row are in view together, without scrolling, at 1024×768, 1280×800 and 1920×1080${present ? ' in presentation mode' : ''}`, async ({ explorer, page }) => {
      await explorer.open(present ? { present: '1' } : {});
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await expect.poll(async () => (await layout(page)).firstRow.every((b) => inView(b, size.width, size.height)), `${size.width}×${size.height}`).toBe(true);
        const l = await layout(page);
        expect(l.scroll, `${size.width}×${size.height}: nothing scrolled, nothing wider than the screen`).toEqual({ x: 0, y: 0, width: size.width });
        expect(l.firstRow).toHaveLength(2);
        for (const b of [...l.blocks, ...l.firstRow]) expect(inView(b, size.width, size.height), `${JSON.stringify(b)} in ${size.width}×${size.height}`).toBe(true);
        for (const b of l.blocks) expect(b.width).toBeGreaterThanOrEqual(90); // big enough to draw on
        // Readable on a projector: ≥ 13 px under the heatmaps, larger in presentation mode.
        expect(l.cosFont).toBeGreaterThanOrEqual(present ? 16 : 13);
        expect(l.barFont).toBeGreaterThanOrEqual(present ? 16 : 13);
        await page.screenshot({ path: `test-results/screenshots/lecture-${present ? 'present-' : ''}${size.width}x${size.height}.png` });
      }
    });
  }

  test('four architectures fit beside the sequence: no sideways scrolling, the key and every method name in view beside its heatmaps', async ({ explorer, page }) => {
    await explorer.open({ arch: 'deep,r-lstm-sd,conv-deep,shallow' });
    for (const size of [SIZES[1], SIZES[0]]) {
      await page.setViewportSize(size);
      await page.waitForTimeout(100); // the grid re-measures its width (ResizeObserver)
      const v = await page.evaluate(() => {
        const box = (e: Element) => {
          const r = e.getBoundingClientRect();
          return { x: r.x, y: r.y, width: r.width, height: r.height };
        };
        const scroller = document.querySelector('.grid-scroll')!;
        const bands = [...document.querySelectorAll('[data-testid="grid.band"]')].map((band) => ({
          columns: [...band.querySelectorAll('[data-testid="grid.column"]')].map((c) => ({ col: Number((c as HTMLElement).dataset.col), box: box(c) })),
          rows: [...band.querySelectorAll('[role="row"]')].slice(1).map((row) => ({
            name: box(row.querySelector('[data-testid="grid.rowhead"]')!),
            cells: [...row.querySelectorAll('[data-testid="grid.cell"]')].map(box),
          })),
        }));
        return {
          pageWidth: document.documentElement.scrollWidth,
          gridOverflow: scroller.scrollWidth - scroller.clientWidth,
          key: box(document.querySelector('[data-testid="grid.key"]')!),
          legend: box(document.querySelector('[data-testid="grid.legend"]')!),
          bands,
        };
      });
      const where = `${size.width}×${size.height}`;
      expect(v.pageWidth, where).toBe(size.width);
      expect(v.gridOverflow, where).toBeLessThanOrEqual(0);
      expect(inView(v.legend, size.width, size.height), where).toBe(true);
      expect(inView(v.key, size.width, size.height), where).toBe(true);
      // Every column once, in order, over the bands; every band has the method names left of its heatmaps.
      expect(v.bands.flatMap((b) => b.columns.map((c) => c.col))).toEqual([0, 1, 2, 3]);
      for (const band of v.bands) {
        for (const c of band.columns) expect(c.box.x + c.box.width, `${where}: column ${c.col}`).toBeLessThanOrEqual(size.width);
        expect(band.rows).toHaveLength(5);
        for (const row of band.rows) {
          expect(row.name.x).toBeGreaterThanOrEqual(0);
          for (const cell of row.cells) {
            expect(cell.x).toBeGreaterThanOrEqual(row.name.x + row.name.width);
            expect(cell.x + cell.width).toBeLessThanOrEqual(size.width);
            expect(cell.width).toBeGreaterThanOrEqual(150);
          }
        }
      }
      // 1280×800: the four side by side; 1024×768: they wrap into two bands of two.
      expect(v.bands.map((b) => b.columns.length), where).toEqual(size.width === 1280 ? [4] : [2, 2]);
      await page.screenshot({ path: `test-results/screenshots/lecture-four-${size.width}x${size.height}.png`, fullPage: true });
    }
  });

  test('a method card opens from its row header (mouse or keyboard): the formula typeset by KaTeX, the rule at each layer of a grid cell, conservation and source', async ({ explorer, page }) => {
    await explorer.open();
    const button = page.locator('[data-testid="grid.rowhead"][data-method="deep-taylor"] [data-testid="grid.method-card"]');
    await button.click();
    const card = page.getByTestId('method-card');
    await expect(card).toBeVisible();
    await expect(card).toHaveAttribute('data-method', 'deep-taylor');
    await expect(card.getByRole('heading', { level: 2 })).toHaveText('Deep Taylor decomposition');
    // KaTeX output: its HTML and the MathML for screen readers, with the z⁺ rule's fraction.
    const formula = card.getByTestId('method-card.formula');
    await expect(formula.locator('.katex-display .katex-html')).toHaveCount(1);
    await expect(formula.locator('math')).toHaveCount(1);
    expect(await formula.locator('.katex-html .mfrac').count()).toBeGreaterThanOrEqual(2);
    await expect(card.getByTestId('method-card.intuition')).toContainText('handed back layer by layer');
    await expect(card.getByTestId('method-card.conservation')).toHaveAttribute('data-conserves', '1');
    await expect(card.getByTestId('method-card.source')).toContainText('§3.2.6');
    // The rules of the first column's cell (Deep): z^β on the pixel layer, z⁺ above it, from the logit down.
    const rules = card.getByTestId('method-card.rules');
    await expect(rules).toHaveAttribute('data-arch', 'deep');
    const rows = await rules.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [(tr as HTMLElement).dataset.layer, tr.querySelector('td:last-child')!.textContent]));
    expect(rows.map((r) => r[0])).toEqual(['output_2', 'output_1', 'recurrent', 'input_to_cell', 'input_1', 'pixels']);
    expect(rows[3][1]).toBe('z⁺ rule');
    expect(rows[4][1]).toMatch(/^z\^β rule/);
    // The second column (R-LSTM-SD): no relevance enters the gates.
    await card.getByTestId('method-card.cell').selectOption({ index: 1 });
    await expect(rules).toHaveAttribute('data-arch', 'r-lstm');
    await expect(rules.locator('tr[data-layer="gate_f"] td').last()).toContainText('no relevance enters its weights');
    await page.screenshot({ path: 'test-results/screenshots/lecture-method-card.png' });
    // Escape closes it and gives the focus back; the keyboard opens another.
    await page.keyboard.press('Escape');
    await expect(card).toHaveCount(0);
    await expect(button).toBeFocused();
    await page.locator('[data-testid="grid.rowhead"][data-method="lrp-alpha-beta:a1.5b0.5"] [data-testid="grid.method-card"]').focus();
    await page.keyboard.press('Enter');
    await expect(card).toHaveAttribute('data-method', 'lrp-alpha-beta:a1.5b0.5');
    await expect(card.getByTestId('method-card.formula')).toContainText('α=1.5');
    await expect(card.getByTestId('method-card.conservation')).toContainText('z⁻ = 0');
    expect(await serious(page)).toEqual([]);
    await card.getByTestId('method-card.close').click();
    await expect(card).toHaveCount(0);
  });

  test('presentation mode: a header toggle with larger type, kept in the URL across a reload, with no serious axe violations', async ({ explorer, page }) => {
    await explorer.open();
    const toggle = page.getByTestId('view.present');
    const size = () => page.getByTestId('grid.cosine').first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    const before = await size();
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator('html')).toHaveClass(/\bpresent\b/);
    expect(await size()).toBeGreaterThan(before * 1.2);
    await expect.poll(() => new URL(page.url()).searchParams.get('present')).toBe('1');
    await page.reload();
    await explorer.waitReady();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await expect(page.locator('html')).toHaveClass(/\bpresent\b/);
    expect(await serious(page)).toEqual([]);
    await page.setViewportSize({ width: 1024, height: 768 });
    expect(await serious(page)).toEqual([]);
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await expect(page.locator('html')).not.toHaveClass(/\bpresent\b/);
    await expect.poll(() => new URL(page.url()).searchParams.get('present')).toBeNull();
  });

  test('an undefined score reads "n/a" with its reason: the explained class’s output ≤ 0 (LRP), and no repeated class', async ({ explorer, page }) => {
    await explorer.open();
    // Explain the class a model scores lowest (of all columns'): state it for blocks 1 and 2.
    const { slot, c, y } = await page.evaluate(() => {
      const lowest = Object.values(window.__rrx!.state().grid.results).map((r) => {
        const c = r.logits.indexOf(Math.min(...r.logits));
        return { slot: r.slot, c, y: r.logits[c] };
      });
      return lowest.sort((a, b) => a.y - b.y)[0];
    });
    expect(y, 'some model scores some class ≤ 0 on test sequence 0').toBeLessThanOrEqual(0);
    await page.getByTestId('sequence.class.0').selectOption(String(c));
    await page.getByTestId('sequence.class.1').selectOption(String(c));
    await expect(explorer.majority).toHaveAttribute('data-label', String(c));
    await explorer.waitForGrid();
    const cells = (await explorer.cells()).filter((x) => x.slot === slot);
    const dt = cells.find((x) => x.method === 'deep-taylor')!;
    expect(dt.cosine).toBe('n/a');
    expect(dt.naReason).toMatch(/^the explained class's output is \S+ ≤ 0: LRP starts from relu\(y\) = 0, so the heatmap is empty$/);
    expect(dt.conservation).toMatch(/relu\(y\) 0$/);
    const cell = page.locator(`[data-testid="grid.cell"][data-slot="${slot}"][data-method="deep-taylor"]`);
    await expect(cell.getByTestId('grid.cosine')).toHaveText('cos n/a');
    await expect(cell.getByTestId('grid.na-reason')).toContainText('≤ 0, nothing to explain');
    // A gradient method still has a heatmap, so its score stays defined.
    expect(typeof cells.find((x) => x.method === 'sensitivity')!.cosine).toBe('number');
    await cell.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/screenshots/lecture-na.png' });
    // Three different classes: no label, no mask.
    const other = [0, 1, 2, 3].filter((k) => k !== c);
    for (const k of [0, 1, 2]) await page.getByTestId(`sequence.class.${k}`).selectOption(String(other[k]));
    await expect(explorer.majority).toHaveAttribute('data-label', '');
    await explorer.waitForGrid();
    const none = await explorer.cells();
    expect(none.every((x) => x.cosine === 'n/a' && x.naReason === 'no class appears twice, so there are no label blocks to compare with')).toBe(true);
    await expect(page.getByTestId('grid.na-reason').first()).toHaveText('n/a: no class appears twice');
  });

  test('two columns of the same architecture get distinct titles (grid, prediction, model cards)', async ({ explorer, page }) => {
    await explorer.open();
    // A Deep model loaded from files beside the Deep architecture's column, twice.
    await explorer.loadModelFolder(NODE_MODEL);
    await explorer.waitForGrid();
    await explorer.loadModelFolder(NODE_MODEL);
    await explorer.waitForGrid();
    const names = await page.getByTestId('grid.column.name').allTextContents();
    expect(names).toHaveLength(4);
    expect(new Set(names).size).toBe(4);
    const deep = names.filter((n) => n.startsWith('Deep'));
    expect(deep).toHaveLength(3);
    expect(deep.every((n) => n !== 'Deep')).toBe(true);
    expect(deep[0]).toMatch(/^Deep · (bundled|untrained)$/);
    expect(deep[2]).toBe(`${deep[1]} #2`);
    expect(names).toContain('R-LSTM-SD');
    await expect(page.getByTestId('model.name')).toHaveText(names);
    const captions = await page.locator('.prob-fig figcaption strong').allTextContents();
    expect(captions).toEqual(names);
    // The cards show each cell's architecture as a diagram.
    await expect(page.getByTestId('model.diagram')).toHaveCount(4);
    await expect(page.locator('[data-testid="model.diagram"][data-arch="r-lstm"] [data-kind="recurrent"]')).not.toHaveCount(0);
  });
});
