/**
 * The zoo on the page: bundled models load when a column shows them, the architecture comparison
 * loads its evaluation files when opened, and a bar opens its cell and method in the grid with the
 * bundled model loaded. Nothing here depends on the numbers of public/models: bars, cells and
 * methods are read from the page and the index, so the spec holds as models are added or replaced.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { methodInfo } from '../src/ui/lib/methods';
import { expect, test } from './fixtures/test';
import { ComparePage } from './pages/compare-page';

const SHOTS = 'test-results/screenshots';
const THESIS_CELLS = ['shallow', 'deep', 'deep-v2', 'conv-deep', 'conv-plus-deep', 'r-lstm', 'deep-sd', 'r-lstm-sd', 'conv-r-lstm-sd', 'conv-plus-r-lstm-sd'];
const FIVE = ['sensitivity', 'guided-backprop', 'gradient-x-input', 'deep-taylor', 'lrp-alpha-beta:a1.5b0.5'];

interface IndexEntry {
  id: string;
  preset: string;
  dataset: string;
  path: string;
  status?: string;
  testAccuracy?: number;
  thesisAccuracy?: number;
  bar?: number;
  eval?: string;
}

/** The bundled index as the server has it. */
async function readIndex(page: Page): Promise<IndexEntry[]> {
  const raw = await (await page.request.get('/models/index.json')).json();
  return (Array.isArray(raw) ? raw : raw.models) as IndexEntry[];
}
const folderOf = (e: IndexEntry) => e.path.replace(/\/$/, '');
/** The model folder of a URL under /models/ (…/models/<folder>/<file>). */
const folderIn = (url: string) => /\/models\/([^/]+)\/[^/]+$/.exec(new URL(url).pathname)?.[1] ?? '';

