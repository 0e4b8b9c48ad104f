/**
 * Issue 5, step 5: a model saved by Node loads in the browser through the file input, joins the
 * grid and computes what Node computes; every file of the corruption corpus is rejected with its
 * own message, and the grid's models stay.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { CORPUS, EXPECTED, NODE_MODEL } from './fixtures/paths';
import { expect, test } from './fixtures/test';

interface CaseInfo {
  name: string;
  code: string;
  expect: string;
  description: string;
}

test.describe('model files', () => {
  test('a model saved by Node loads, joins the grid and gives the logits Node computed', async ({ explorer, page }) => {
    await explorer.open({ arch: 'deep' });
    await explorer.loadModelFolder(NODE_MODEL);
    await expect(explorer.model.error).toHaveCount(0);
    await expect(explorer.model.message).toContainText('added to the grid');
    await explorer.waitForGrid();
    const slots = await explorer.columnSlots();
    expect(slots).toHaveLength(2);
    const card = page.locator(`[data-testid="model.card"][data-slot="${slots[1]}"]`);
    await expect(card.getByTestId('model.name')).toHaveText('Deep');
    await expect(card.getByTestId('model.parameters')).toHaveText('153,578');
    await expect(card).toHaveAttribute('data-source', 'file');
    const expected = JSON.parse(readFileSync(EXPECTED, 'utf8')) as { indices: number[]; logits: number[][] };
    for (const [k, index] of expected.indices.entries()) {
      const r = await explorer.call({ kind: 'explain', slot: slots[1], dataset: 'mnist', task: 'maj', split: 'test', index, method: 'sensitivity' });
      const diff = Math.max(...r.logits.map((v, j) => Math.abs(v - expected.logits[k][j])));
      expect(diff, `logits of test sequence ${index}`).toBeLessThan(1e-4);
    }
  });

  test('a corrupted model file shows the loader message and leaves the current models (whole corpus)', async ({ explorer }) => {
    test.setTimeout(180_000);
    await explorer.open({ arch: 'deep' });
    await explorer.loadModelFolder(NODE_MODEL);
    await explorer.waitForGrid();
    const slots = await explorer.columnSlots();
    const hashes = await explorer.heatmapHashes();
    const cases = readdirSync(CORPUS).sort();
    expect(cases.length).toBeGreaterThanOrEqual(10);
    const messages = new Map<string, string>();
    for (const name of cases) {
      const info = JSON.parse(readFileSync(path.join(CORPUS, name, 'case.json'), 'utf8')) as CaseInfo;
      await explorer.loadModelFolder(path.join(CORPUS, name));
      await expect(explorer.model.error, `${name}: ${info.description}`).toContainText(info.expect);
      messages.set(name, (await explorer.model.error.textContent()) ?? '');
    }
    // The models are the same as before, in the page and in the worker, and still explain.
    expect(await explorer.columnSlots()).toEqual(slots);
    expect((await explorer.call({ kind: 'memory' })).slots.sort()).toEqual([...slots].sort());
    expect(await explorer.heatmapHashes()).toEqual(hashes);
    await explorer.stroke(0, [
      [5, 5],
      [20, 20],
    ]);
    await explorer.waitForGrid();
    expect((await explorer.cells()).filter((c) => c.slot === slots[1])).toHaveLength(5);
    // Each case got a message of its own.
    expect(new Set(messages.values()).size).toBe(cases.length);
  });

  test('choosing only one file says what is missing', async ({ explorer }) => {
    await explorer.open({ arch: '-' }, { grid: false });
    await explorer.model.files.setInputFiles([path.join(NODE_MODEL, 'model.json')]);
    await expect(explorer.model.error).toHaveText('choose exactly two files, model.json and weights.bin (got model.json)');
  });
});
