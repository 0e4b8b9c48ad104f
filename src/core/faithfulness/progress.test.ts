/** Long faithfulness jobs report their progress and stop on an AbortSignal between batches, leaking nothing. */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../tf';
import { useBackend } from '../../../test/tf-backend';
import { cellFromPreset, initWeights } from '../cells';
import { buildMethodList } from '../explain/registry';
import { regionPerturbation } from './perturbation';
import { cascadingRandomisation } from './randomisation';

beforeAll(() => useBackend('cpu'));

const cell = cellFromPreset('shallow', { T: 12, width: 84 });
const x = Float32Array.from({ length: 28 * 84 }, (_, i) => ((i * 7919) % 200) / 100 - 1);
const h = Float32Array.from({ length: 28 * 84 }, (_, i) => Math.sin(i));

describe('region perturbation: progress and stop', () => {
  it('reports the curves done after every forward batch, up to all of them', async () => {
    const weights = initWeights(cell, 2);
    const seen: [number, number][] = [];
    // 3 curves (random + 2 methods) of 6 inputs each; 12 inputs per batch: 2 curves per batch.
    await regionPerturbation(cell, weights, x, [3], [[h], [h.map((v) => -v)]], { steps: 5, batch: 12, onProgress: (d, t) => seen.push([d, t]) });
    expect(seen).toEqual([
      [2, 3],
      [3, 3],
    ]);
    tf.dispose(weights);
  });

  it('rejects with an AbortError when stopped between batches, and leaks no tensors', async () => {
    const weights = initWeights(cell, 2);
    const before = tf.memory().numTensors;
    const ac = new AbortController();
    let batches = 0;
    const run = regionPerturbation(cell, weights, x, [3], [[h], [h]], {
      steps: 5,
      batch: 6,
      signal: ac.signal,
      onProgress: () => {
        batches++;
        ac.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(batches).toBe(1); // one of three batches ran
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(weights);
  });
});

describe('cascading randomisation: progress and stop', () => {
  it('reports each stage, and stops between stages without touching the original weights', async () => {
    const weights = initWeights(cell, 4);
    const methods = buildMethodList('sensitivity');
    const seen: number[] = [];
    const all = await cascadingRandomisation(cell, weights, x, [1], methods, { keepHeatmaps: true, onProgress: (d, t) => seen.push(d / t) });
    expect(seen).toEqual(Array.from({ length: all.layers.length + 1 }, (_, k) => (k + 1) / (all.layers.length + 1)));
    const before = tf.memory().numTensors;
    const ac = new AbortController();
    const run = cascadingRandomisation(cell, weights, x, [1], methods, { signal: ac.signal, onProgress: (d) => d === 2 && ac.abort() });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(tf.memory().numTensors).toBe(before);
    // The original model still gives the heatmap it gave before the stopped run.
    const again = await cascadingRandomisation(cell, weights, x, [1], methods, { keepHeatmaps: true, stages: 0 });
    expect(Array.from(again.heatmaps![0][0][0])).toEqual(Array.from(all.heatmaps![0][0][0]));
    expect(Array.from(all.heatmaps![1][0][0])).not.toEqual(Array.from(all.heatmaps![0][0][0]));
    tf.dispose(weights);
  });
});