test.describe('the zoo and the architecture comparison', () => {
  test('models load with their column, evaluations with the view; a bar opens its cell and method in the grid', async ({ explorer, page }) => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await explorer.open();
    const index = await readIndex(page);
    const byId = new Map(index.map((e) => [e.id, e]));

    // Start-up: exactly the shown columns' bundled models were fetched, once each, and no evaluation.
    const slots = await explorer.columnSlots();
    const shown = slots.filter((s) => s.startsWith('b:')).map((s) => folderOf(byId.get(s.slice(2))!));
    const weights = requests.filter((u) => u.endsWith('/weights.bin')).map(folderIn);
    expect(weights.sort()).toEqual(shown.sort());
    expect(weights.length).toBeLessThan(index.length);
    expect(requests.filter((u) => u.endsWith('.json') && u.includes('/models/') && !u.endsWith('/index.json') && !u.endsWith('/model.json'))).toEqual([]);

    // The comparison: its dataset's evaluation files, fetched now.
    const compare = new ComparePage(page);
    await compare.open();
    const dataset = (await compare.chart.getAttribute('data-dataset'))!;
    const evalFolders = requests.filter((u) => /\/models\/[^/]+\/[^/]+\.json$/.test(u) && !u.endsWith('/model.json')).map(folderIn);
    const expected = index.filter((e) => e.dataset === dataset && e.eval && THESIS_CELLS.includes(e.preset)).map(folderOf);
    expect(evalFolders.length).toBeGreaterThan(0);
    expect(evalFolders.every((f) => expected.includes(f))).toBe(true);

    // Five method groups, each with one bar per cell (in the thesis's order), cosines in [0, 1].
    const bars = await compare.barViews();
    const cells = Number(await compare.panel.getAttribute('data-cells'));
    expect(bars).toHaveLength(5 * cells);
    expect(bars.map((b) => b.method)).toEqual(FIVE.flatMap((m) => Array(cells).fill(m)));
    const order = bars.slice(0, cells).map((b) => THESIS_CELLS.indexOf(b.preset));
    expect(order.every((k, i) => k >= 0 && (i === 0 || k > order[i - 1]))).toBe(true);
    for (const b of bars) {
      expect(byId.get(b.entry)?.dataset, b.entry).toBe(dataset);
      if (b.mean !== null) {
        expect(b.mean).toBeGreaterThanOrEqual(0);
        expect(b.mean).toBeLessThanOrEqual(1);
      }
      expect(b.label).toMatch(/mean cosine (\d\.\d{3}|–), 95 % interval \d\.\d{3} to \d\.\d{3}, n = [\d,]+ /);
    }
    await expect(compare.legend.locator('li')).toHaveCount(cells);

    // Click the first bar: the grid shows that cell's column and that method's row, the cell selected and focused.
    const first = bars[0];
    await compare.bars.first().click();
    await expect(compare.exploreTab).toHaveAttribute('aria-selected', 'true');
    await expect(explorer.dataset).toHaveValue(dataset);
    await explorer.waitForGrid();
    const slot = `b:${first.entry}`;
    const column = page.locator(`[data-testid="grid.column"][data-slot="${slot}"]`);
    await expect(column).toHaveAttribute('data-preset', first.preset);
    await expect(column).toHaveAttribute('data-source', 'bundled'); // the bundled model, not random weights
    await expect(column.getByTestId('grid.column.badge')).not.toContainText('untrained');
    const cell = page.locator(`[data-testid="grid.cell"][data-slot="${slot}"][data-method="${first.method}"]`);
    await expect(cell).toHaveClass(/selected/);
    await expect(cell.getByRole('button')).toBeFocused();
    expect(typeof (await explorer.cells()).find((c) => c.slot === slot && c.method === first.method)?.cosine).toBe('number');
    await expect(page.getByTestId('details.selected')).toContainText(methodInfo(first.method).label);
    await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBeNull();
    const url = new URL(page.url());
    expect((url.searchParams.get('arch') ?? 'deep,r-lstm-sd').split(',')).toContain(first.preset);
    expect((url.searchParams.get('methods') ?? FIVE.join(',')).split(',')).toContain(first.method);

    // Its model card: the test accuracy beside the thesis's and the bar, as the index gives them.
    const entry = byId.get(first.entry)!;
    const card = page.locator(`[data-testid="model.card"][data-slot="${slot}"]`);
    if (entry.testAccuracy !== undefined) await expect(card.getByTestId('model.zoo-accuracy')).toContainText(`${(100 * entry.testAccuracy).toFixed(2)} %`);
    if (entry.thesisAccuracy !== undefined) await expect(card.getByTestId('model.zoo-accuracy')).toContainText(`thesis ${(100 * entry.thesisAccuracy).toFixed(2)} %`);
    if (entry.testAccuracy !== undefined && entry.bar !== undefined)
      await expect(card.getByTestId('model.zoo-accuracy')).toContainText(`${entry.testAccuracy >= entry.bar ? 'meets' : 'below'} the ${Number((100 * entry.bar).toFixed(2))} % bar`);
  });

  test('keyboard: the bars are one tab stop, arrows move, Enter opens; the dataset switch and the URL', async ({ explorer, page }) => {
    await explorer.open();
    const compare = new ComparePage(page);
    await compare.open();
    const other = (await compare.chart.getAttribute('data-dataset')) === 'mnist' ? 'fashion' : 'mnist';
    await compare.chooseDataset(other);
    await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe('compare');
    await expect.poll(() => new URL(page.url()).searchParams.get('cmp')).toBe(other); // the address bar is written after the view
    const index = await readIndex(page);
    const bars = await compare.barViews();
    expect(bars.every((b) => index.find((e) => e.id === b.entry)?.dataset === other)).toBe(true);
    // The link restores the view and its dataset.
    await page.reload();
    await explorer.waitReady({ grid: false });
    await compare.waitForBars();
    await expect(compare.chart).toHaveAttribute('data-dataset', other);
    // One tab stop: only the first bar is in the tab order.
    expect(await compare.bars.evaluateAll((els) => els.map((e) => e.getAttribute('tabindex')))).toEqual(bars.map((_, i) => (i === 0 ? '0' : '-1')));
    await compare.bars.first().focus();
    await expect(compare.readout).toContainText('mean cosine');
    const k = Math.min(1, bars.length - 1);
    if (k === 1) {
      await page.keyboard.press('ArrowRight');
      await expect(compare.bars.nth(1)).toBeFocused();
    }
    await page.keyboard.press('Enter');
    await expect(compare.exploreTab).toHaveAttribute('aria-selected', 'true');
    await expect(explorer.dataset).toHaveValue(other);
    await explorer.waitForGrid();
    const slot = `b:${bars[k].entry}`;
    await expect(page.locator(`[data-testid="grid.column"][data-slot="${slot}"]`)).toHaveAttribute('data-source', 'bundled');
    await expect(page.locator(`[data-testid="grid.cell"][data-slot="${slot}"][data-method="${bars[k].method}"]`).getByRole('button')).toBeFocused();
  });

  test('a bundled model still in training is marked, with its accuracy, where it is named', async ({ explorer, page }) => {
    const index = await readIndex(page);
    const target = index.find((e) => e.dataset === 'mnist')!;
    const changed = index.map((e) => (e.id === target.id ? { ...e, status: 'in-training', epochsDone: 3, epochs: 9, testAccuracy: 0.5, thesisAccuracy: 0.9816, bar: 0.98 } : e));
    await page.route('**/models/index.json', (r) => r.fulfill({ json: { models: changed } }));
    await explorer.open({ arch: target.preset });
    const slot = `b:${target.id}`;
    const column = page.locator(`[data-testid="grid.column"][data-slot="${slot}"]`);
    await expect(column).toHaveAttribute('data-source', 'bundled');
    await expect(column.getByTestId('grid.column.badge')).toHaveText('in training · 3 of 9 epochs');
    await expect(column.getByTestId('grid.column.accuracy')).toHaveText('50.00 % · thesis 98.16 % · below the 98 % bar');
    const card = page.locator(`[data-testid="model.card"][data-slot="${slot}"]`);
    await expect(card.getByTestId('model.status')).toContainText('in training · 3 of 9 epochs');
    await expect(card.getByTestId('model.zoo-accuracy')).toHaveText('50.00 % · thesis 98.16 % · below the 98 % bar');
    if (target.eval && THESIS_CELLS.includes(target.preset)) {
      const compare = new ComparePage(page);
      await compare.open();
      await expect(compare.legend.locator(`li[data-preset="${target.preset}"]`)).toContainText('in training');
    }
  });

  for (const [width, height] of [
    [1024, 768],
    [1280, 800],
  ]) {
    test(`fits ${width}×${height}: the bundled zoo, and a simulated full zoo of ten cells`, async ({ explorer, page }) => {
      mkdirSync(SHOTS, { recursive: true });
      await page.setViewportSize({ width, height });
      const compare = new ComparePage(page);
      const fits = async (name: string) => {
        await compare.waitForBars();
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        for (const part of [compare.chart, compare.legend, compare.table]) expect((await part.boundingBox())!.y + (await part.boundingBox())!.height, name).toBeLessThanOrEqual(height);
        await page.screenshot({ path: `${SHOTS}/compare-${name}-${width}x${height}.png` });
      };
      await explorer.open({ view: 'compare' }, { grid: false });
      await fits('bundled');

      // Ten cells × two datasets, all pointing at one real model folder's evaluation with shifted means
      // (a layout fixture: how the view looks once every cell is in the zoo).
      const index = await readIndex(page);
      const base = index.find((e) => e.dataset === 'mnist' && e.eval)!;
      const real = await (await page.request.get(`/models/${folderOf(base)}/${base.eval}`)).json();
      const models = ['mnist', 'fashion'].flatMap((dataset) =>
        THESIS_CELLS.map((preset, k) => ({ id: `${preset}-${dataset}`, preset, dataset, task: 'maj', T: 12, path: `sim-${preset}-${dataset}/`, testAccuracy: 0.97, thesisAccuracy: 0.98, bar: 0.98, eval: 'eval.json', ...(k === 5 ? { status: 'in-training', epochsDone: 2, epochs: 9 } : {}) })),
      );
      await page.route('**/models/index.json', (r) => r.fulfill({ json: { models } }));
      await page.route('**/models/sim-*/eval.json', (r) => {
        const [, preset, dataset] = /sim-(.+)-(mnist|fashion)\//.exec(r.request().url())!;
        const shift = 0.02 * THESIS_CELLS.indexOf(preset) - 0.1;
        const methods = real.methods.map((m: { all: { cosine: Record<string, number> } }) => ({
          ...m,
          all: { ...m.all, cosine: { ...m.all.cosine, mean: m.all.cosine.mean + shift, lo: m.all.cosine.lo + shift, hi: m.all.cosine.hi + shift } },
        }));
        return r.fulfill({ json: { ...real, id: `${preset}-${dataset}`, preset, dataset, methods } });
      });
      await page.reload();
      await explorer.waitReady({ grid: false });
      await expect(compare.panel).toHaveAttribute('data-cells', '10');
      await fits('ten-cells');
      await expect(compare.bars).toHaveCount(50);
    });
  }
});
