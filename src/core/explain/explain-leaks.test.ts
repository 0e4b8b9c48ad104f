/** No tensor is left behind by explain(), whatever the method and the cell kind (dense, gated, Conv⁺). */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { useBackend } from '../../../test/tf-backend';
import { cellFromPreset, initWeights } from '../cells';
import { explain } from './explain';
import { buildMethodList } from './registry';

beforeAll(() => useBackend('cpu'));

describe('no tensor leaks: 100 explanations of every method on Deep and R-LSTM, 10 on Conv⁺Deep (its literal path)', () => {
  for (const id of ['deep', 'r-lstm', 'conv-plus-deep']) {
    it(`${id} (T = 4, width 28)`, async () => {
      const cell = cellFromPreset(id, { T: 4, width: 28 });
      const w = initWeights(cell, 2);
      const x = tf.randomUniform([1, 28, 28], -1, 1, 'float32', 4) as tf.Tensor3D;
      const methods = buildMethodList('all');
      const runs = id === 'conv-plus-deep' ? 10 : 100;
      try {
        await explain(cell, w, x, { method: 'deep-taylor', target: [0] }); // kernels warm
        const before = tf.memory().numTensors;
        for (const m of methods) {
          for (let k = 0; k < runs; k++) await explain(cell, w, x, { method: m, target: [k % 10] });
        }
        expect(tf.memory().numTensors).toBe(before);
      } finally {
        tf.dispose([x, ...Object.values(w)]);
      }
    });
  }
});
