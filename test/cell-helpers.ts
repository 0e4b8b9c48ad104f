/**
 * Test helpers for the cells: seeded inputs, weights as float64 for the replicas, and a walk that
 * compares a TF.js trace with its float64 mirror.
 */
import { expect } from 'vitest';
import * as tf from '../src/core/tf';
import type { Weights } from '../src/core/cells/types';
import type { F64 } from '../src/core/reference/cellsOps';

/** A seeded batch of images [N, 28, width] with values in [−1, 1]: as a tensor and as float64. */
export function seededImages(N: number, width: number, seed: number): { x: tf.Tensor3D; x64: F64 } {
  const n = N * 28 * width;
  const data = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = (s / 4294967296) * 2 - 1;
  }
  return { x: tf.tensor3d(data, [N, 28, width]), x64: { shape: [N, 28, width], data: Float64Array.from(data) } };
}

/** Read every weight into float64 for the replica. */
export function weightsAsF64(w: Weights): Record<string, F64> {
  const out: Record<string, F64> = {};
  for (const [k, v] of Object.entries(w)) out[k] = { shape: [...v.shape], data: Float64Array.from(v.dataSync()) };
  return out;
}

/** Give every bias (ordinary and neuron) seeded values in [−0.5, 0.5] so that bias paths are exercised. */
export function perturbBiases(w: Weights, seed: number): void {
  let s = seed >>> 0;
  for (const [k, v] of Object.entries(w)) {
    if (!k.endsWith('/b')) continue;
    const vals = new Float32Array(v.size);
    for (let i = 0; i < vals.length; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      vals[i] = s / 4294967296 - 0.5;
    }
    tf.tidy(() => v.assign(tf.tensor(vals, v.shape)));
  }
}

/** Largest |a − b| relative to the largest |b| of the tensor, that at least `floor` (default 1e-6, for all-zero tensors). */
export function relError(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1e-6): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / Math.max(scale, floor);
}

export interface CompareStats {
  tensors: number;
  worst: number;
  worstPath: string;
}

/** Walk a TF.js structure and its float64 mirror; every tensor must match in shape and within `tol`. */
export function compareTrace(actual: unknown, expected: unknown, tol: number, path = '', stats: CompareStats = { tensors: 0, worst: 0, worstPath: '' }): CompareStats {
  if (actual instanceof tf.Tensor) {
    const e = expected as F64;
    expect(e, `${path}: missing in replica`).toBeDefined();
    expect(actual.shape, `${path}: shape`).toEqual(e.shape);
    const err = relError(actual.dataSync(), e.data);
    stats.tensors++;
    if (err > stats.worst) Object.assign(stats, { worst: err, worstPath: path });
    expect(err, `${path}: relative error`).toBeLessThanOrEqual(tol);
    return stats;
  }
  if (Array.isArray(actual)) {
    expect((expected as unknown[]).length, `${path}: length`).toBe(actual.length);
    actual.forEach((v, i) => compareTrace(v, (expected as unknown[])[i], tol, `${path}[${i}]`, stats));
    return stats;
  }
  if (actual && typeof actual === 'object') {
    const e = expected as Record<string, unknown>;
    expect(Object.keys(e).sort(), `${path}: keys`).toEqual(Object.keys(actual).sort());
    for (const [k, v] of Object.entries(actual)) compareTrace(v, e[k], tol, `${path}.${k}`, stats);
    return stats;
  }
  expect(actual, path).toEqual(expected);
  return stats;
}
