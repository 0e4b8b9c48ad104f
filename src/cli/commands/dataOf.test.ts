/** dataOf: which sequences `rrx explain` / `rrx eval` use for a model, a k-fold model's held-out fold by default. */
import { describe, expect, it } from 'vitest';
import type { ModelMeta } from '../../core/model-io/format';
import { dataOf } from './explain';

const meta = (fold?: { index: number; k: number }) => ({ cell: { width: 84 }, training: { dataset: 'mnist', task: 'maj', ...(fold ? { fold } : {}) } }) as unknown as ModelMeta;

describe('dataOf', () => {
  it('takes the test split of a model trained on the plain split', () => {
    expect(dataOf(meta(), {})).toEqual({ dataset: 'mnist', task: 'maj', split: 'test', fold: undefined });
    expect(dataOf(meta(), { fold: '6' })).toEqual({ dataset: 'mnist', task: 'maj', split: 'test', fold: 6 });
  });

  it('takes the held-out fold of a model trained on a k-fold (the official test split overlaps its training data)', () => {
    expect(dataOf(meta({ index: 2, k: 3 }), {})).toEqual({ dataset: 'mnist', task: 'maj', split: 'test', fold: 2, k: 3 });
    expect(dataOf(meta({ index: 4, k: 7 }), {})).toEqual({ dataset: 'mnist', task: 'maj', split: 'test', fold: 4 });
    // Another fold of the same k, or an explicit split, when asked.
    expect(dataOf(meta({ index: 2, k: 3 }), { fold: '0' })).toEqual({ dataset: 'mnist', task: 'maj', split: 'test', fold: 0, k: 3 });
    expect(dataOf(meta({ index: 2, k: 3 }), { split: 'val' })).toEqual({ dataset: 'mnist', task: 'maj', split: 'val', fold: undefined });
    expect(() => dataOf(meta({ index: 2, k: 3 }), { fold: '3' })).toThrow('--fold must be an integer in [0, 2]');
  });
});
