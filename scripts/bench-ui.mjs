#!/usr/bin/env node
// `npm run bench:ui`: how the page feels, on the production build (built if needed, as `npm start`
// does), in Debian's Chromium (headless, Playwright), on the WASM backend, for the default view:
// 5 methods × 2 architectures (Deep, R-LSTM-SD). Prints, and writes to test-results/bench-ui.json:
//
//   ready      navigation → grid with heatmaps painted (the page's `rrx:grid-ready` mark), in a fresh
//              browser context (nothing cached) and on reloads (HTTP cache warm); bytes fetched
//   latency    stroke end (mouse up) → every heatmap of the grid repainted with the stroke's last
//              pixels (two animation frames after the last column's result is in the store): median, p90
//   live       grid updates per second while a stroke is drawn (results landing per column during
//              the stroke), and explain requests per stroke next to pointer moves per stroke
//   main       main-thread time per pointer move: the pointermove event's dispatch on the page's main
//              thread (Chromium trace, EventDispatch), p50 and p95; beside it the input round trip
//              (CDP Input.dispatchMouseEvent: until the page has handled the move, waiting included)
//              and how busy the main thread was during strokes
//   worker     the worker's own explainGrid time for the same strokes (GridResult.ms), and called
//              directly in steady state (20 warm-up calls, 30 timed, per column)
//
// No figure is asserted: the targets are printed beside the figures (✓ / ✗). Strokes are drawn as
// a pen would: 40 moves per stroke at 60 per second, on a cleared block (so that every move adds ink).
//
// Options: --port <n> (4390)  --out-dir <dir> (dist)  --strokes <n> (20)  --warm <n> (3)
//          --moves <n> (40)  --loads <n> (3)  --json <file> (test-results/bench-ui.json)
//          --trace <file> (also save the Chromium trace of the measured strokes)
//          --no-build (serve --out-dir as it is: e.g. the build of an older commit, for a baseline
//          measured in the same conditions; a page without this commit's test hooks gets 'n/a' for
//          the live figures, and its ready time is taken when its grid settles, before the paint)
import { chromium } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import { buildDecision, writeStamp } from './lib/build-freshness.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const args = process.argv.slice(2);
const opt = (flag, fallback) => {
  const i = args.indexOf(flag);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const PORT = Number(opt('--port', '4390'));
const OUT_DIR = path.resolve(root, opt('--out-dir', 'dist'));
const STROKES = Number(opt('--strokes', '20'));
const WARM = Number(opt('--warm', '3'));
const MOVES = Number(opt('--moves', '40'));
const LOADS = Number(opt('--loads', '3'));
const JSON_OUT = path.resolve(root, opt('--json', 'test-results/bench-ui.json'));
const TRACE_OUT = opt('--trace', null);
const CHROMIUM = process.env.RRX_CHROMIUM ?? '/usr/lib/chromium/chromium';
const TARGETS = { latencyMedianMs: 60, updatesPerSecond: 10, pointerMoveP95Ms: 8, readyMs: 2000 };
const MOVE_INTERVAL_MS = 1000 / 60;

const log = (msg) => console.log(`[bench:ui] ${msg}`);
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const quantile = (xs, p) => {
  const s = sorted(xs);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN;
};
const median = (xs) => quantile(xs, 0.5);
const fmt = (v, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// 1. The production build and its server ---------------------------------------------------------
const decision = args.includes('--no-build') ? { build: false, reason: `--no-build: serving ${OUT_DIR} as it is` } : buildDecision(root, OUT_DIR);
if (decision.build) {
  log(`building the production bundle (${decision.reason})…`);
  const startedAt = Date.now();
  await build({ root, logLevel: 'error', build: { outDir: OUT_DIR, emptyOutDir: true } });
  writeStamp(OUT_DIR, startedAt);
} else log(`production build: ${decision.reason}`);
const server = await preview({ root, logLevel: 'error', build: { outDir: OUT_DIR }, preview: { host: '127.0.0.1', port: PORT, strictPort: true } });
const BASE = `http://127.0.0.1:${PORT}`;
const URL_PATH = '/?test=1&backend=wasm';

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--enable-unsafe-webgpu'] });
const result = { machine: { cpus: (await import('node:os')).cpus().length, loadavg: (await import('node:os')).loadavg() }, targets: TARGETS };

try {
  // 2. Ready with heatmaps ---------------------------------------------------------------------------
  const readyMark = (page) =>
    page
      .waitForFunction(() => performance.getEntriesByName('rrx:grid-ready')[0]?.startTime ?? (window.__rrx && !window.__rrx.gridLog && window.__rrx.gridSettled() ? performance.now() : false), null, { timeout: 120_000, polling: 20 })
      .then((h) => h.jsonValue());
  const loads = [];
  let context = null;
  let page = null;
  for (let i = 0; i < LOADS; i++) {
    const fresh = i === 0;
    if (fresh) {
      context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      page = await context.newPage();
    }
    const fetched = [];
    const onDone = async (req) => {
      const sizes = await req.sizes().catch(() => null);
      fetched.push({ url: req.url().replace(BASE, ''), bytes: sizes ? sizes.responseBodySize + sizes.responseHeadersSize : 0 });
    };
    context.on('requestfinished', onDone);
    if (fresh) await page.goto(BASE + URL_PATH);
    else await page.reload();
    const ms = await readyMark(page);
    await sleep(300); // let late responses finish their accounting
    context.off('requestfinished', onDone);
    const bytes = fetched.reduce((a, f) => a + f.bytes, 0);
    loads.push({ kind: fresh ? 'fresh context' : 'reload', readyMs: ms, bytes, files: fetched.filter((f) => f.bytes > 100_000).map((f) => `${f.url} ${(f.bytes / 1e6).toFixed(2)} MB`) });
    log(`ready with heatmaps (${fresh ? 'fresh browser context' : 'reload'}): ${fmt(ms, 0)} ms, ${(bytes / 1e6).toFixed(2)} MB over the network`);
  }
  result.ready = loads;
  const trainFetched = loads.flatMap((l) => l.files).filter((f) => /train-images/.test(f));
  if (trainFetched.length) log(`note: training images were fetched at load: ${trainFetched.join(', ')}`);

  // 3. Strokes ----------------------------------------------------------------------------------------
  const cdp = await context.newCDPSession(page);
  const settled = () => page.waitForFunction(() => window.__rrx?.gridSettled() === true, null, { timeout: 60_000, polling: 20 });
  await settled();
  const slots = await page.evaluate(() => Object.keys(window.__rrx.state().grid.results));
  const boxes = [];
  for (let k = 0; k < 3; k++) boxes.push(await page.getByTestId(`sequence.block.${k}`).boundingBox());
  /** A zig-zag across the block: `MOVES` points after the first, in block pixel coordinates. */
  const pathOf = (i) =>
    Array.from({ length: MOVES + 1 }, (_, j) => {
      const u = j / MOVES;
      return [4 + 20 * u, 6 + 16 * Math.abs(Math.sin((u * Math.PI * (2 + (i % 3))) / 1)) + (i % 4)];
    });
  const mouse = (type, block, [x, y]) => {
    const b = boxes[block];
    return cdp.send('Input.dispatchMouseEvent', { type, x: b.x + (x / 28) * b.width, y: b.y + (y / 28) * b.height, button: 'left', buttons: type === 'mouseReleased' ? 0 : 1, clickCount: 1 });
  };
  const strokes = [];
  const stroke = async (i) => {
    const block = i % 3;
    await page.evaluate((k) => window.__rrx.actions().clearBlock(k), block);
    await settled();
    const latBefore = await page.evaluate(() => window.__rrx.latencies().length);
    const pts = pathOf(i);
    const [t0, r0] = await page.evaluate(() => [performance.now(), (window.__rrx.requestCounts?.().explainGrid ?? NaN)]);
    await mouse('mousePressed', block, pts[0]);
    const roundTrips = [];
    const start = performance.now();
    for (let j = 1; j < pts.length; j++) {
      const wait = start + j * MOVE_INTERVAL_MS - performance.now();
      if (wait > 0) await sleep(wait);
      const s = performance.now();
      await mouse('mouseMoved', block, pts[j]);
      roundTrips.push(performance.now() - s);
    }
    await mouse('mouseReleased', block, pts[pts.length - 1]);
    const t1 = await page.evaluate(() => performance.now());
    await page.waitForFunction((n) => window.__rrx.latencies().length > n, latBefore, { timeout: 60_000, polling: 20 });
    await settled();
    const t2 = await page.evaluate(() => performance.now());
    const r1 = await page.evaluate(() => (window.__rrx.requestCounts?.().explainGrid ?? NaN));
    return { block, t0, t1, t2, roundTrips, requests: r1 - r0 };
  };
  log(`${WARM} warm-up strokes, then ${STROKES} measured strokes of ${MOVES} moves at 60 per second…`);
  for (let i = 0; i < WARM; i++) await stroke(i);
  const latWarm = await page.evaluate(() => window.__rrx.latencies().length);
  const logFrom = await page.evaluate(() => window.__rrx.gridLog?.().length ?? 0);
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  for (let i = 0; i < STROKES; i++) strokes.push(await stroke(WARM + i));
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8'));
  if (TRACE_OUT) writeFileSync(TRACE_OUT, JSON.stringify(trace));
  const latencies = (await page.evaluate(() => window.__rrx.latencies())).slice(latWarm);
  const hasLog = await page.evaluate(() => typeof window.__rrx.gridLog === 'function');
  const gridLog = hasLog ? (await page.evaluate(() => window.__rrx.gridLog())).slice(logFrom) : [];

  // Live updates: results landing per column while the pen is down.
  const perStroke = strokes.map((s) => {
    const during = gridLog.filter((e) => e.t >= s.t0 && e.t <= s.t1);
    const seconds = (s.t1 - s.t0) / 1000;
    const perSlot = slots.map((slot) => during.filter((e) => e.slot === slot).length / seconds);
    const landed = gridLog.filter((e) => e.t >= s.t0 && e.t <= s.t2).length; // superseded requests never land
    return { seconds, updatesPerSecond: hasLog ? Math.min(...perSlot) : NaN, perSlot, landed: hasLog ? landed : NaN, requests: s.requests };
  });
  const workerDuring = gridLog.map((e) => e.ms);

  // Main thread, from the trace: the pointermove dispatches and the busy time during strokes.
  const events = trace.traceEvents ?? trace;
  const threadNames = new Map(events.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
  const mainKey = [...threadNames].find(([, n]) => n === 'CrRendererMain')?.[0];
  const onMain = events.filter((e) => `${e.pid}:${e.tid}` === mainKey && e.ph === 'X');
  const moves = onMain.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'pointermove').map((e) => e.dur / 1000);
  const frames = onMain.filter((e) => e.name === 'FireAnimationFrame').map((e) => e.dur / 1000);
  const tasks = onMain.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask');
  const span = tasks.length ? (Math.max(...tasks.map((e) => e.ts + e.dur)) - Math.min(...tasks.map((e) => e.ts))) / 1000 : NaN;
  const busy = tasks.reduce((a, e) => a + e.dur, 0) / 1000;
  const longTasks = tasks.filter((e) => e.dur > 50_000).length;
  const roundTrips = strokes.flatMap((s) => s.roundTrips);

  // Worker alone, steady state, per column; the grid's total is their sum.
  const steady = await page.evaluate(async (slotList) => {
    const api = window.__rrx;
    const st = api.state();
    const out = {};
    for (const slot of slotList) {
      const ms = [];
      for (let i = 0; i < 50; i++) {
        const r = await api.call({ kind: 'explainGrid', slot, pixels: st.seq.pixels.slice(), label: st.seq.label, mask: st.seq.mask, methods: st.grid.methods, version: 100_000 + i });
        if (i >= 20) ms.push(r.ms);
      }
      out[slot] = ms;
    }
    return out;
  }, slots);

  result.view = { methods: 5, architectures: slots, backend: await page.getByTestId('status.backend').getAttribute('data-backend') };
  result.latency = { strokes: latencies.length, medianMs: median(latencies), p90Ms: quantile(latencies, 0.9), minMs: Math.min(...latencies), maxMs: Math.max(...latencies), allMs: latencies.map((v) => Math.round(v)) };
  result.live = {
    updatesPerSecondMedian: median(perStroke.map((s) => s.updatesPerSecond)),
    updatesPerSecondMin: Math.min(...perStroke.map((s) => s.updatesPerSecond)),
    strokeSecondsMedian: median(perStroke.map((s) => s.seconds)),
    pointerMovesPerStroke: MOVES,
    resultsLandedPerStrokeMedian: median(perStroke.map((s) => s.landed)),
    requestsPerStrokeMedian: median(perStroke.map((s) => s.requests)),
  };
  result.main = {
    pointerMoves: moves.length,
    pointerMoveP50Ms: quantile(moves, 0.5),
    pointerMoveP95Ms: quantile(moves, 0.95),
    pointerMoveMaxMs: Math.max(...moves),
    animationFrameP50Ms: quantile(frames, 0.5),
    animationFrameP95Ms: quantile(frames, 0.95),
    inputRoundTripP50Ms: quantile(roundTrips, 0.5),
    inputRoundTripP95Ms: quantile(roundTrips, 0.95),
    busyFraction: busy / span,
    longTasksOver50Ms: longTasks,
  };
  const steadyTotal = Object.values(steady)[0].map((_, i) => Object.values(steady).reduce((a, ms) => a + ms[i], 0));
  result.worker = {
    perColumnDuringStrokesMedianMs: median(workerDuring),
    perColumnSteadyMedianMs: Object.fromEntries(Object.entries(steady).map(([k, v]) => [k, median(v)])),
    gridSteadyMedianMs: median(steadyTotal),
  };

  const ok = (v, target, lower = true) => (Number.isFinite(v) ? ((lower ? v <= target : v >= target) ? '✓' : '✗') : '?');
  const ready0 = loads[0].readyMs;
  const line = (s) => console.log(s);
  line('');
  line(`bench:ui — production build, Chromium headless, ${result.view.backend}, 5 methods × ${slots.length} architectures (${slots.join(', ')}); ${result.machine.cpus} CPUs, load average ${result.machine.loadavg.map((v) => v.toFixed(1)).join(' ')}`);
  line(`  ready with heatmaps        ${fmt(ready0, 0)} ms fresh context${loads.length > 1 ? `, ${loads.slice(1).map((l) => fmt(l.readyMs, 0)).join(' / ')} ms reloads` : ''}   (target ≤ ${TARGETS.readyMs} ms ${ok(ready0, TARGETS.readyMs)})`);
  line(`  stroke end → grid          median ${fmt(result.latency.medianMs, 0)} ms, p90 ${fmt(result.latency.p90Ms, 0)} ms over ${latencies.length} strokes   (target median ≤ ${TARGETS.latencyMedianMs} ms ${ok(result.latency.medianMs, TARGETS.latencyMedianMs)})`);
  line(`  grid updates while drawing ${fmt(result.live.updatesPerSecondMedian)} per second (median stroke; slowest stroke ${fmt(result.live.updatesPerSecondMin)})   (target ≥ ${TARGETS.updatesPerSecond} ${ok(result.live.updatesPerSecondMedian, TARGETS.updatesPerSecond, false)})`);
  line(`  coalescing                 ${MOVES} pointer moves per stroke → ${fmt(result.live.requestsPerStrokeMedian, 0)} explainGrid requests, ${fmt(result.live.resultsLandedPerStrokeMedian, 0)} results landed (both columns; medians)`);
  line(`  main thread per move       p50 ${fmt(result.main.pointerMoveP50Ms, 2)} ms, p95 ${fmt(result.main.pointerMoveP95Ms, 2)} ms (${moves.length} pointermove dispatches)   (target p95 ≤ ${TARGETS.pointerMoveP95Ms} ms ${ok(result.main.pointerMoveP95Ms, TARGETS.pointerMoveP95Ms)})`);
  line(`    animation frames         p50 ${fmt(result.main.animationFrameP50Ms, 2)} ms, p95 ${fmt(result.main.animationFrameP95Ms, 2)} ms; input round trip p50 ${fmt(result.main.inputRoundTripP50Ms)} ms, p95 ${fmt(result.main.inputRoundTripP95Ms)} ms; main thread busy ${fmt(100 * result.main.busyFraction, 0)} % of the strokes, ${longTasks} tasks > 50 ms`);
  line(`  worker's explainGrid       ${fmt(result.worker.perColumnDuringStrokesMedianMs)} ms per column while drawing (median); steady ${Object.entries(result.worker.perColumnSteadyMedianMs).map(([k, v]) => `${k} ${fmt(v)} ms`).join(', ')}; the grid ${fmt(result.worker.gridSteadyMedianMs)} ms`);
  mkdirSync(path.dirname(JSON_OUT), { recursive: true });
  writeFileSync(JSON_OUT, `${JSON.stringify(result, null, 2)}\n`);
  line(`  (written to ${path.relative(root, JSON_OUT)})`);
} finally {
  await browser.close();
  await new Promise((r) => server.httpServer.close(r));
}
