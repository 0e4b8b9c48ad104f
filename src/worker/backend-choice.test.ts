import { describe, expect, it } from 'vitest';
import type { BackendName } from '../protocol/messages';
import { choiceReason, deviceKey, fastest, measure, measureCandidates, mergeTimings, toMeasure, withFirst, type Workload } from './backend-choice';
import { backendOrder, type BackendProbe } from './backend-order';

const nvidia = { vendor: 'nvidia', architecture: 'hopper', isFallback: false };
const swiftshader = { vendor: 'google', architecture: 'swiftshader', isFallback: true };
const gpuMachine: BackendProbe = { webgpu: nvidia, webglSoftware: false, wasm: true };
const here: BackendProbe = { webgpu: swiftshader, webglSoftware: true, wasm: true };

/** A workload whose calls take the given times (ms) per backend, in turn; records what ran. */
function fakeWork(times: Partial<Record<BackendName, number[] | Error>>, log: string[] = []): Workload {
  const calls: Partial<Record<BackendName, number>> = {};
  return {
    prepare: async (b) => {
      log.push(`prepare ${b}`);
      const t = times[b];
      if (t instanceof Error) throw t;
    },
    run: async (b) => {
      const t = times[b] as number[];
      const i = calls[b] ?? 0;
      calls[b] = i + 1;
      log.push(`run ${b}`);
      return t[Math.min(i, t.length - 1)];
    },
    cleanup: (b) => {
      log.push(`cleanup ${b}`);
    },
  };
}

describe('which backends are measured', () => {
  it('a hardware GPU backend beside WASM: both (hardware WebGL too); the order alone decides with one candidate', () => {
    expect(measureCandidates(backendOrder(null, gpuMachine).order, gpuMachine)).toEqual(['webgpu', 'webgl', 'wasm']);
    expect(measureCandidates(backendOrder(null, here).order, here)).toEqual(['wasm']);
    expect(measureCandidates(backendOrder(null, { webgpu: null, webglSoftware: null, wasm: false }).order, { webgpu: null, webglSoftware: null, wasm: false })).toEqual(['cpu']);
  });
  it('forced candidates (?candidates=) are measured even when software, in the order’s preference, if the order has them', () => {
    const order = backendOrder(null, here).order; // wasm, webgl, webgpu, cpu
    expect(measureCandidates(order, here, ['webgpu', 'wasm'])).toEqual(['wasm', 'webgpu']);
    expect(measureCandidates(backendOrder(null, { ...here, webgpu: null }).order, { ...here, webgpu: null }, ['webgpu', 'wasm'])).toEqual(['wasm']);
  });
  it('a backend the page gave up (hello.avoid) is not a candidate', () => {
    expect(measureCandidates(backendOrder(null, gpuMachine, ['webgpu']).order, gpuMachine)).toEqual(['webgl', 'wasm']);
    expect(measureCandidates(backendOrder(null, here, ['webgpu']).order, here, ['webgpu', 'wasm'])).toEqual(['wasm']);
  });
});

