/**
 * The grid follows the pen: heatmaps, scores and predictions change during a stroke, before the
 * mouse is released; grid requests are coalesced (one per model in flight, the newest pixels
 * next), so a fast stroke sends far fewer requests than it has pointer moves; and the page fetches
 * no training image until a training run starts. Behaviour only: timings are `npm run bench:ui`'s.
 */
import { expect, test } from './fixtures/test';

test.describe('live while drawing', () => {
  test('during a stroke (mouse still down) the heatmaps, scores and predictions change', async ({ explorer, page }) => {
    await explorer.open();
    // An empty first block, so that every move adds ink.
    await page.getByTestId('sequence.clear.0').click();
    await explorer.waitForGrid();
    const before = await explorer.heatmapHashes();
    const versions = async () => (await explorer.cells()).map((c) => c.version);
    const v0 = Math.max(...(await versions()));
    const move = await explorer.pressOn(0, [4, 4]);
    for (const p of [[8, 8], [12, 12], [16, 14], [20, 18], [23, 23]] as [number, number][]) await move(p, 3);
    // Still pressed: the grid has already been updated with the stroke so far.
    await expect.poll(async () => Math.min(...(await versions())), { timeout: 30_000 }).toBeGreaterThan(v0);
    await expect.poll(async () => {
      const now = await explorer.heatmapHashes();
      return Object.keys(before).filter((k) => now[k] !== before[k]).length;
    }).toBeGreaterThanOrEqual(6);
    const during = await page.evaluate(() => {
      const s = window.__rrx!.state();
      return { drawing: s.seq.drawing, latencies: s.grid.latencies.length, predicted: Object.values(s.grid.results).map((r) => r.version) };
    });
    expect(during.drawing).toBe(true); // the stroke has not ended
    expect(during.predicted.every((v) => v > v0)).toBe(true); // the predictions come with the same results
    await page.mouse.up();
    await explorer.waitForGrid();
    expect(await page.evaluate(() => window.__rrx!.state().seq.drawing)).toBe(false);
  });

  test('a fast stroke sends far fewer grid requests than it has pointer moves (coalesced), and its end the newest pixels', async ({ explorer, page }) => {
    await explorer.open();
    await page.getByTestId('sequence.clear.1').click();
    await explorer.waitForGrid();
    const box = (await page.getByTestId('sequence.block.1').boundingBox())!;
    await page.getByTestId('sequence.block.1').evaluate((el) => {
      const w = window as unknown as { __moves: number; __events: number };
      w.__moves = 0;
      w.__events = 0;
      el.addEventListener('pointermove', (e) => {
        w.__events++;
        w.__moves += Math.max(1, (e as PointerEvent).getCoalescedEvents?.().length ?? 1);
      });
    });
    // A pen reporting faster than the page paints: bursts of 10 moves sent at once, 12 bursts.
    const cdp = await page.context().newCDPSession(page);
    const at = (u: number, v: number) => ({ x: box.x + ((3 + 22 * u) / 28) * box.width, y: box.y + ((3 + 22 * v) / 28) * box.height });
    const send = (type: 'mousePressed' | 'mouseMoved' | 'mouseReleased', p: { x: number; y: number }) =>
      cdp.send('Input.dispatchMouseEvent', { type, ...p, button: 'left', buttons: type === 'mouseReleased' ? 0 : 1, clickCount: 1 });
    const r0 = (await explorer.requestCounts()).explainGrid ?? 0;
    await send('mousePressed', at(0, 0));
    const N = 120;
    for (let b = 0; b < N / 10; b++) {
      await Promise.all(Array.from({ length: 10 }, (_, j) => {
        const k = b * 10 + j + 1;
        return send('mouseMoved', at(k / N, Math.abs(Math.sin((3 * Math.PI * k) / N))));
      }));
    }
    const { moves, events } = await page.evaluate(() => {
      const w = window as unknown as { __moves: number; __events: number };
      return { moves: w.__moves, events: w.__events };
    });
    const during = ((await explorer.requestCounts()).explainGrid ?? 0) - r0;
    await send('mouseReleased', at(1, 0));
    await explorer.waitForGrid();
    const slots = await explorer.columnSlots();
    console.log(`coalescing: ${moves} pointer moves in ${events} pointermove events → ${during} grid requests (${slots.length} columns)`);
    expect(moves).toBeGreaterThanOrEqual(N * 0.9);
    // At most one request per model per animation frame with new ink, one in flight per model:
    // never one per move.
    expect(during, `${during} grid requests for ${moves} pointer moves in ${events} pointermove events, ${slots.length} columns`).toBeLessThanOrEqual(moves / 3);
    // The grid ends on the stroke's last pixels: every column shows the current version.
    const s = await page.evaluate(() => {
      const st = window.__rrx!.state();
      return { version: st.seq.version, results: Object.values(st.grid.results).map((r) => r.version) };
    });
    expect(s.results.every((v) => v === s.version)).toBe(true);
  });

  test('no training image is fetched until a training run starts', async ({ explorer, page }) => {
    const fetched: string[] = [];
    // Context-wide: the worker's fetches (the data) are reported there too.
    page.context().on('request', (r) => fetched.push(new URL(r.url()).pathname));
    await explorer.open({ arch: 'deep' });
    // The test images the page explains are fetched at start; the training images are not.
    expect(fetched.some((p) => /\/data\/mnist-test-images\.u8/.test(p))).toBe(true);
    expect(fetched.filter((p) => /train-images/.test(p))).toEqual([]);
    // Drawing, stepping through sequences and a test image for a block fetch none either.
    await explorer.stroke(0, [[4, 4], [20, 20]]);
    await explorer.next.click();
    await page.getByTestId('sequence.replace.2').click();
    await explorer.waitForGrid();
    expect(fetched.filter((p) => /train-images/.test(p))).toEqual([]);
    // Training starts: now the training images come.
    await explorer.train.limit.fill('40');
    await explorer.train.epochs.fill('1');
    await explorer.train.batchSize.fill('20');
    await explorer.train.start.click();
    await expect.poll(() => fetched.filter((p) => /\/data\/mnist-train-images\.u8/.test(p)).length, { timeout: 60_000 }).toBe(1);
    await expect(explorer.train.done).toContainText('Done after 2 steps', { timeout: 90_000 });
  });
});
