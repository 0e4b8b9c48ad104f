// Tests on the real prepared data (public/data, written by `npm install`).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { classCounts, getSequenceSet, type SequenceSet } from '../core/data/index';
import { loadNodeDataset, loadNodeManifest, loadSequenceSet, nodeReader } from './data';

describe('prepared data (public/data)', () => {
  it('the manifest lists MNIST 60,000/10,000 and Fashion-MNIST 6,000/1,000 per class', async () => {
    const m = await loadNodeManifest();
    expect([m.datasets.mnist.train.n, m.datasets.mnist.test.n]).toEqual([60000, 10000]);
    // The official MNIST class counts.
    expect(m.datasets.mnist.train.classCounts).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(m.datasets.mnist.test.classCounts).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    expect(m.datasets.fashion.train.classCounts).toEqual(new Array(10).fill(6000));
    expect(m.datasets.fashion.test.classCounts).toEqual(new Array(10).fill(1000));
    expect(m.datasets.fashion.split).toMatchObject({
      seed: 2018,
      emptyEntries: [{ class: 0, index: 1000 }, { class: 0, index: 7001 }],
      dropped: [],
      pinnedToTrain: [{ class: 0, index: 948 }, { class: 6, index: 6209 }],
      duplicateGroups: 54,
    });
  });

  it('MNIST loads in file order: first training label 5, first test label 7', async () => {
    const ds = await loadNodeDataset('mnist');
    expect([ds.n, ds.nTrain, ds.labels[0], ds.labels[60000]]).toEqual([70000, 60000, 5, 7]);
  });

  it('Fashion-MNIST matches its checksums, and no image is in both train and test', async () => {
    const ds = await loadNodeDataset('fashion', { verify: 'sha256' });
    const key = (g: number) => createHash('sha1').update(ds.images.subarray(g * 784, (g + 1) * 784)).digest('hex');
    const train = new Set<string>();
    for (let g = 0; g < ds.nTrain; g++) train.add(key(g));
    const test = new Set<string>();
    let overlap = 0;
    for (let g = ds.nTrain; g < ds.n; g++) {
      const k = key(g);
      test.add(k);
      if (train.has(k)) overlap++;
    }
    expect(overlap).toBe(0);
    expect(train.size + test.size).toBe(70000 - 54); // 54 identical pairs, each pair within one split
  });

  it('sequence sets have 48,000 / 12,000 / 10,000 sequences per task and dataset', async () => {
    for (const dataset of ['mnist', 'fashion'] as const) {
      for (const task of ['maj', 'seq'] as const) {
        const n = await Promise.all((['train', 'val', 'test'] as const).map(async (split) => (await loadSequenceSet({ dataset, task, split })).n));
        expect(n).toEqual([48000, 12000, 10000]);
      }
    }
  });

  it('MAJ test set: two blocks of the label\'s class (mask 1), one of another class (mask 0); pixels in [−1, 1]', async () => {
    const set: SequenceSet = await loadSequenceSet({ dataset: 'fashion', task: 'maj', split: 'test' });
    let bad = 0;
    const odd = [0, 0, 0];
    for (let i = 0; i < set.n; i++) {
      let ones = 0;
      for (let b = 0; b < 3; b++) {
        const m = set.masks![3 * i + b];
        ones += m;
        if ((set.base.labels[set.sources[3 * i + b]] === set.labels[i]) !== (m === 1)) bad++;
        if (!m) odd[b]++;
      }
      if (ones !== 2) bad++;
    }
    expect(bad).toBe(0);
    for (const k of odd) expect(Math.abs(k - set.n / 3)).toBeLessThan(300); // odd block position ≈ uniform (sd ≈ 47)
    expect(classCounts(set.labels)).toEqual(new Array(10).fill(1000));
    const x = set.batch([0, 1, 2]);
    expect(Math.min(...x)).toBe(-1);
    expect(Math.max(...x)).toBeLessThanOrEqual(1);
    expect(x[0]).toBe(-1); // top-left corner is background
  });

  it('the 7-fold over the pooled 70,000 MNIST sequences: held-out parts of 10,000 ± 4', async () => {
    const ds = await loadNodeDataset('mnist');
    const sizes = [0, 3, 6].map((f) => getSequenceSet(ds, { task: 'seq', split: 'test', fold: f }).n);
    expect(sizes).toEqual([10004, 10000, 9996]);
    const train = getSequenceSet(ds, { task: 'maj', split: 'train', fold: 0 });
    expect(train.n).toBe(70000 - 10004);
  });

  it('a missing data directory is an error that says to run npm install', async () => {
    await expect(nodeReader('/nonexistent-rrx')('manifest.json')).rejects.toThrow(
      '/nonexistent-rrx/manifest.json is missing: the datasets have not been prepared; run `npm install` (or `node scripts/prepare-data.mjs`)',
    );
  });
});