describe('the choice', () => {
  it('the fastest backend with a time; failed ones never; a tie or no time at all: the order’s first', () => {
    const c: BackendName[] = ['webgpu', 'wasm'];
    expect(fastest(c, [{ backend: 'webgpu', ms: 40, calls: 3 }, { backend: 'wasm', ms: 9, calls: 3 }])).toBe('wasm');
    expect(fastest(c, [{ backend: 'webgpu', ms: 4, calls: 3 }, { backend: 'wasm', ms: 9, calls: 3 }])).toBe('webgpu');
    expect(fastest(c, [{ backend: 'webgpu', ms: 9, calls: 3 }, { backend: 'wasm', ms: 9, calls: 3 }])).toBe('webgpu');
    expect(fastest(c, [{ backend: 'webgpu', ms: null, calls: 0, error: 'x' }, { backend: 'wasm', ms: 90, calls: 3 }])).toBe('wasm');
    expect(fastest(c, [])).toBe('webgpu');
    expect(withFirst(['webgpu', 'webgl', 'wasm', 'cpu'], 'wasm')).toEqual(['wasm', 'webgpu', 'webgl', 'cpu']);
  });
  it('cached timings are used; only candidates without one are measured, and fresh timings replace old ones', () => {
    const cached = [{ backend: 'wasm' as const, ms: 9, calls: 3 }];
    expect(toMeasure(['webgpu', 'wasm'], cached)).toEqual(['webgpu']);
    expect(toMeasure(['webgpu', 'wasm'], undefined)).toEqual(['webgpu', 'wasm']);
    expect(toMeasure(['wasm'], cached)).toEqual([]);
    expect(mergeTimings(cached, [{ backend: 'wasm', ms: 7, calls: 3 }, { backend: 'webgpu', ms: 5, calls: 3 }])).toEqual([
      { backend: 'wasm', ms: 7, calls: 3 },
      { backend: 'webgpu', ms: 5, calls: 3 },
    ]);
  });
  it('the device key names the adapter, the WebGL kind and the browser', () => {
    expect(deviceKey(gpuMachine, 'Mozilla/5.0 Chrome/156')).toBe('webgpu nvidia/hopper | hardware webgl | wasm | Mozilla/5.0 Chrome/156');
    expect(deviceKey(here, 'UA')).toBe('webgpu google/swiftshader fallback | software webgl | wasm | UA');
    expect(deviceKey(here, 'UA')).not.toBe(deviceKey(here, 'UA 2'));
  });
  it('says what was measured and where the times come from', () => {
    const timings = [{ backend: 'webgpu' as const, ms: 2930.4, calls: 1 }, { backend: 'wasm' as const, ms: 24.31, calls: 3 }];
    expect(choiceReason({ work: 'grid', chosen: 'wasm', timings, cached: true, measuredAt: 0 })).toBe('WASM 24.3 ms, WebGPU 2,930 ms per grid update, measured on this device earlier: WASM is faster');
    expect(choiceReason({ work: 'train', batchSize: 50, chosen: 'webgpu', timings: [{ backend: 'webgpu', ms: 8, calls: 2 }, { backend: 'wasm', ms: 190, calls: 2 }], cached: false, measuredAt: 0 })).toBe(
      'WebGPU 8.0 ms, WASM 190 ms per training step of 50 sequences, measured on this device now: WebGPU is faster',
    );
    expect(choiceReason({ work: 'grid', chosen: 'wasm', timings: [{ backend: 'webgpu', ms: null, calls: 0, error: 'no adapter' }, { backend: 'wasm', ms: 9, calls: 3 }], cached: false, measuredAt: 0 })).toBe(
      'WASM 9.0 ms, WebGPU failed (no adapter) per grid update, measured on this device now: WASM the only one that ran',
    );
  });
});

describe('measuring', () => {
  it('warm-up calls are not timed; the median of the timed calls is the time; CPU backends go first', async () => {
    const log: string[] = [];
    const t = await measure(['webgpu', 'wasm'], fakeWork({ webgpu: [900, 800, 6, 5, 7], wasm: [30, 20, 10, 12, 11] }, log), { warmup: 2, timed: 3, slower: 5, budgetMs: 1e9 });
    expect(t).toEqual([
      { backend: 'webgpu', ms: 6, calls: 3 },
      { backend: 'wasm', ms: 11, calls: 3 },
    ]);
    expect(log[0]).toBe('prepare wasm');
    expect(log.filter((l) => l === 'run webgpu')).toHaveLength(5);
    expect(log.filter((l) => l.startsWith('cleanup'))).toEqual(['cleanup wasm', 'cleanup webgpu']);
  });
  it('a candidate far slower than the best so far, or past its budget, stops early; a failing one gets no time and is cleaned up', async () => {
    const log: string[] = [];
    const t = await measure(['webgpu', 'webgl', 'wasm'], fakeWork({ webgpu: [5000, 3000], webgl: new Error('context lost'), wasm: [10, 10] }, log), { warmup: 1, timed: 3, slower: 5, budgetMs: 1e9 });
    expect(t).toEqual([
      { backend: 'webgpu', ms: 3000, calls: 1 },
      { backend: 'webgl', ms: null, calls: 0, error: 'context lost' },
      { backend: 'wasm', ms: 10, calls: 3 },
    ]);
    expect(log).toContain('cleanup webgl');
    const budget = await measure(['wasm'], fakeWork({ wasm: [1, 400, 400, 400] }), { warmup: 1, timed: 3, slower: 5, budgetMs: 500 });
    expect(budget).toEqual([{ backend: 'wasm', ms: 400, calls: 2 }]);
  });
});
