/** Issue 5, step 8: 100 grid updates leave no tensor behind in the worker. */
import { expect, test } from './fixtures/test';

test('no tensors leak in the worker over 100 grid updates', async ({ explorer, page }) => {
  test.setTimeout(180_000);
  await explorer.open({ arch: 'deep' }); // 5 methods × 1 architecture: 100 updates stay quick on 2 cores
  const before = await explorer.call({ kind: 'memory' });
  const updates = await page.evaluate(async () => {
    const api = window.__rrx!;
    const settled = () =>
      new Promise<void>((resolve) => {
        const poll = () => (api.gridSettled() ? resolve() : setTimeout(poll, 5));
        poll();
      });
    let n = 0;
    for (let i = 0; i < 100; i++) {
      const px = api.state().seq.pixels!.slice();
      px[(i % 28) * 84 + 28 + (i % 28)] = 255 - i; // one pixel of block 1 per update
      api.actions().paint(px, 1);
      await settled(); // each update is computed (none superseded)
      n++;
    }
    return n;
  });
  expect(updates).toBe(100);
  const after = await explorer.call({ kind: 'memory' });
  expect(after.slots.sort()).toEqual(before.slots.sort());
  expect(after.numTensors).toBe(before.numTensors);
  expect(after.numBytes).toBe(before.numBytes);
});
