/**
 * The worker's data cache on the prepared data: the page's start (test sequences) reads no
 * training image, a training split or a training image by index reads them once, and both give
 * the pixels the full dataset gives.
 */
import { describe, expect, it } from 'vitest';
import { getSequenceSet, loadDataset, type ReadBytes } from '../core/data';
import { nodeReader } from '../node/data';
import { DataCache } from './data-cache';

function logged(log: string[]): ReadBytes {
  const read = nodeReader();
  return (p) => {
    log.push(p);
    return read(p);
  };
}

describe('DataCache', () => {
  it('serves the test sequences without reading a training image; a training split reads them once', async () => {
    const log: string[] = [];
    const data = new DataCache(logged(log), false);
    const test = await data.set({ dataset: 'mnist', task: 'maj', split: 'test' });
    await data.testImagesOfClass('mnist', 3);
    expect(log.some((p) => p.includes('train-images'))).toBe(false);
    expect(await data.hasTrainImages('mnist')).toBe(false);

    const full = await loadDataset(nodeReader(), 'mnist');
    const fullTest = getSequenceSet(full, { task: 'maj', split: 'test' });
    for (const i of [0, 17, 9999]) expect(Array.from(test.rawPixels(i))).toEqual(Array.from(fullTest.rawPixels(i)));

    const train = await data.set({ dataset: 'mnist', task: 'maj', split: 'train' });
    await data.set({ dataset: 'mnist', task: 'maj', split: 'val' });
    expect(log.filter((p) => p.includes('train-images'))).toEqual(['mnist-train-images.u8']);
    const fullTrain = getSequenceSet(full, { task: 'maj', split: 'train' });
    for (const i of [0, 1234]) expect(Array.from(train.rawPixels(i))).toEqual(Array.from(fullTrain.rawPixels(i)));
  });

  it('a training image asked for by its index is read with the training images; a test image is not', async () => {
    const log: string[] = [];
    const data = new DataCache(logged(log), false);
    const b = await data.baseFor('mnist', 60_000 + 5);
    expect(log.some((p) => p.includes('train-images'))).toBe(false);
    await data.baseFor('mnist', 12);
    expect(log.filter((p) => p.includes('train-images'))).toEqual(['mnist-train-images.u8']);
    const full = await loadDataset(nodeReader(), 'mnist');
    expect(Array.from(b.images.subarray(12 * 784, 13 * 784))).toEqual(Array.from(full.images.subarray(12 * 784, 13 * 784)));
  });

  it('two requests for a set at the same time share one build; a failed read is tried again', async () => {
    const data = new DataCache(nodeReader(), false);
    const [a, b] = await Promise.all([data.set({ dataset: 'mnist', task: 'maj', split: 'test' }), data.set({ dataset: 'mnist', task: 'maj', split: 'test' })]);
    expect(a).toBe(b);

    let fail = true;
    const read = nodeReader();
    const flaky = new DataCache((p) => (fail && p.includes('test-images') ? Promise.reject(new Error(`${p}: HTTP 503`)) : read(p)), false);
    await expect(flaky.set({ dataset: 'mnist', task: 'maj', split: 'test' })).rejects.toThrow('HTTP 503');
    fail = false;
    expect((await flaky.set({ dataset: 'mnist', task: 'maj', split: 'test' })).n).toBe(a.n);
  });
});
