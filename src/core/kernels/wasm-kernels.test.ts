/**
 * The view-based wasm Slice kernel (./wasm-kernels.ts) against plain indexing: contiguous and strided
 * slices of rank 1–4, float32, int32 and bool, empty slices; and through the ops that use it
 * (takeSteps, splitColumns) and its gradient.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { useBackend } from '../../../test/tf-backend';
import { takeSteps, splitColumns } from '../cells/ops/takeSteps';
import { wasmKernelsInstalled } from './wasm-kernels';

/** Slice of a row-major array of `shape` by plain loops. */
function sliceByHand(data: ArrayLike<number>, shape: number[], begin: number[], size: number[]): number[] {
  const strides = shape.map((_, k) => shape.slice(k + 1).reduce((a, b) => a * b, 1));
  const out: number[] = [];
  const idx = new Array<number>(shape.length).fill(0);
  const total = size.reduce((a, b) => a * b, 1);
  for (let n = 0; n < total; n++) {
    let off = 0;
    for (let k = 0; k < shape.length; k++) off += (begin[k] + idx[k]) * strides[k];
    out.push(data[off]);
    for (let k = shape.length - 1; k >= 0; k--) {
      if (++idx[k] < size[k]) break;
      idx[k] = 0;
    }
  }
  return out;
}

describe('wasm Slice kernel (view-based)', () => {
  beforeAll(() => useBackend('wasm'));

  it('is installed by the backend setup', () => {
    expect(tf.getBackend()).toBe('wasm');
    expect(wasmKernelsInstalled()).toBe(true);
  });

  const cases: [number[], number[], number[]][] = [
    [[10], [3], [4]],
    [[6, 5], [2, 0], [3, 5]], // contiguous rows
    [[6, 5], [1, 1], [4, 3]], // strided
    [[4, 3, 5], [1, 0, 2], [2, 3, 2]],
    [[3, 4, 5, 6], [1, 1, 2, 3], [2, 2, 2, 2]],
    [[3, 4, 5, 6], [0, 2, 0, 0], [3, 1, 5, 6]],
    [[4, 4], [1, 1], [0, 2]], // empty
  ];
  it.each(cases)('shape %j, begin %j, size %j: float32, int32 and bool', (shape, begin, size) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = Array.from({ length: n }, (_, i) => i * 1.5 - 7);
    for (const dtype of ['float32', 'int32', 'bool'] as const) {
      const vals = dtype === 'float32' ? data : dtype === 'int32' ? data.map(Math.round) : data.map((v) => (v > 0 ? 1 : 0));
      const x = tf.tensor(vals, shape, dtype);
      const y = tf.slice(x, begin, size);
      expect(y.shape).toEqual(size);
      expect(y.dtype).toBe(dtype);
      expect(Array.from(y.dataSync())).toEqual(sliceByHand(vals, shape, begin, size));
      tf.dispose([x, y]);
    }
  });

  it('takeSteps and splitColumns give the rows / column blocks; the slice gradient pads with zeros', () => {
    const all = tf.tensor2d(Array.from({ length: 12 * 3 }, (_, i) => i), [12, 3]);
    const steps = takeSteps(all, 4);
    expect(steps.map((s) => s.arraySync())).toEqual([0, 1, 2, 3].map((t) => [0, 1, 2].map((r) => [0, 1, 2].map((c) => (t * 3 + r) * 3 + c))));
    const cols = splitColumns(tf.tensor2d([[1, 2, 3, 4], [5, 6, 7, 8]]), 2);
    expect(cols.map((c) => c.arraySync())).toEqual([[[1, 2], [5, 6]], [[3, 4], [7, 8]]]);
    const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(takeSteps(a as tf.Tensor2D, 4)[2], 2)))(all);
    expect(Array.from(g.dataSync())).toEqual(Array.from({ length: 36 }, (_, i) => (i >= 18 && i < 27 ? 2 : 0)));
    tf.dispose([all, ...steps, ...cols, g]);
  });

  it('Identity (tf.clone) shares the data: one data id for both, each tensor freed on its own', () => {
    const ids = tf.engine().backend.numDataIds();
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const y = tf.clone(x);
    expect(tf.engine().backend.numDataIds()).toBe(ids + 1);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3, 4]);
    y.dispose();
    expect(tf.engine().backend.numDataIds()).toBe(ids);
    // A variable's assign leaves a clone taken before it alone.
    const v = tf.variable(tf.tensor1d([5, 6]));
    const c = tf.clone(v);
    v.assign(tf.tensor1d([7, 8]));
    expect([Array.from(c.dataSync()), Array.from(v.dataSync())]).toEqual([[5, 6], [7, 8]]);
    tf.dispose([c, v]);
  });
});
