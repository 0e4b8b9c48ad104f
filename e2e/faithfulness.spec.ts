/**
 * Issue 14, part 2 in the page: a grid cell's region perturbation curves (every method of its model
 * and the random reference, with AOPC figures) and the cascading randomisation stepper (each
 * method's heatmap per stage with Spearman and SSIM to the original), on a 1024 × 768 projector with
 * the sequence and the grid's first row still in view. Screenshots: test-results/screenshots/faith-*.png.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test';

const serious = async (page: Page) => {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
};

type Box = { x: number; y: number; width: number; height: number };
/** The sheet's top edge, and the boxes of the blocks and of the grid's first row. */
const layout = (page: Page) =>
  page.evaluate(() => {
    const box = (e: Element): Box => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    return {
      sheetTop: document.querySelector('[data-testid="faith.panel"]')!.getBoundingClientRect().top,
      blocks: [0, 1, 2].map((k) => box(document.querySelector(`[data-testid="sequence.block.${k}"]`)!)),
      firstRow: [...document.querySelectorAll('[data-testid="grid.cell"][data-row="0"]')].map(box),
    };
  });

/** The perturbation tab's result as the page shows it. */
const curves = (page: Page) =>
  page.getByTestId('faith.panel').evaluate((panel) => {
    const lines = [...panel.querySelectorAll('[data-testid="faith.curve.line"]')].map((l) => ({
      id: l.getAttribute('data-id')!,
      points: Number(l.getAttribute('data-points')),
      d: l.getAttribute('d') ?? '',
    }));
    const rows = [...panel.querySelectorAll('[data-testid="faith.aopc.row"]')].map((r) => ({
      id: r.getAttribute('data-id')!,
      aopc: Number(r.getAttribute('data-aopc')),
      text: [...r.querySelectorAll('td')].map((td) => td.textContent ?? ''),
    }));
    const result = panel.querySelector('[data-testid="faith.result"]');
    return { lines, rows, version: Number(result?.getAttribute('data-version')), key: result?.getAttribute('data-key') ?? '' };
  });

