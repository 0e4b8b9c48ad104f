import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { useBackend } from '../../../test/tf-backend';
import { fakeCell, fakeSource, fakeWeights, snapshot } from '../../../test/train-fakes';
import { createAdam } from './adam';
import { evaluate } from './evaluate';
import { exportAdamState, importAdamState } from './optimizer-state';
import { trainableVariables, trainStep } from './step';
import { train } from './train';
import { DEFAULT_TRAIN_CONFIG, type TrainConfig, type TrainProgress } from './types';

beforeAll(() => useBackend('cpu'));

const config = (over: Partial<TrainConfig> = {}): TrainConfig => ({ ...DEFAULT_TRAIN_CONFIG, lr: 1e-2, batchSize: 8, epochs: 3, ...over });
const disposeAll: tf.TensorContainer[] = [];
afterEach(() => {
  tf.dispose(disposeAll.splice(0));
});

describe('train', () => {
  it('decreases the loss, reports progress, and leaves the frozen zero bias at zero', async () => {
    const cell = fakeCell();
    const w = fakeWeights(cell);
    disposeAll.push(w);
    const progress: TrainProgress[] = [];
    const before = await snapshot(w);
    const res = await train({ cell, weights: w, train: fakeSource(40), val: fakeSource(20, 28, 9), config: config({ epochs: 4 }), onProgress: (p) => progress.push(p), readEvery: 2 });
    expect(res.aborted).toBe(false);
    expect(res.history.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
    expect(res.iterations).toBe(4 * 5);
    expect(res.position).toEqual({ epoch: 4, batch: 0 });
    const losses = res.history.map((e) => e.loss);
    losses.forEach((l) => expect(Number.isFinite(l)).toBe(true));
    expect(losses[3]).toBeLessThan(losses[0]);
    expect(res.history[3].valAccuracy).toBeGreaterThanOrEqual(0);
    // progress every 2 batches and at each epoch's last batch (5 batches: 2, 4, 5)
    expect(progress.filter((p) => p.epoch === 1).map((p) => p.batch)).toEqual([2, 4, 5]);
    const last = progress[progress.length - 1];
    expect(last.etaSeconds).toBeCloseTo(0, 6);
    expect(last.seqPerSec).toBeGreaterThan(0);
    const after = await snapshot(w);
    expect(Array.from(after['input_1/b'])).toEqual(Array.from(before['input_1/b'])); // frozen (trainable: false)
    expect(Array.from(after['output/b'])).not.toEqual(Array.from(before['output/b'])); // trainable bias moved
    expect(Array.from(after['input_1/W'])).not.toEqual(Array.from(before['input_1/W']));
  });

  it('stops after the current batch when aborted, and reports where', async () => {
    const cell = fakeCell();
    const w = fakeWeights(cell);
    disposeAll.push(w);
    const ac = new AbortController();
    const res = await train({
      cell,
      weights: w,
      train: fakeSource(40),
      config: config(),
      signal: ac.signal,
      readEvery: 1,
      onProgress: (p) => {
        if (p.epoch === 2 && p.batch === 3) ac.abort();
      },
    });
    expect(res.aborted).toBe(true);
    expect(res.position).toEqual({ epoch: 1, batch: 3 });
    expect(res.iterations).toBe(5 + 3);
    expect(res.history.length).toBe(1);
  });

  it('resumes mid-epoch to the same weights as an uninterrupted run (epoch counter and Adam state restored)', async () => {
    const cell = fakeCell({ dropout: 'standard' });
    const data = fakeSource(40);
    const cfg = config({ epochs: 2, shuffle: 'epoch' });

    const wA = fakeWeights(cell, 3);
    disposeAll.push(wA);
    await train({ cell, weights: wA, train: data, config: cfg });

    const wB = fakeWeights(cell, 3);
    disposeAll.push(wB);
    const opt1 = createAdam({ lr: cfg.lr });
    const ac = new AbortController();
    const first = await train({
      cell, weights: wB, train: data, config: cfg, optimizer: opt1, signal: ac.signal, readEvery: 1,
      onProgress: (p) => p.epoch === 1 && p.batch === 2 && ac.abort(),
    });
    expect(first.position).toEqual({ epoch: 0, batch: 2 });
    const state = await exportAdamState(opt1, cell);
    expect(state.iterations).toBe(2);
    opt1.dispose();

    const opt2 = createAdam({ lr: cfg.lr });
    await importAdamState(opt2, cell, state);
    expect(opt2.iterations).toBe(2);
    const epochs: number[] = [];
    const second = await train({ cell, weights: wB, train: data, config: cfg, optimizer: opt2, start: first.position, onEpochEnd: (e) => void epochs.push(e.epoch) });
    opt2.dispose();
    expect(epochs).toEqual([1, 2]);
    expect(second.iterations).toBe(10);
    const [a, b] = [await snapshot(wA), await snapshot(wB)];
    for (const k of Object.keys(a)) expect(Array.from(b[k])).toEqual(Array.from(a[k]));
  });

  it('without the restored Adam state the resumed run differs (the test above is not vacuous)', async () => {
    const cell = fakeCell();
    const data = fakeSource(40);
    const cfg = config({ epochs: 1 });
    const wA = fakeWeights(cell, 3);
    const wB = fakeWeights(cell, 3);
    disposeAll.push(wA, wB);
    await train({ cell, weights: wA, train: data, config: cfg });
    const ac = new AbortController();
    const first = await train({ cell, weights: wB, train: data, config: cfg, signal: ac.signal, readEvery: 1, onProgress: (p) => p.batch === 2 && ac.abort() });
    const opt = createAdam({ lr: cfg.lr }); // fresh: no moments, iteration 0
    await train({ cell, weights: wB, train: data, config: cfg, optimizer: opt, start: first.position });
    opt.dispose();
    const [a, b] = [await snapshot(wA), await snapshot(wB)];
    expect(Array.from(b['input_1/W'])).not.toEqual(Array.from(a['input_1/W']));
  });
});

describe('trainStep and evaluate', () => {
  it('leak no tensors (after the optimizer has made its moment slots)', async () => {
    const cell = fakeCell();
    const w = fakeWeights(cell);
    disposeAll.push(w);
    const opt = createAdam();
    const ctx = { cell, weights: w, optimizer: opt, varList: trainableVariables(cell, w) };
    const data = fakeSource(16);
    const x = tf.tensor3d(data.batch([0, 1, 2, 3]), [4, 28, 28]);
    const y = tf.tensor1d([0, 1, 2, 3], 'int32');
    const warm = trainStep(ctx, x, y, 1);
    tf.dispose([warm.loss, warm.correct]);
    const before = tf.memory().numTensors;
    const out = trainStep(ctx, x, y, 2);
    expect(Number.isFinite((await out.loss.data())[0])).toBe(true);
    tf.dispose([out.loss, out.correct]);
    expect(tf.memory().numTensors).toBe(before);
    await evaluate(cell, w, data, { batchSize: 5 });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    opt.dispose();
  });

  it('train() leaks no tensors beyond the weights', async () => {
    const cell = fakeCell();
    const w = fakeWeights(cell);
    disposeAll.push(w);
    const before = tf.memory().numTensors;
    await train({ cell, weights: w, train: fakeSource(20), val: fakeSource(10), config: config({ epochs: 2 }) });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('evaluate counts argmax hits in inference mode (deterministic)', async () => {
    const cell = fakeCell();
    const w = fakeWeights(cell);
    disposeAll.push(w);
    const data = fakeSource(23);
    const a = await evaluate(cell, w, data, { batchSize: 7 });
    const b = await evaluate(cell, w, data, { batchSize: 23 });
    expect(a.n).toBe(23);
    expect(a.correct).toBe(b.correct);
    expect(a.accuracy).toBeCloseTo(a.correct / 23, 12);
    expect(a.loss).toBeCloseTo(b.loss, 5);
  });
});
