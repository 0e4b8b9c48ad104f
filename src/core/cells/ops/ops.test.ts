/**
 * The hand-written ops of the cells: pooling (values by hand, incl. the odd edge), the SAME conv and
 * its explicit gradients (against TF.js's own conv gradients), the matmul gradients, takeSteps.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as tf from '../../tf';
import { useBackend } from '../../../../test/tf-backend';
import { pool2x2, poolScale } from './pool2x2';
import { conv2dSame } from './conv2dSame';
import { matMul } from './matMul';
import { splitColumns, takeSteps } from './takeSteps';

beforeAll(() => useBackend('cpu'));
let before = 0;
beforeEach(() => {
  before = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(before);
});

const arr = (t: tf.Tensor) => Array.from(t.dataSync());
const close = (a: number[], b: number[], tol = 1e-5) => {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => expect(Math.abs(v - b[i]), `index ${i}: ${v} vs ${b[i]}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b[i]))));
};

describe('pool2x2 (2 × avg_pool 2×2 stride 2 SAME)', () => {
  it('width 7 → 4: interior windows give half the sum, the odd edge column the plain sum', () => {
    // One image, 2 rows × 7 columns, one channel: rows 1..7 and 8..14.
    const out = tf.tidy(() => arr(pool2x2(tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14], [1, 2, 7, 1]))));
    // (1+2+8+9)/2 = 10, (3+4+10+11)/2 = 14, (5+6+12+13)/2 = 18, edge: 7 + 14 = 21.
    expect(out).toEqual([10, 14, 18, 21]);
  });

  it('width 4 → 2 and odd height: the bottom edge row is summed, a lone corner is doubled', () => {
    // 3 rows × 4 columns.
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    const out = tf.tidy(() => arr(pool2x2(tf.tensor4d(x, [1, 3, 4, 1]))));
    // Row pair (1..4, 5..8): (1+2+5+6)/2 = 7, (3+4+7+8)/2 = 11; edge row 9..12: 9+10 = 19, 11+12 = 23.
    expect(out).toEqual([7, 11, 19, 23]);
    const corner = tf.tidy(() => arr(pool2x2(tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]))));
    // (1+2+4+5)/2 = 6, edge column (3+6) = 9, edge row (7+8) = 15, corner 2·9 = 18.
    expect(corner).toEqual([6, 9, 15, 18]);
  });

  it('keeps channels and batch apart', () => {
    const out = tf.tidy(() => {
      const x = tf.stack([tf.fill([2, 2, 2], 1), tf.fill([2, 2, 2], 3)]) as tf.Tensor4D; // [2, 2, 2, 2]
      const y = pool2x2(x);
      expect(y.shape).toEqual([2, 1, 1, 2]);
      return arr(y);
    });
    expect(out).toEqual([2, 2, 6, 6]);
  });

  it("matches TF.js avgPool(…, 'same') × 2 in the forward pass (TF.js excludes the padding from the divisor too)", () => {
    tf.tidy(() => {
      const x = tf.randomNormal([2, 28, 7, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
      close(arr(pool2x2(x)), arr(tf.mul(tf.avgPool(x, 2, 2, 'same'), 2)));
    });
  });

  it('the 2/v map: interior ½, edge 1, corner 2', () => {
    expect(Array.from(poolScale(3, 3))).toEqual([0.5, 1, 1, 2]);
    expect(Array.from(poolScale(28, 7))).toHaveLength(14 * 4);
  });

  it('gradient: each input receives 2/v of its window output gradient (edges included)', () => {
    tf.tidy(() => {
      const x = tf.randomNormal([1, 3, 3, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
      const dy = tf.tensor4d([1, 10, 100, 1000], [1, 2, 2, 1]);
      const g = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(pool2x2(z as tf.Tensor4D), dy)))(x);
      // Windows: {0,1,3,4} ½·1, {2,5} 1·10, {6,7} 1·100, {8} 2·1000.
      expect(arr(g)).toEqual([0.5, 0.5, 10, 0.5, 0.5, 10, 100, 100, 2000]);
    });
  });
});

describe('conv2dSame', () => {
  it('5×5 SAME: a centred delta kernel copies the input, an off-centre one shifts it in with zeros', () => {
    tf.tidy(() => {
      const x = tf.tensor4d([1, 2, 3, 4, 5, 6], [1, 2, 3, 1]);
      const delta = (di: number, dj: number) => {
        const w = new Float32Array(25);
        w[di * 5 + dj] = 1;
        return tf.tensor4d(w, [5, 5, 1, 1]);
      };
      expect(arr(conv2dSame(x, delta(2, 2)))).toEqual([1, 2, 3, 4, 5, 6]);
      // Kernel tap (2, 3): y[i, j] = x[i, j + 1].
      expect(arr(conv2dSame(x, delta(2, 3)))).toEqual([2, 3, 0, 5, 6, 0]);
      // Kernel tap (1, 2): y[i, j] = x[i − 1, j].
      expect(arr(conv2dSame(x, delta(1, 2)))).toEqual([0, 0, 0, 1, 2, 3]);
    });
  });

  for (const [k, cin, cout, H, W] of [
    [5, 1, 24, 28, 7],
    [3, 24, 32, 14, 4],
    [5, 25, 24, 28, 4],
    [3, 56, 32, 14, 1],
  ]) {
    it(`gradients equal TF.js's conv2d gradients (k=${k}, ${cin}→${cout}, ${H}×${W})`, () => {
      tf.tidy(() => {
        const x = tf.randomNormal([3, H, W, cin], 0, 1, 'float32', 2) as tf.Tensor4D;
        const w = tf.randomNormal([k, k, cin, cout], 0, 0.2, 'float32', 3) as tf.Tensor4D;
        const dy = tf.randomNormal([3, H, W, cout], 0, 1, 'float32', 4);
        const mine = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv2dSame(a as tf.Tensor4D, b as tf.Tensor4D), dy)))([x, w]);
        const ref = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same'), dy)))([x, w]);
        close(arr(conv2dSame(x, w)), arr(tf.conv2d(x, w, 1, 'same')), 1e-5);
        close(arr(mine[0]), arr(ref[0]), 1e-4);
        close(arr(mine[1]), arr(ref[1]), 1e-4);
      });
    });
  }
});

describe('matMul and takeSteps', () => {
  it('matMul gradients equal TF.js matMul gradients', () => {
    tf.tidy(() => {
      const a = tf.randomNormal([4, 6], 0, 1, 'float32', 1);
      const b = tf.randomNormal([6, 3], 0, 1, 'float32', 2);
      const dy = tf.randomNormal([4, 3], 0, 1, 'float32', 3);
      const f = (mm: (p: tf.Tensor2D, q: tf.Tensor2D) => tf.Tensor) => tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.mul(mm(p as tf.Tensor2D, q as tf.Tensor2D), dy)))([a, b]);
      const [ga, gb] = f(matMul);
      const [ra, rb] = f((p, q) => tf.matMul(p, q));
      close(arr(ga), arr(ra));
      close(arr(gb), arr(rb));
    });
  });

  it('takeSteps splits a t-major batch into steps, and its gradient lands on the right rows', () => {
    tf.tidy(() => {
      const all = tf.tensor2d([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10], [11, 12]]); // T = 3, N = 2
      const steps = takeSteps(all, 3);
      expect(steps.map(arr)).toEqual([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]);
      const g = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(takeSteps(z as tf.Tensor2D, 3)[1], 3)))(all);
      expect(arr(g)).toEqual([0, 0, 0, 0, 3, 3, 3, 3, 0, 0, 0, 0]);
    });
  });

  it('splitColumns cuts column blocks, and its gradient lands on the right columns', () => {
    tf.tidy(() => {
      const x = tf.tensor2d([[1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12]]);
      expect(splitColumns(x, 3).map(arr)).toEqual([[1, 2, 7, 8], [3, 4, 9, 10], [5, 6, 11, 12]]);
      const g = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(splitColumns(z as tf.Tensor2D, 3)[2], 2)))(x);
      expect(arr(g)).toEqual([0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 2, 2]);
    });
  });

  it('off wasm (kernels/backend-traits.ts): matMul gradients use transpose flags, steps are cut by one SplitV whose gradient is one Concat', async () => {
    expect(tf.getBackend()).toBe('cpu');
    const names = async (f: () => tf.Tensor[]) => {
      const p = await tf.profile(() => {
        tf.dispose(f());
      });
      return p.kernels.map((k) => k.name);
    };
    const a = tf.randomNormal([4, 6], 0, 1, 'float32', 1);
    const b = tf.randomNormal([6, 3], 0, 1, 'float32', 2);
    const mm = await names(() => tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(matMul(p as tf.Tensor2D, q as tf.Tensor2D)))([a, b]));
    expect(mm).not.toContain('Transpose');
    const all = tf.randomNormal([12, 5], 0, 1, 'float32', 3);
    const steps = await names(() => [tf.grad((z: tf.Tensor) => tf.addN(takeSteps(z as tf.Tensor2D, 4).map((s, t) => tf.sum(tf.mul(s, t)))))(all)]);
    expect(steps.filter((k) => k === 'SplitV')).toHaveLength(1);
    expect(steps.filter((k) => k === 'Concat')).toHaveLength(1);
    expect(steps).not.toContain('Slice');
    expect(steps).not.toContain('PadV2');
    tf.dispose([a, b, all]);
  });
});
