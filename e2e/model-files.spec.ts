/**
 * Issue 3: a model saved by Node loads in the browser through the file input and computes what
 * Node computes; every file of the corruption corpus is rejected with its own message, and the
 * current model stays.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { CORPUS, EXPECTED, NODE_MODEL } from './fixtures/paths';
import { expect, test } from './fixtures/test';
import type { ExplorerPage } from './pages/explorer-page';

interface CaseInfo {
  name: string;
  code: string;
  expect: string;
  description: string;
}

/** Chooses a folder's model pair in the file input and waits until that load attempt finished. */
async function loadFolder(explorer: ExplorerPage, dir: string): Promise<void> {
  const panel = explorer.page.getByTestId('model.panel');
  const before = Number(await panel.getAttribute('data-attempts'));
  await explorer.chooseModelFolder(dir);
  await expect(panel).toHaveAttribute('data-attempts', String(before + 1), { timeout: 30_000 });
}

test.describe('model files', () => {
  test('a model saved by Node loads and gives the logits Node computed', async ({ explorer }) => {
    await explorer.open();
    await loadFolder(explorer, NODE_MODEL);
    await expect(explorer.model.error).toHaveCount(0);
    await expect(explorer.model.current).toHaveAttribute('data-source', 'file');
    await expect(explorer.model.name).toHaveText('Deep');
    await expect(explorer.model.parameters).toHaveText('153,578');
    const expected = JSON.parse(readFileSync(EXPECTED, 'utf8')) as { indices: number[]; logits: number[][] };
    for (const [k, index] of expected.indices.entries()) {
      const r = await explorer.call({ kind: 'explain', dataset: 'mnist', task: 'maj', split: 'test', index, method: 'sensitivity' });
      const diff = Math.max(...r.logits.map((v, j) => Math.abs(v - expected.logits[k][j])));
      expect(diff, `logits of test sequence ${index}`).toBeLessThan(1e-4);
    }
  });

  test('every corruption-corpus case is rejected with its message and the current model stays', async ({ explorer }) => {
    test.setTimeout(180_000);
    await explorer.open();
    await loadFolder(explorer, NODE_MODEL);
    await expect(explorer.model.name).toHaveText('Deep');
    const cases = readdirSync(CORPUS).sort();
    expect(cases.length).toBeGreaterThanOrEqual(10);
    const messages = new Map<string, string>();
    for (const name of cases) {
      const info = JSON.parse(readFileSync(path.join(CORPUS, name, 'case.json'), 'utf8')) as CaseInfo;
      await loadFolder(explorer, path.join(CORPUS, name));
      await expect(explorer.model.error, `${name}: ${info.description}`).toContainText(info.expect);
      messages.set(name, (await explorer.model.error.textContent()) ?? '');
      // The valid model is still the current one, in the page and in the worker.
      await expect(explorer.model.current).toHaveAttribute('data-source', 'file');
      await expect(explorer.model.parameters).toHaveText('153,578');
    }
    const worker = await explorer.call({ kind: 'explain', dataset: 'mnist', task: 'maj', split: 'test', index: 0, method: 'sensitivity' });
    expect(worker.logits).toHaveLength(10);
    // Each case got a message of its own.
    expect(new Set(messages.values()).size).toBe(cases.length);
  });

  test('choosing only one file says what is missing', async ({ explorer }) => {
    await explorer.open();
    await explorer.model.files.setInputFiles([path.join(NODE_MODEL, 'model.json')]);
    await expect(explorer.model.error).toHaveText('choose exactly two files, model.json and weights.bin (got model.json)');
  });
});
