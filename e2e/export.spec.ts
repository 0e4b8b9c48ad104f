/**
 * Export for papers and slides (issue "The explorer in a lecture hall", item 7): the grid as SVG
 * and PNG figures and its numbers as CSV and JSON, compared with what the grid shows (its data
 * attributes) and holds (the test API's store snapshot).
 */
import { readFileSync } from 'node:fs';
import type { Download, Page } from '@playwright/test';
import { expect, test } from './fixtures/test';

async function exportFile(page: Page, kind: 'svg' | 'png' | 'csv' | 'json'): Promise<{ name: string; bytes: Buffer }> {
  const menu = page.getByTestId('grid.export');
  if ((await menu.getAttribute('open')) === null) await menu.locator('summary').click();
  const [download] = (await Promise.all([page.waitForEvent('download'), page.getByTestId(`grid.export.${kind}`).click()])) as [Download, void];
  return { name: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
}

/** RFC 4180 rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++;
    else field += ch;
  }
  return rows;
}

test('the grid exports as SVG, PNG, CSV and JSON holding the numbers it shows', async ({ explorer, page }) => {
  test.setTimeout(120_000);
  await explorer.open({ index: '22' });
  const shown = await explorer.cells(); // 5 methods × 2 models, from the cells' data attributes
  expect(shown).toHaveLength(10);
  const results = await page.evaluate(() => {
    const s = window.__rrx!.state();
    return Object.fromEntries(Object.entries(s.grid.results).map(([slot, r]) => [slot, { target: r.target, predicted: r.predicted, cells: r.cells.map((c) => ({ method: c.method, blockShares: c.blockShares, cosine: c.cosine, conservation: c.conservation, perStep: c.perStep, heatmap: Array.from(c.heatmap) })) }]));
  });
  const stored = (method: string, slot: string) => results[slot].cells.find((c) => c.method === method)!;

  // CSV: one row per cell, every number as the grid holds it.
  const csv = await exportFile(page, 'csv');
  expect(csv.name).toBe('rrx-mnist-test22.csv');
  const [head, ...rows] = parseCsv(csv.bytes.toString('utf8'));
  expect(rows).toHaveLength(10);
  const col = (r: string[], name: string) => r[head.indexOf(name)];
  for (const c of shown) {
    const r = rows.find((x) => col(x, 'method') === c.method && col(x, 'slot') === c.slot)!;
    const s = stored(c.method, c.slot);
    expect(Number(col(r, 'cosine'))).toBe(c.cosine);
    expect([1, 2, 3].map((k) => Number(col(r, `share_block${k}`)))).toEqual(s.blockShares);
    expect([Number(col(r, 'sum_relevance')), Number(col(r, 'logit'))]).toEqual([s.conservation.sum, s.conservation.logit]);
    expect(Array.from({ length: 12 }, (_, t) => Number(col(r, `step_${t + 1}`)))).toEqual(s.perStep);
    expect(Number(col(r, 'explained_class'))).toBe(results[c.slot].target);
  }

  // JSON: the same numbers and the heatmaps.
  const json = JSON.parse((await exportFile(page, 'json')).bytes.toString('utf8'));
  expect(json).toMatchObject({ format: 'rrx-grid', version: 1, sequence: { dataset: 'mnist', index: 22, edited: false } });
  expect(json.cells).toHaveLength(10);
  for (const d of json.cells) {
    const s = stored(d.method, d.slot);
    expect([d.cosine, d.blockShares, d.perStep, d.conservation.sumRelevance, d.conservation.logit]).toEqual([s.cosine, s.blockShares, s.perStep, s.conservation.sum, s.conservation.logit]);
    expect(d.heatmap.flat()).toEqual(s.heatmap);
  }

  // SVG: parses as XML, one embedded PNG per cell plus the input, titles, methods, shares and cosines.
  const svg = (await exportFile(page, 'svg')).bytes.toString('utf8');
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const root = doc.documentElement;
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      root: root.nodeName,
      width: Number(root.getAttribute('width')),
      images: [...doc.querySelectorAll('image')].map((i) => (i.getAttribute('href') ?? '').slice(0, 22)),
      cells: [...doc.querySelectorAll('g.cell')].map((g) => ({ method: g.getAttribute('data-method'), slot: g.getAttribute('data-slot'), text: [...g.querySelectorAll('text')].map((t) => t.textContent).join(' | ') })),
      text: [...doc.querySelectorAll('text')].map((t) => t.textContent).join('\n'),
      stops: doc.querySelectorAll('linearGradient stop').length,
    };
  }, svg);
  expect(parsed.error).toBeNull();
  expect(parsed.root).toBe('svg');
  expect(parsed.images).toHaveLength(11);
  expect(parsed.images.every((h) => h === 'data:image/png;base64,')).toBe(true);
  expect(parsed.stops).toBe(21);
  expect(parsed.text).toContain('MNIST-MAJ test sequence #22');
  for (const label of ['Sensitivity', 'Guided backprop', 'Gradient × input', 'Deep Taylor', 'LRP-α1.5β0.5']) expect(parsed.text).toContain(label);
  for (const c of shown) {
    const g = parsed.cells.find((x) => x.method === c.method && x.slot === c.slot)!;
    expect(g.text).toContain(`cos ${(c.cosine as number).toFixed(3)}`);
    expect(g.text).toContain(`shares ${stored(c.method, c.slot).blockShares.map((x) => x.toFixed(2)).join(' · ')}`);
  }

  // PNG: the same figure at 2×.
  const png = (await exportFile(page, 'png')).bytes;
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(png.readUInt32BE(16)).toBe(2 * parsed.width);
  await expect(page.getByTestId('grid.export.status')).toContainText('Saved rrx-mnist-test22.png: 10 cells.');
});
