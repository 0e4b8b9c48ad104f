/**
 * Measures the latency from the end of a stroke (mouse up) to the updated grid (every cell's
 * heatmap painted: after the frame that follows the last result's landing, perf-marks.ts
 * afterNextPaint): 5 methods × 1 architecture on WASM. The grid follows the pen during the stroke,
 * so when the pen rests before it is lifted the grid may already show the last pixels (the figure
 * is then one frame). `npm run bench:ui` measures the default 5 × 2 grid with live updates and
 * main-thread times. Then the worker alone: the five thesis methods on the same sequence, explainGrid called
 * directly (no drawing, no painting) after 20 warm-up calls, as `rrx bench` does in Node. Prints the
 * figures and writes them to test-results/latency.json. No timing assert (the machine is shared): it
 * checks only that every stroke got its measurement.
 */
import { writeFileSync } from 'node:fs';
import { expect, test } from './fixtures/test';

const STROKES = 20;
const WARM_STROKES = 3;

test('stroke → grid latency, 5 methods × 1 architecture (prints the figure)', async ({ explorer }) => {
  test.setTimeout(180_000);
  await explorer.open({ arch: 'deep' });
  // Warm-up strokes (first kernels, caches).
  for (let i = 0; i < WARM_STROKES; i++) {
    await explorer.page.evaluate((k) => window.__rrx!.actions().clearBlock(k), i % 3);
    await explorer.waitForGrid();
    await explorer.stroke(i % 3, [
      [4, 4 + i],
      [24, 20 - i],
    ]);
    await explorer.waitForGrid();
  }
  // Each stroke's figure is recorded two animation frames after its grid lands: wait for all three
  // warm-up figures, or a late one would be counted as the first measured stroke's.
  await expect.poll(async () => (await explorer.page.evaluate(() => window.__rrx!.latencies())).length, { timeout: 30_000 }).toBe(WARM_STROKES);
  const warm = WARM_STROKES;
  /** The worker's own time for the final request of each stroke (explainGrid, 5 methods). */
  const compute: number[] = [];
  for (let i = 0; i < STROKES; i++) {
    // On a cleared block, so that every stroke adds ink (a stroke over saturated ink changes
    // nothing, asks for nothing and records no latency).
    await explorer.page.evaluate((k) => window.__rrx!.actions().clearBlock(k), i % 3);
    await explorer.waitForGrid();
    await explorer.stroke(i % 3, [
      [3 + (i % 7), 5],
      [14, 14 + (i % 5)],
      [24 - (i % 6), 23],
    ]);
    await expect.poll(async () => (await explorer.page.evaluate(() => window.__rrx!.latencies())).length, { timeout: 30_000 }).toBe(warm + i + 1);
    await explorer.waitForGrid();
    compute.push(await explorer.page.evaluate(() => Object.values(window.__rrx!.state().grid.results)[0].ms));
  }
  const all = (await explorer.page.evaluate(() => window.__rrx!.latencies())).slice(warm);
  expect(all).toHaveLength(STROKES);
  const sorted = [...all].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  // The worker alone, steady state: 20 warm-up calls, then 30 timed (its own ms for the grid call).
  const direct = await explorer.page.evaluate(async () => {
    const api = window.__rrx!;
    const st = api.state();
    const slot = Object.keys(st.grid.results)[0];
    const px = st.seq.pixels!;
    const ms: number[] = [];
    for (let i = 0; i < 50; i++) {
      const r = await api.call({ kind: 'explainGrid', slot, pixels: px.slice(), label: st.seq.label, mask: st.seq.mask, methods: st.grid.methods, version: 10_000 + i });
      if (i >= 20) ms.push(r.ms);
    }
    return ms.sort((a, b) => a - b);
  });
  expect(direct).toHaveLength(30);
  const summary = {
    strokes: STROKES, methods: 5, architectures: 1, backend: await explorer.backendName(), medianMs: q(0.5), p90Ms: q(0.9), minMs: sorted[0], maxMs: sorted[sorted.length - 1],
    workerMedianMs: [...compute].sort((a, b) => a - b)[Math.floor(compute.length / 2)], allMs: all.map((v) => Math.round(v)),
    workerSteadyMedianMs: direct[15], workerSteadyMinMs: direct[0],
  };
  writeFileSync('test-results/latency.json', JSON.stringify(summary, null, 2));
  console.log(`stroke → grid latency (${summary.backend}, 5 methods × 1 architecture, ${STROKES} strokes): median ${summary.medianMs.toFixed(0)} ms, p90 ${summary.p90Ms.toFixed(0)} ms, min ${summary.minMs.toFixed(0)} ms, max ${summary.maxMs.toFixed(0)} ms; the worker's explainGrid itself: median ${summary.workerMedianMs.toFixed(0)} ms while drawing, ${summary.workerSteadyMedianMs.toFixed(1)} ms (min ${summary.workerSteadyMinMs.toFixed(1)}) called directly in steady state`);
});
