/**
 * The parity check of `rrx bench --backend webgpu` (gpuParity): the five thesis methods on the active
 * backend against the cpu backend. Run here with wasm as the "other" backend, which rounds differently
 * from cpu: the check must see a difference, and it must be inside the tolerance.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../core/tf';
import { useBackend } from '../../../test/tf-backend';
import { gpuParity, PARITY_TOLERANCE, relDiff } from './targets';

beforeAll(() => useBackend('wasm'));
afterAll(() => useBackend('cpu'));

describe('gpuParity', () => {
  it('compares every method of each cell with the cpu backend, and leaves TF.js on cpu', async () => {
    const before = tf.memory().numTensors;
    const p = await gpuParity(['deep', 'r-lstm-sd'], 2);
    expect(tf.getBackend()).toBe('cpu');
    expect(p.rows.map((r) => `${r.cell}/${r.method}`)).toEqual(
      ['deep', 'r-lstm-sd'].flatMap((c) => ['sensitivity', 'guided-backprop', 'gradient-x-input', 'deep-taylor', 'lrp-alpha-beta'].map((m) => `${c}/${m}`)),
    );
    expect(p.worst).toBeGreaterThan(0); // wasm (XNNPACK) and cpu round differently
    expect(p.worst).toBeLessThanOrEqual(PARITY_TOLERANCE);
    expect(p.ok).toBe(true);
    expect(p.worst).toBe(Math.max(...p.rows.map((r) => Math.max(r.relDiff, r.logitsDiff))));
    expect(tf.memory().numTensors).toBe(before); // (counted on the engine: both backends')
  }, 120_000);

  it('relDiff is max|a − b| over max|b|', () => {
    expect(relDiff([1, 2, 3], [1, 2, 4])).toBeCloseTo(0.25, 12);
    expect(relDiff([0, -2], [0, 2])).toBeCloseTo(2, 12);
    expect(relDiff([0, 0], [0, 0])).toBe(0);
    expect(relDiff([1e-9], [0])).toBe(1e-9);
  });
});
