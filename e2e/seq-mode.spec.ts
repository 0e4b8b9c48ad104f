/**
 * The sequence task (the thesis's Experiment 1, §4.2): the task switch, one drawable 28 × 28 image,
 * Shallow and Deep at T = 1, 4, 7 side by side with the relevance per time step under every heatmap,
 * live while drawing; the relevance-through-time chart of a cell (sequence task and MAJ); what the page
 * says without bundled sequence models; the URL; axe.
 *
 * Models: six tiny sequence-task models trained by the CLI (`rrx train --task seq`, 600 images, 2 epochs;
 * kept in test-results/e2e-seq-fixtures between runs) served by a routed models/index.json, so the tests
 * do not depend on which of the zoo's Experiment 1 models public/models holds.
 * Screenshots: test-results/screenshots/seq-mode-*.png.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Download, Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { expect, test } from './fixtures/test';
import { ExplorerPage } from './pages/explorer-page';

const SEQ_FIXTURES = path.resolve('test-results/e2e-seq-fixtures');
const CELLS = (['shallow', 'deep'] as const).flatMap((preset) => [1, 4, 7].map((T) => ({ id: `${preset}-mnist-seq${T}`, preset, T })));
const NAMES = ['Shallow-1', 'Shallow-4', 'Shallow-7', 'Deep-1', 'Deep-4', 'Deep-7'];

/** Trains the missing fixtures with the CLI (about 15 s each here). */
function ensureFixtures(): void {
  for (const c of CELLS) {
    const dir = path.join(SEQ_FIXTURES, c.id);
    if (existsSync(path.join(dir, 'model.json')) && existsSync(path.join(dir, 'weights.bin'))) continue;
    rmSync(dir, { recursive: true, force: true }); // `--out` must not hold a half-written run
    execFileSync(
      process.execPath,
      ['bin/rrx.js', 'train', '--arch', c.preset, '--dataset', 'mnist', '--task', 'seq', '--T', String(c.T), '--limit', '600', '--epochs', '2', '--lr', '0.003', '--seed', '3', '--out', dir],
      { stdio: ['ignore', 'ignore', 'pipe'], timeout: 240_000 },
    );
  }
}

/** Serves an index of the six fixtures in place of public/models/index.json, and their files. */
async function routeSeqIndex(page: Page): Promise<void> {
  const models = CELLS.map((c) => ({ id: c.id, preset: c.preset, dataset: 'mnist', task: 'seq', T: c.T, path: `e2e-seq/${c.id}/`, status: 'trained' }));
  await page.route('**/models/index.json', (r) => r.fulfill({ json: { models } }));
  await page.route('**/models/e2e-seq/**', (r) => {
    const rel = new URL(r.request().url()).pathname.split('/models/e2e-seq/')[1];
    return r.fulfill({ body: readFileSync(path.join(SEQ_FIXTURES, rel)) });
  });
}

type Box = { x: number; y: number; width: number; height: number };
const inView = (b: Box, vw: number, vh: number) => b.x >= 0 && b.y >= 0 && b.x + b.width <= vw + 0.5 && b.y + b.height <= vh + 0.5;

/** The columns and cells as the page shows them: names, steps, sources, boxes; per cell its canvas size and strip. */
async function gridView(page: Page) {
  return page.evaluate(() => {
    const box = (e: Element) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const columns = [...document.querySelectorAll('[data-testid="grid.column"]')].map((e) => ({
      name: e.querySelector('[data-testid="grid.column.name"]')!.textContent,
      steps: (e as HTMLElement).dataset.steps,
      source: (e as HTMLElement).dataset.source,
      box: box(e),
    }));
    const cells = [...document.querySelectorAll('[data-testid="grid.cell"]')].map((e) => {
      const d = (e as HTMLElement).dataset;
      const canvas = e.querySelector('canvas') as HTMLCanvasElement;
      const strip = e.querySelector('[data-testid="grid.steps"]') as HTMLElement | null;
      return {
        method: d.method!,
        col: Number(d.col),
        row: Number(d.row),
        canvas: [canvas.width, canvas.height],
        steps: strip ? Number(strip.dataset.steps) : null,
        values: strip ? strip.dataset.values!.split(',').map(Number) : [],
        figure: e.querySelector('[data-testid="grid.conservation"]')?.getAttribute('data-figure') ?? '',
        box: box(e),
      };
    });
    return { columns, cells, bands: document.querySelectorAll('[data-testid="grid.band"]').length, image: box(document.querySelector('[data-testid="sequence.block.0"]')!), scroll: { x: scrollX, y: scrollY, width: document.documentElement.scrollWidth } };
  });
}