test.describe('faithfulness checks of a grid cell', () => {
  test('the perturbation curve: one line per method plus random, AOPC figures, parameters; it follows the sequence and keeps the blocks and the first row in view', async ({ explorer, page }) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await explorer.open();
    const methods = (await explorer.cells()).filter((c) => c.col === 0).map((c) => c.method);
    await explorer.cell('deep-taylor', 0).getByRole('button').click();
    await page.getByTestId('faith.open.perturbation').click();
    const panel = page.getByTestId('faith.panel');
    await expect(panel).toBeVisible();
    await expect(panel).toHaveAttribute('data-tool', 'perturbation');
    await expect(panel).toHaveAttribute('data-method', 'deep-taylor');
    await expect(page.getByTestId('faith.close')).toBeFocused();
    await expect(panel.getByTestId('faith.result')).toHaveAttribute('data-version', String(await explorer.version()), { timeout: 60_000 });
    await expect(panel.getByTestId('faith.curve')).toHaveAttribute('data-lines', String(methods.length + 1));
    const c = await curves(page);
    console.log(`perturbation curves (5 methods, L = 30, 8 random orders) in the worker: ${await panel.getByTestId('faith.result').getAttribute('data-ms')} ms`);
    expect(c.lines.map((l) => l.id).sort()).toEqual([...methods, 'random'].sort());
    for (const l of c.lines) {
      expect(l.points, l.id).toBe(31); // L = 30 removals and the untouched sequence
      expect(l.d).toMatch(/^M[\d.]+,[\d.-]+(L[\d.]+,[\d.-]+){30}$/);
    }
    // The AOPC table: every line, ranked, each a number, with its lead over the random order.
    expect(c.rows.map((r) => r.id).sort()).toEqual([...methods, 'random'].sort());
    expect(c.rows.map((r) => r.aopc)).toEqual([...c.rows.map((r) => r.aopc)].sort((a, b) => b - a));
    for (const r of c.rows) {
      expect(Number.isFinite(r.aopc), r.id).toBe(true);
      expect(r.text[0]).toMatch(/^−?[\d.]+(e−?\d+)?$/);
      if (r.id !== 'random') expect(r.text[1]).toMatch(/^[+−]?[\d.]+(e−?\d+)?$|^0$/);
    }
    // On the bundled, trained Deep cell deep Taylor removes evidence faster than chance.
    const aopc = Object.fromEntries(c.rows.map((r) => [r.id, r.aopc]));
    expect(aopc['deep-taylor']).toBeGreaterThan(aopc.random);
    // The table gives every line's logit at the step the chart points at (the last, or ←/→ on the chart).
    await expect(panel.getByTestId('faith.at')).toHaveText('logit, k = 30');
    await panel.getByTestId('faith.curve').focus();
    await page.keyboard.press('Home');
    await expect(panel.getByTestId('faith.at')).toHaveText('logit, k = 0');
    const startLogit = (await curves(page)).rows.map((r) => r.text[2]);
    expect(new Set(startLogit).size).toBe(1); // every curve starts at the untouched sequence's logit
    await page.keyboard.press('ArrowRight');
    await expect(panel.getByTestId('faith.at')).toHaveText('logit, k = 1');
    // The page is shown from its top: the blocks stay in view and drawable above the sheet, and so do
    // the first row's heatmaps (the sheet may cover the scores under them).
    const l = await layout(page);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    for (const b of l.blocks) {
      expect(b.y, JSON.stringify(b)).toBeGreaterThanOrEqual(0);
      expect(b.y + b.height, JSON.stringify(b)).toBeLessThanOrEqual(l.sheetTop + 0.5);
    }
    for (const b of l.firstRow) expect(b.y + 60, JSON.stringify(b)).toBeLessThanOrEqual(l.sheetTop);
    await page.screenshot({ path: 'test-results/screenshots/faith-perturbation-1024x768.png' });

    // Parameters: 7 × 7 patches of noise: 48 patches, the curves recomputed.
    await panel.getByTestId('faith.patch').selectOption('7');
    await panel.getByTestId('faith.fill').selectOption('noise');
    await expect(panel.getByTestId('faith.result')).toHaveAttribute('data-key', /\|noise\|7\|30\|8$/, { timeout: 60_000 });
    await expect(panel.getByTestId('faith.steps')).toHaveValue('30');
    expect((await curves(page)).lines.every((x) => x.points === 31)).toBe(true);
    await panel.getByTestId('faith.steps').selectOption('48');
    await expect(panel.getByTestId('faith.result')).toHaveAttribute('data-key', /\|noise\|7\|48\|8$/, { timeout: 60_000 });
    expect((await curves(page)).lines.every((x) => x.points === 49)).toBe(true);

    // A stroke on a block: the curves follow the new sequence (the stale request is superseded).
    await page.evaluate(() => window.scrollTo(0, 0)); // Playwright scrolled to reach the selects
    const before = await explorer.version();
    await explorer.stroke(1, [
      [4, 4],
      [24, 24],
    ]);
    await expect.poll(() => explorer.version()).toBeGreaterThan(before);
    await explorer.waitForGrid();
    await expect(panel.getByTestId('faith.result')).toHaveAttribute('data-version', String(await explorer.version()), { timeout: 60_000 });
    // Selecting a cell of the other model: the panel follows it.
    await explorer.cell('sensitivity', 1).getByRole('button').click();
    await expect(panel).toHaveAttribute('data-method', 'sensitivity');
    const slot1 = (await explorer.columnSlots())[1];
    await expect(panel).toHaveAttribute('data-slot', slot1);
    await expect(panel.getByTestId('faith.result')).toHaveAttribute('data-key', new RegExp(`^${slot1.replace(/[.:]/g, '\\$&')}\\|`), { timeout: 60_000 });
    // Escape closes it.
    await page.keyboard.press('Escape');
    await expect(panel).toHaveCount(0);
  });

  test('the randomisation stepper: each method’s heatmap per stage with Spearman and SSIM, and the model untouched afterwards', async ({ explorer, page }) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await explorer.open();
    const slot = (await explorer.columnSlots())[0];
    /** Deep Taylor's heatmap of the current sequence on the first model, straight from the worker. */
    const grid = () =>
      page.evaluate(async (slot) => {
        const s = window.__rrx!.state().seq;
        const r = await window.__rrx!.call({ kind: 'explainGrid', slot, pixels: s.pixels!.slice(), label: s.label, mask: s.mask, methods: ['deep-taylor'], version: s.version });
        return Array.from(r.cells[0].heatmap);
      }, slot);
    const original = await grid();
    const memory = (await page.evaluate(() => window.__rrx!.memory())).numTensors;

    await page.getByTestId('faith.open.randomisation').click();
    const panel = page.getByTestId('faith.panel');
    await expect(panel).toHaveAttribute('data-tool', 'randomisation');
    await expect(panel.getByTestId('faith.stage')).toHaveAttribute('data-stage', '1', { timeout: 60_000 });
    await expect(panel.getByTestId('faith.stage')).toContainText('re-initialised output_2');
    /** Per method (a column): its figures as data and as shown, and whether both heatmaps are painted. */
    const read = () =>
      panel.getByTestId('faith.rand.table').evaluate((table) =>
        [...table.querySelectorAll('[data-testid="faith.rand.method"]')].map((e, k) => {
          const at = (id: string) => table.querySelectorAll(`[data-testid="${id}"]`)[k];
          return {
            method: e.getAttribute('data-method')!,
            rho: Number(e.getAttribute('data-spearman')),
            ssim: Number(e.getAttribute('data-ssim')),
            text: [at('faith.rand.spearman').textContent, at('faith.rand.ssim').textContent],
            painted: [at('faith.rand.original').getAttribute('data-painted'), at('faith.rand.map').getAttribute('data-painted')],
          };
        }),
      );
    console.log(`randomisation (5 methods, 6 stages) in the worker: ${await panel.getByTestId('faith.result').getAttribute('data-ms')} ms`);
    const stage1 = await read();
    expect(stage1).toHaveLength(5);
    for (const m of stage1) {
      expect(Math.abs(m.rho), m.method).toBeLessThanOrEqual(1);
      expect(Math.abs(m.ssim), m.method).toBeLessThanOrEqual(1);
      expect(m.text[0]).toBe(m.rho.toFixed(2));
      expect(m.text[1]).toBe(m.ssim.toFixed(2));
      expect(m.painted).toEqual(['1', '1']);
    }
    await page.screenshot({ path: 'test-results/screenshots/faith-randomisation-1024x768.png' });
    // Step to the last stage: every weight random; the figures there differ from stage 1's.
    await panel.getByTestId('faith.stage.next').click();
    await expect(panel.getByTestId('faith.stage')).toHaveAttribute('data-stage', '2');
    await panel.getByTestId('faith.stage.5').check();
    await expect(panel.getByTestId('faith.stage')).toContainText('every weight is random');
    const stage5 = await read();
    expect(stage5.map((m) => m.rho)).not.toEqual(stage1.map((m) => m.rho));
    // Stage 0 is the original: ρ = 1 for every method with a non-empty map.
    await panel.getByTestId('faith.stage.prev').click();
    await panel.getByTestId('faith.stage.0').check();
    expect((await read()).every((m) => m.rho === 1 || m.rho === 0)).toBe(true);
    await page.screenshot({ path: 'test-results/screenshots/faith-randomisation-stage0.png' });

    // The model is as it was, and no tensor was left behind in the worker.
    expect(await grid()).toEqual(original);
    expect((await page.evaluate(() => window.__rrx!.memory())).numTensors).toBe(memory);
    await panel.getByTestId('faith.close').click();
    await expect(panel).toHaveCount(0);
    await expect(page.getByTestId('faith.open.randomisation')).toBeFocused();
  });

  test('no serious axe violations with the panel open, in presentation mode at 1024×768, on both tabs', async ({ explorer, page }) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await explorer.open({ present: '1' });
    await page.getByTestId('faith.open.perturbation').click();
    const panel = page.getByTestId('faith.panel');
    await expect(panel.getByTestId('faith.curve')).toBeVisible({ timeout: 60_000 });
    expect(await serious(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/screenshots/faith-present-perturbation.png' });
    await panel.getByTestId('faith.tab.perturbation').focus();
    await page.keyboard.press('ArrowRight');
    await expect(panel).toHaveAttribute('data-tool', 'randomisation');
    await expect(panel.getByTestId('faith.stage')).toBeVisible({ timeout: 60_000 });
    expect(await serious(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/screenshots/faith-present-randomisation.png' });
  });
});
