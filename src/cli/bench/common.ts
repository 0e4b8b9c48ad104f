/**
 * What the benchmark suites (targets, train, explain) share: the options every suite takes, and the
 * summary of a list of timings.
 */

/** The options of every `rrx bench` suite (each adds its own). */
export const BENCH_OPTIONS = {
  json: { type: 'boolean' },
  iters: { type: 'string' },
  backend: { type: 'string' },
  'no-baseline': { type: 'boolean' },
  anchor: { type: 'string' },
} as const;

export interface Timing {
  median: number;
  min: number;
  max: number;
}

/** Median (the upper one for an even count), min and max of `values` (not changed). */
export function summarize(values: number[]): Timing {
  const s = [...values].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] };
}

/** Median, min and max ms of `iters` calls of `fn` after `warmup` untimed ones. */
export async function timeCalls(fn: () => Promise<unknown>, iters: number, warmup: number): Promise<Timing> {
  for (let k = 0; k < warmup; k++) await fn();
  const ts: number[] = [];
  for (let k = 0; k < iters; k++) {
    const t0 = performance.now();
    await fn();
    ts.push(performance.now() - t0);
  }
  return summarize(ts);
}
