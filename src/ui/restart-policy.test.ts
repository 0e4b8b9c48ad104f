import { describe, expect, it } from 'vitest';
import { RESTART_POLICY, RestartPolicy } from './restart-policy';

describe('RestartPolicy', () => {
  it('restarts a failing backend 3 times with back-off 0.5 s, 1 s, 2 s, then gives it up for the next', () => {
    const p = new RestartPolicy();
    const d = [0, 100, 200, 300].map((t) => p.failure(t, 'webgpu'));
    expect(d.map((x) => x.action)).toEqual(['restart', 'restart', 'restart', 'switch']);
    expect(d.map((x) => ('delayMs' in x ? x.delayMs : null))).toEqual([500, 1000, 2000, 500]);
    expect(d.map((x) => x.failures)).toEqual([1, 2, 3, 4]);
    expect(d[2].avoid).toEqual([]);
    expect(d[3].avoid).toEqual(['webgpu']);
    expect(p.avoid).toEqual(['webgpu']);
  });

  it('counts only the failures within the window: spaced-out failures restart after the first delay forever', () => {
    const p = new RestartPolicy();
    const minute = RESTART_POLICY.windowMs;
    const d = [0, minute, 2 * minute, 3 * minute, 4 * minute].map((t) => p.failure(t, 'webgl'));
    expect(d.map((x) => [x.action, x.failures, 'delayMs' in x ? x.delayMs : null])).toEqual(Array(5).fill(['restart', 1, 500]));
    // Two quick ones, then one just outside the first's window: 2 in the window.
    const q = new RestartPolicy();
    expect([q.failure(0, 'wasm'), q.failure(1000, 'wasm'), q.failure(minute + 500, 'wasm')].map((x) => x.failures)).toEqual([1, 2, 2]);
  });

  it('counts each backend on its own and accumulates the backends given up', () => {
    const p = new RestartPolicy();
    for (const t of [0, 1, 2]) p.failure(t, 'webgpu');
    expect(p.failure(3, 'webgl')).toMatchObject({ action: 'restart', failures: 1, delayMs: 500 });
    expect(p.failure(4, 'webgpu')).toMatchObject({ action: 'switch', avoid: ['webgpu'] });
    for (const t of [5, 6]) p.failure(t, 'webgl');
    expect(p.failure(7, 'webgl')).toMatchObject({ action: 'switch', failures: 4, avoid: ['webgpu', 'webgl'] });
  });

  it('gives up (no more restarts) on cpu and on a worker that died before naming its backend', () => {
    for (const backend of ['cpu', null] as const) {
      const p = new RestartPolicy();
      const d = [0, 1, 2, 3].map((t) => p.failure(t, backend));
      expect(d.map((x) => x.action)).toEqual(['restart', 'restart', 'restart', 'give-up']);
      expect(d[3]).not.toHaveProperty('delayMs');
      expect(p.avoid).toEqual([]);
    }
  });

  it('takes its numbers from the options', () => {
    const p = new RestartPolicy({ maxRestarts: 1, windowMs: 10, baseDelayMs: 100 });
    expect([p.failure(0, 'wasm'), p.failure(5, 'wasm')].map((x) => [x.action, 'delayMs' in x ? x.delayMs : null])).toEqual([
      ['restart', 100],
      ['switch', 100],
    ]);
  });
});
