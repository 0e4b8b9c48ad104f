import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { useBackend } from '../../../test/tf-backend';
import { fakeCell, fakeSource, fakeWeights, snapshot } from '../../../test/train-fakes';
import { createAdam } from './adam';
import { train } from './train';
import { checkLrSchedule, DEFAULT_TRAIN_CONFIG, lrAtEpoch, type TrainConfig } from './types';

beforeAll(() => useBackend('cpu'));
const disposeAll: tf.TensorContainer[] = [];
afterEach(() => {
  tf.dispose(disposeAll.splice(0));
});

const config = (over: Partial<TrainConfig> = {}): TrainConfig => ({ ...DEFAULT_TRAIN_CONFIG, lr: 1e-2, batchSize: 8, epochs: 3, ...over });

describe('learning-rate schedule', () => {
  it('gives each epoch the rate of the last step at or before it', () => {
    const c = { lr: 1e-3, lrSchedule: [{ fromEpoch: 16, lr: 3e-4 }, { fromEpoch: 25, lr: 1e-4 }] };
    expect([1, 15, 16, 24, 25, 30].map((e) => lrAtEpoch(c, e))).toEqual([1e-3, 1e-3, 3e-4, 3e-4, 1e-4, 1e-4]);
    expect(lrAtEpoch({ lr: 2e-4 }, 7)).toBe(2e-4);
  });

  it('rejects schedules that do not increase, have bad epochs or rates', () => {
    expect(() => checkLrSchedule([{ fromEpoch: 3, lr: 1e-4 }, { fromEpoch: 3, lr: 1e-5 }])).toThrow('epochs must increase (3 after 3)');
    expect(() => checkLrSchedule([{ fromEpoch: 0, lr: 1e-4 }])).toThrow('fromEpoch must be an integer ≥ 1, got 0');
    expect(() => checkLrSchedule([{ fromEpoch: 2, lr: 0 }])).toThrow('the rate of epoch 2 must be in (0, 10], got 0');
    expect(() => checkLrSchedule([{ fromEpoch: 2, lr: NaN }])).toThrow('must be in (0, 10]');
    expect(() => checkLrSchedule([{ fromEpoch: 2, lr: 1e-3 }, { fromEpoch: 9, lr: 1e-4 }])).not.toThrow();
  });

  it('trains each epoch at its scheduled rate: the same weights as epoch-by-epoch runs at those rates', async () => {
    const cell = fakeCell();
    const data = fakeSource(40);
    const a = fakeWeights(cell);
    const b = fakeWeights(cell);
    disposeAll.push(a, b);
    const optA = createAdam({ lr: 1e-2 });
    const seen: number[] = [];
    await train({
      cell, weights: a, train: data, optimizer: optA,
      config: config({ lrSchedule: [{ fromEpoch: 2, lr: 1e-3 }, { fromEpoch: 3, lr: 1e-4 }] }),
      onEpochEnd: () => void seen.push((optA as unknown as { learningRate: number }).learningRate),
    });
    expect(seen).toEqual([1e-2, 1e-3, 1e-4]);

    const optB = createAdam({ lr: 1e-2 });
    for (const [epoch, lr] of [[0, 1e-2], [1, 1e-3], [2, 1e-4]] as const) {
      (optB as unknown as { learningRate: number }).learningRate = lr;
      await train({ cell, weights: b, train: data, optimizer: optB, config: config({ lr, epochs: epoch + 1 }), start: { epoch, batch: 0 } });
    }
    expect(await snapshot(a)).toEqual(await snapshot(b));
    // …and not the weights of a constant rate (the schedule had an effect).
    const c = fakeWeights(cell);
    disposeAll.push(c);
    await train({ cell, weights: c, train: data, config: config() });
    expect(await snapshot(c)).not.toEqual(await snapshot(a));
    optA.dispose();
    optB.dispose();
  });
});