const serious = async (page: Page) => {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
};

test.describe('the sequence task (Experiment 1)', () => {
  test.beforeAll(() => {
    test.setTimeout(600_000);
    ensureFixtures();
  });

  test('switch the task, draw, and see Shallow and Deep at T = 1, 4, 7 side by side with a time-step strip under every heatmap', async ({ explorer, page }) => {
    test.setTimeout(240_000);
    await page.setViewportSize({ width: 1024, height: 768 });
    await routeSeqIndex(page);
    await explorer.open({ index: '7' });
    await expect(page.getByTestId('sequence.blocks')).toHaveAttribute('data-task', 'maj');
    await page.getByTestId('task.seq').check();
    await expect(page.getByTestId('sequence.blocks')).toHaveAttribute('data-task', 'seq');
    await expect(page).toHaveURL(/[?&]task=seq(&|$)/);
    await expect(page.getByTestId('sequence.block.0')).toBeVisible();
    await expect(page.getByTestId('sequence.block.1')).toHaveCount(0); // one image
    await expect(explorer.label).toHaveAttribute('data-label', /^\d$/); // its class is the label
    await explorer.waitForGrid(120_000);

    for (const present of [false, true]) {
      if (present) {
        await page.getByTestId('view.present').click();
        await page.waitForTimeout(200); // the grid re-measures (ResizeObserver)
      }
      const v = await gridView(page);
      expect(v.columns.map((c) => c.name)).toEqual(NAMES);
      expect(v.columns.map((c) => c.steps)).toEqual(['1', '4', '7', '1', '4', '7']);
      expect(v.columns.map((c) => c.source)).toEqual(Array(6).fill('bundled'));
      // Side by side: one band at 1024 × 768 (in presentation mode the larger type wraps it into Shallow | Deep).
      if (!present) {
        expect(v.bands).toBe(1);
        for (let k = 1; k < 6; k++) {
          expect(v.columns[k].box.y).toBeCloseTo(v.columns[0].box.y, 0);
          expect(v.columns[k].box.x).toBeGreaterThan(v.columns[k - 1].box.x + v.columns[k - 1].box.width - 1);
        }
      } else expect(v.bands).toBe(2);
      // The image and the grid's first row in view together, nothing scrolled sideways.
      const firstRow = v.cells.filter((c) => c.row === 0);
      expect(firstRow).toHaveLength(6);
      for (const b of [v.image, ...firstRow.filter((c) => !present || c.col < 3).map((c) => c.box)]) expect(inView(b, 1024, 768), JSON.stringify(b)).toBe(true);
      expect(v.scroll.width).toBe(1024);
      expect(v.image.width).toBeGreaterThanOrEqual(90);
      await page.screenshot({ path: `test-results/screenshots/seq-mode-${present ? 'present-' : ''}1024x768.png` });
      if (present) await page.getByTestId('view.present').click();
    }

    // Every heatmap is the 28 × 28 image's, with one bar per step of its column's T, adding up to ΣR.
    const v = await gridView(page);
    expect(v.cells).toHaveLength(5 * 6);
    for (const c of v.cells) {
      const T = [1, 4, 7][c.col % 3];
      expect(c.canvas, `${c.method}@${c.col}`).toEqual([28, 28]);
      expect(c.steps, `${c.method}@${c.col}`).toBe(T);
      expect(c.values).toHaveLength(T);
      // The figure is written with 3 significant digits (and a true minus sign).
      const sum = Number(/ΣR (\S+)/.exec(c.figure)![1].replace('−', '-'));
      expect(Math.abs(c.values.reduce((a, b) => a + b, 0) - sum), `${c.method}@${c.col}: ${c.figure}`).toBeLessThanOrEqual(0.006 * Math.abs(sum) + 1e-12);
    }

    // Live while drawing: a stroke on the image changes the heatmaps and the strips; the URL keeps the drawing.
    const hashes = await explorer.heatmapHashes();
    const before = await explorer.version();
    await explorer.stroke(0, [
      [4, 4],
      [24, 6],
      [8, 24],
      [24, 24],
    ]);
    await explorer.waitForGrid(120_000);
    expect(await explorer.version()).toBeGreaterThan(before);
    const after = await explorer.heatmapHashes();
    const changed = Object.keys(after).filter((k) => after[k] !== hashes[k]);
    expect(changed.length).toBeGreaterThanOrEqual(24);
    const strips = (await gridView(page)).cells.map((c) => c.values.join(','));
    expect(strips.filter((s, k) => s !== v.cells[k].values.join(',')).length).toBeGreaterThanOrEqual(20);
    await expect(page).toHaveURL(/[?&]blocks=\dp[\w-]+(&|$)/);
    await page.screenshot({ path: 'test-results/screenshots/seq-mode-drawn-1024x768.png' });
  });

  test('the relevance-through-time chart of a cell: what each step keeps and passes back, a gradient method has none', async ({ explorer, page }) => {
    test.setTimeout(240_000);
    await page.setViewportSize({ width: 1280, height: 800 });
    await routeSeqIndex(page);
    await explorer.open({ task: 'seq', index: '7' }, { grid: false });
    await explorer.waitForGrid(120_000);
    const cell = explorer.cell('lrp-alpha-beta:a1.5b0.5', 5); // Deep-7
    await cell.locator('.gcell-map').click();
    await expect(page.getByTestId('details.selected')).toContainText('LRP-α1.5β0.5 on Deep-7 · 7 steps of 4 columns');
    const toggle = page.getByTestId('flow.toggle');
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const chart = page.getByTestId('flow.chart');
    await expect(chart).toHaveAttribute('data-steps', '7');
    const nums = async (attr: string) => ((await chart.getAttribute(attr)) ?? '').split(',').map(Number);
    const kept = await nums('data-kept');
    const passed = await nums('data-passed');
    const output = Number(await chart.getAttribute('data-output'));
    // What a step keeps is the cell's relevance of that step (its strip), step 1 passes nothing back.
    const strip = ((await cell.getByTestId('grid.steps').getAttribute('data-values')) ?? '').split(',').map(Number);
    expect(kept).toHaveLength(7);
    kept.forEach((k, t) => expect(k).toBeCloseTo(strip[t], 6));
    expect(passed[0]).toBe(0);
    // LRP-α1.5β0.5 conserves: what step t passes back is what steps 1…t−1 keep, and all steps keep the output.
    expect(output).toBeGreaterThan(0);
    for (let t = 1; t < 7; t++) expect(passed[t]).toBeCloseTo(kept.slice(0, t).reduce((a, b) => a + b, 0), 3);
    expect(kept.reduce((a, b) => a + b, 0)).toBeCloseTo(output, 3);
    expect(await page.getByTestId('flow.band').count()).toBeGreaterThanOrEqual(1);
    await expect(page.getByTestId('flow.summary')).toContainText('The last step (7) keeps');
    await page.getByText('The numbers').click();
    await expect(page.getByTestId('flow.table').locator('tbody tr')).toHaveCount(7);
    await chart.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/screenshots/seq-mode-flow-1280x800.png' });
    expect(await serious(page)).toEqual([]);

    // Another cell: the chart follows the selection; a gradient method has no flow through time.
    await explorer.cell('deep-taylor', 2).locator('.gcell-map').click(); // Shallow-7
    await expect(page.getByTestId('details.selected')).toContainText('Deep Taylor on Shallow-7');
    await expect(chart).toHaveAttribute('data-steps', '7');
    await explorer.cell('sensitivity', 1).locator('.gcell-map').click();
    await expect(page.getByTestId('flow.none')).toContainText('gradient method');
    await expect(page.getByTestId('flow.chart')).toHaveCount(0);
  });

  test('the relevance-through-time chart in MAJ: 12 steps of a bundled model, conserving', async ({ explorer, page }) => {
    test.setTimeout(180_000);
    await explorer.open({ index: '0' });
    const deep = (await explorer.columnSlots()).findIndex((s) => s.includes('deep'));
    expect(deep).toBeGreaterThanOrEqual(0);
    await explorer.cell('deep-taylor', deep).locator('.gcell-map').click();
    await page.getByTestId('flow.toggle').click();
    const chart = page.getByTestId('flow.chart');
    await expect(chart).toHaveAttribute('data-steps', '12');
    const kept = ((await chart.getAttribute('data-kept')) ?? '').split(',').map(Number);
    const output = Number(await chart.getAttribute('data-output'));
    expect(output).toBeGreaterThan(0);
    expect(kept.reduce((a, b) => a + b, 0)).toBeCloseTo(output, 2);
  });

  test('without bundled sequence models the page says so plainly, offers to train one, and a loaded model joins the grid', async ({ explorer, page }) => {
    test.setTimeout(240_000);
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.route('**/models/index.json', (r) => r.fulfill({ json: { models: [{ id: 'only-maj', preset: 'deep', dataset: 'mnist', task: 'maj', T: 12, path: 'nowhere/' }] } }));
    await explorer.open({ task: 'seq', index: '3' }, { grid: false });
    await explorer.waitForGrid(120_000);
    const notice = page.getByTestId('grid.seq-missing');
    await expect(notice).toContainText('No sequence-task models are bundled for MNIST yet');
    await expect(notice).toHaveAttribute('data-missing', NAMES.join(','));
    await expect(page.getByTestId('grid.column.badge')).toHaveText(Array(6).fill('untrained (random weights)'));
    await page.screenshot({ path: 'test-results/screenshots/seq-mode-missing-1024x768.png' });
    // "Train one": the training form on the sequence task (Deep-4), in view.
    await page.getByTestId('grid.seq-train').click();
    await expect(page.getByTestId('train.task')).toHaveValue('seq4');
    await expect(page.getByTestId('train.preset')).toHaveValue('deep');
    await expect(page.getByTestId('train.panel')).toBeInViewport();
    // Loading a sequence-task model: a seventh column, reading the image at its T.
    await explorer.loadModelFolder(path.join(SEQ_FIXTURES, 'deep-mnist-seq4'));
    await expect(explorer.model.message).toContainText('added to the grid');
    await explorer.waitForGrid(120_000);
    const v = await gridView(page);
    expect(v.columns).toHaveLength(7);
    expect(v.columns[6]).toMatchObject({ steps: '4', source: 'file', name: 'Deep-4 · model.json' });
    expect(v.cells.filter((c) => c.col === 6).every((c) => c.steps === 4 && c.canvas[0] === 28)).toBe(true);
    // Back in MAJ the sequence model is no column there.
    await page.getByTestId('task.maj').check();
    await explorer.waitForGrid(120_000);
    expect((await gridView(page)).columns.map((c) => c.steps)).not.toContain('4');
  });

  test('your own picture as the image, explained at T = 1, 4, 7, and the grid exported as SVG, PNG and CSV with square heatmaps', async ({ explorer, page }) => {
    test.setTimeout(240_000);
    await page.setViewportSize({ width: 1024, height: 768 });
    await routeSeqIndex(page);
    await explorer.open({ index: '7', task: 'seq' });
    await explorer.waitForGrid(120_000);
    const before = { version: await explorer.version(), hashes: await explorer.heatmapHashes() };

    // A "1": a dark vertical bar on light paper, 96 × 96.
    const png = new PNG({ width: 96, height: 96 });
    for (let y = 0; y < 96; y++) for (let x = 0; x < 96; x++) png.data.fill(x >= 42 && x < 54 && y >= 12 && y < 84 ? 25 : 240, 4 * (y * 96 + x), 4 * (y * 96 + x) + 3), (png.data[4 * (y * 96 + x) + 3] = 255);
    await page.getByTestId('upload.file').setInputFiles({ name: 'one.png', mimeType: 'image/png', buffer: PNG.sync.write(png) });
    const dialog = page.getByTestId('upload.dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('upload.block.0')).toBeVisible();
    await expect(dialog.getByTestId('upload.block.1')).toHaveCount(0); // one image in this task
    const after = await dialog.getByTestId('upload.after').evaluate((c) => {
      const d = (c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, 28, 28).data;
      return Array.from({ length: 784 }, (_, i) => d[4 * i]);
    });
    await dialog.getByTestId('upload.class').selectOption('1');
    await dialog.getByTestId('upload.apply').click();
    await expect(dialog).toHaveCount(0);
    await expect.poll(() => explorer.version()).toBeGreaterThan(before.version);
    const shown = await page.getByTestId('sequence.block.0').evaluate((c) => {
      const d = (c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, 28, 28).data;
      return Array.from({ length: 784 }, (_, i) => d[4 * i]);
    });
    expect(shown).toEqual(after);
    await expect(explorer.label).toHaveAttribute('data-label', '1');
    await explorer.waitForGrid(120_000);
    const hashes = await explorer.heatmapHashes();
    expect(Object.keys(hashes).filter((k) => hashes[k] !== before.hashes[k]).length).toBeGreaterThanOrEqual(24);

    const exportFile = async (kind: 'svg' | 'png' | 'csv') => {
      const menu = page.getByTestId('grid.export');
      if ((await menu.getAttribute('open')) === null) await menu.locator('summary').click();
      const [download] = (await Promise.all([page.waitForEvent('download'), page.getByTestId(`grid.export.${kind}`).click()])) as [Download, void];
      return { name: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
    };
    // SVG: the image and every heatmap square (84 × 84), T − 1 lines per heatmap, one bar per step.
    const svg = await exportFile('svg');
    expect(svg.name).toBe('rrx-mnist-image7-edited.svg');
    const text = svg.bytes.toString('utf8');
    expect(text).toContain('MNIST edited image (from test #7) · class 1');
    const sizes = [...text.matchAll(/<image [^>]*width="([\d.]+)" height="([\d.]+)"/g)].map((m) => `${m[1]}x${m[2]}`);
    expect(sizes).toHaveLength(1 + 30);
    expect(new Set(sizes)).toEqual(new Set(['84x84']));
    expect(text.match(/<line /g)).toHaveLength(5 * 2 * (0 + 3 + 6));
    expect(text.match(/<rect class="step"/g)).toHaveLength(5 * 2 * (1 + 4 + 7));
    // PNG: that figure at 2×, a real image.
    const pngOut = await exportFile('png');
    expect(pngOut.name).toBe('rrx-mnist-image7-edited.png');
    mkdirSync('test-results/screenshots', { recursive: true });
    writeFileSync('test-results/screenshots/seq-mode-export.png', pngOut.bytes);
    const decoded = PNG.sync.read(pngOut.bytes);
    const [, w, h] = /<svg [^>]*width="(\d+)" height="(\d+)"/.exec(text)!.map(Number);
    expect([decoded.width, decoded.height]).toEqual([2 * w, 2 * h]);
    // CSV: 30 rows, each with its column's T steps.
    const csv = (await exportFile('csv')).bytes.toString('utf8').trim().split('\r\n');
    expect(csv).toHaveLength(1 + 30);
    const head = csv[0].split(',');
    expect(head.filter((c) => c.startsWith('step_'))).toHaveLength(7);
  });

  test('a link opens the sequence task with its drawn image; Back returns to the MAJ sequence before', async ({ explorer, page }) => {
    test.setTimeout(180_000);
    await routeSeqIndex(page);
    await explorer.open({ index: '4' });
    await page.getByTestId('task.seq').check();
    await explorer.waitForGrid(120_000);
    await expect(page).toHaveURL(/task=seq/);
    await explorer.stroke(0, [
      [14, 2],
      [14, 26],
    ]);
    await explorer.waitForGrid(120_000);
    await expect(page).toHaveURL(/blocks=/);
    const url = page.url();
    const hashes = await explorer.heatmapHashes();
    // A fresh page from the link: the same image, the same heatmaps.
    const other = await page.context().newPage();
    await routeSeqIndex(other);
    await other.goto(url);
    await other.waitForFunction(() => window.__rrx?.gridSettled() === true, null, { timeout: 120_000, polling: 100 });
    await expect(other.getByTestId('sequence.blocks')).toHaveAttribute('data-task', 'seq');
    await expect(other.getByTestId('sequence.blocks')).toHaveAttribute('data-edited', '1');
    expect(await new ExplorerPage(other).heatmapHashes()).toEqual(hashes);
    await other.close();
    expect(Object.keys(hashes)).toHaveLength(30);
    // Back: the MAJ sequence the task switch left.
    await page.goBack();
    await expect(page.getByTestId('sequence.blocks')).toHaveAttribute('data-task', 'maj');
    await explorer.waitForGrid(120_000);
    await expect(explorer.majority).toContainText('MNIST-MAJ test #4');
  });
});
