/**
 * The worker's training job in Node (wasm backend): a paused and resumed run reads as one (the
 * epoch's running loss and accuracy go on from their sums, the elapsed time adds up) and ends with
 * the same weights as an uninterrupted run; EpochRunning's merging on hand-made readings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../core/tf';
import { useBackend } from '../../test/tf-backend';
import { cellFromPreset, initWeights } from '../core/cells';
import { readWeightValues } from '../core/model-io/variables';
import type { SequenceSource, TrainProgress } from '../core/train/types';
import { EpochRunning, sequencesIn } from './epoch-running';
import type { Model } from './model-slot';
import { TrainingJob } from './training-job';

beforeAll(() => useBackend('wasm'));
afterAll(() => tf.disposeVariables());

/** n seeded random sequences of width 84 (values in [−1, 1]), labels k mod 10. */
function source(n: number): SequenceSource {
  let s = 12345;
  const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  const all = Float32Array.from({ length: n * 28 * 84 }, rnd);
  return {
    n,
    width: 84,
    labels: Array.from({ length: n }, (_, k) => k % 10),
    batch: (idx) => {
      const out = new Float32Array(idx.length * 28 * 84);
      for (let i = 0; i < idx.length; i++) out.set(all.subarray(idx[i] * 28 * 84, (idx[i] + 1) * 28 * 84), i * 28 * 84);
      return out;
    },
  };
}

function model(): Model {
  const cell = cellFromPreset('shallow', { T: 12, width: 84 });
  return { cell, weights: initWeights(cell, 7), preset: 'shallow', source: 'init', detail: '', training: null, metrics: null };
}

describe('EpochRunning', () => {
  it('counts the sequences of a batch range, the last batch short', () => {
    expect([sequencesIn(0, 3, 25, 10), sequencesIn(2, 3, 25, 10), sequencesIn(1, 2, 25, 10), sequencesIn(3, 4, 25, 10)]).toEqual([25, 5, 10, 0]);
  });

  it('merges the readings after a pause with the sums before it, and starts afresh in the next epoch', () => {
    const r = new EpochRunning(25, 10); // batches of 10, 10, 5
    r.begin({ epoch: 0, batch: 0 });
    expect(r.read({ epoch: 1, batch: 1, loss: 2, accuracy: 0.1 })).toEqual({ loss: 2, accuracy: 0.1 });
    // Paused after batch 1; the next call covers batches 1…2 (15 sequences) with means 1 and 0.5.
    r.begin({ epoch: 0, batch: 1 });
    const m = r.read({ epoch: 1, batch: 3, loss: 1, accuracy: 0.5 });
    expect(m.loss).toBeCloseTo((2 * 10 + 1 * 15) / 25, 12);
    expect(m.accuracy).toBeCloseTo((0.1 * 10 + 0.5 * 15) / 25, 12);
    // The same call goes on into epoch 2: its readings cover that epoch only.
    expect(r.read({ epoch: 2, batch: 1, loss: 0.5, accuracy: 0.9 })).toEqual({ loss: 0.5, accuracy: 0.9 });
    // A resume at an epoch's start carries nothing.
    r.begin({ epoch: 2, batch: 0 });
    expect(r.read({ epoch: 3, batch: 1, loss: 0.25, accuracy: 1 })).toEqual({ loss: 0.25, accuracy: 1 });
  });
});

describe('TrainingJob', () => {
  const opts = { epochs: 2, batchSize: 10, lr: 1e-3, seed: 3 };

  async function runJob(pauseAtReading: number | null) {
    const m = model();
    const data = source(40); // 4 batches per epoch, read every 2
    const job = new TrainingJob();
    const seen: (TrainProgress & { backend: string })[] = [];
    const epochEnds: { epoch: number; wall: number }[] = [];
    const done = job.run({
      model: m,
      data,
      ...opts,
      signal: new AbortController().signal,
      onProgress: (p) => {
        seen.push(p);
        if (seen.length === pauseAtReading) {
          job.pause();
          // Resume a little later: the paused time must not count.
          setTimeout(() => job.resume(), 150);
        }
      },
      onEpochEnd: (e) => void epochEnds.push({ epoch: e.position.epoch, wall: e.wallTimeSeconds }),
    });
    const r = await done;
    const weights = await readWeightValues(m.cell, m.weights);
    tf.dispose(Object.values(m.weights));
    return { r, seen, weights, epochEnds };
  }

  it('a run paused mid-epoch and resumed reads as one: running figures continue, time adds up, same weights', async () => {
    const a = await runJob(null);
    const b = await runJob(1); // paused after batch 2 of epoch 1
    const key = (p: TrainProgress) => `${p.epoch}:${p.batch}`;
    // The paused run reports batch 2 twice (at the pause and again when the loop stops there).
    const bBy = new Map(b.seen.map((p) => [key(p), p]));
    expect(a.seen.map(key)).toEqual(['1:2', '1:4', '2:2', '2:4']);
    expect([...bBy.keys()]).toEqual(['1:2', '1:4', '2:2', '2:4']);
    for (const p of a.seen) {
      const q = bBy.get(key(p))!;
      expect(q.iteration).toBe(p.iteration);
      // Batch 4 of epoch 1 covers all 40 sequences of the epoch although the loop ran it in two calls.
      expect(q.loss).toBeCloseTo(p.loss, 5);
      expect(q.accuracy).toBeCloseTo(p.accuracy, 10);
    }
    // Elapsed time never goes back, and the 150 ms pause is not counted.
    const times = b.seen.map((p) => p.elapsedSeconds);
    expect(times.every((t, i) => i === 0 || t >= times[i - 1])).toBe(true);
    expect(b.r.seconds).toBeGreaterThanOrEqual(times.at(-1)! - 1e-9);
    expect(b.epochEnds.map((e) => e.epoch)).toEqual([1, 2]);
    expect(b.r.history.map((h) => h.epoch)).toEqual([1, 2]);
    expect(b.r.history[0].trainAccuracy).toBeCloseTo(a.r.history[0].trainAccuracy, 10);
    // The same batches in the same order with the same dropout masks: the same bytes.
    expect(b.r.iterations).toBe(8);
    for (const name of Object.keys(a.weights)) expect(b.weights[name]).toEqual(a.weights[name]);
  });
});
