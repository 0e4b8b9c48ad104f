import { describe, expect, it } from 'vitest';
import { toSteps } from './columns';
import { makeBaseDataset } from './dataset';
import { PIXEL_LUT } from './scale';
import { getSequenceSet, pooledSequences } from './sequenceSet';

/** 300 train + 100 test images; pixel (r, c) of global image g = (g·7 + r·3 + c) mod 256, label g mod 10. */
function base() {
  const mk = (n: number, off: number) => {
    const images = new Uint8Array(n * 784);
    const labels = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      labels[i] = (off + i) % 10;
      for (let r = 0; r < 28; r++) for (let c = 0; c < 28; c++) images[i * 784 + r * 28 + c] = ((off + i) * 7 + r * 3 + c) % 256;
    }
    return { n, images, labels };
  };
  return makeBaseDataset('mnist', mk(300, 0), mk(100, 300));
}
const px = (g: number, r: number, c: number) => PIXEL_LUT[(g * 7 + r * 3 + c) % 256];

describe('getSequenceSet', () => {
  const ds = base();

  it('has the split sizes 80/20 of the training part and the whole test part', () => {
    expect(['train', 'val', 'test'].map((split) => getSequenceSet(ds, { task: 'maj', split: split as 'train' }).n)).toEqual([240, 60, 100]);
    const seq = getSequenceSet(ds, { task: 'seq', split: 'test' });
    expect([seq.width, seq.blocks, seq.masks]).toEqual([28, 1, null]);
    expect(Array.from(seq.sources.subarray(0, 3))).toEqual([300, 301, 302]);
  });

  it('maj batch(indices) is [k, 28, 84] with block b = the scaled base image sources[i, b]', () => {
    const set = getSequenceSet(ds, { task: 'maj', split: 'train' });
    expect([set.width, set.blocks]).toEqual([84, 3]);
    const idx = [5, 0, 239];
    const out = set.batch(idx);
    expect(out.length).toBe(3 * 28 * 84);
    for (let i = 0; i < idx.length; i++) {
      for (let b = 0; b < 3; b++) {
        const g = set.sources[idx[i] * 3 + b];
        for (const [r, c] of [[0, 0], [27, 27], [11, 19]]) expect(out[(i * 28 + r) * 84 + b * 28 + c]).toBe(px(g, r, c));
      }
    }
    expect(set.masks!.length).toBe(240 * 3);
  });

  it('steps(indices, T) equals toSteps(batch(indices)) for T = 12, 7 and 2 (steps that straddle blocks)', () => {
    const set = getSequenceSet(ds, { task: 'maj', split: 'val' });
    for (const T of [12, 7, 2]) expect(Array.from(set.steps([3, 9], T))).toEqual(Array.from(toSteps(set.batch([3, 9]), 2, 84, T)));
    const seq = getSequenceSet(ds, { task: 'seq', split: 'val' });
    expect(Array.from(seq.steps([1], 4))).toEqual(Array.from(toSteps(seq.batch([1]), 1, 28, 4)));
    expect(() => seq.steps([1], 12)).toThrow(/does not divide the image width 28/);
  });

  it('rawPixels, subset and out-of-range indices', () => {
    const set = getSequenceSet(ds, { task: 'maj', split: 'test' });
    const raw = set.rawPixels(4);
    const g = set.sources[4 * 3 + 2];
    expect(raw[10 * 84 + 56 + 3]).toBe((g * 7 + 30 + 3) % 256);
    const sub = set.subset([4, 1]);
    expect(Array.from(sub.sources.subarray(0, 3))).toEqual(Array.from(set.sources.subarray(12, 15)));
    expect(Array.from(sub.masks!.subarray(3, 6))).toEqual(Array.from(set.masks!.subarray(3, 6)));
    expect(() => set.batch([100])).toThrow('index 100 is out of range: mnist maj test has 100 sequences (0…99)');
    const out = new Float32Array(28 * 84);
    expect(set.batch([0], out)).toBe(out);
    expect(() => set.batch([0, 1], out)).toThrow(/out has 2352 elements/);
  });

  it('MAJ splits use their own seeds (train 0, val 1, test 3) and are reproducible', () => {
    const a = getSequenceSet(ds, { task: 'maj', split: 'test' });
    const b = getSequenceSet(ds, { task: 'maj', split: 'test' });
    expect(Array.from(a.sources)).toEqual(Array.from(b.sources));
  });

  it('k-fold: pooled = train, test, val; fold f train + held-out part = all; val = test', () => {
    const pooled = pooledSequences(ds, 'seq');
    expect(pooled.n).toBe(400);
    const tr = getSequenceSet(ds, { task: 'seq', split: 'train' });
    expect(Array.from(pooled.sources.subarray(0, 240))).toEqual(Array.from(tr.sources));
    expect(pooled.sources[240]).toBe(300);
    const seen = new Uint8Array(400);
    for (let f = 0; f < 7; f++) {
      const train = getSequenceSet(ds, { task: 'seq', split: 'train', fold: f });
      const test = getSequenceSet(ds, { task: 'seq', split: 'test', fold: f });
      const val = getSequenceSet(ds, { task: 'seq', split: 'val', fold: f });
      expect(train.n + test.n).toBe(400);
      expect(Array.from(val.sources)).toEqual(Array.from(test.sources));
      expect([test.fold, test.split]).toEqual([f, 'test']);
      for (const s of test.sources) seen[s]++;
    }
    expect(seen.every((v) => v === 1)).toBe(true); // seq sources are distinct, so every image is held out once
    const majFold = getSequenceSet(ds, { task: 'maj', split: 'test', fold: 2 });
    expect(majFold.masks!.length).toBe(majFold.n * 3);
    expect(() => getSequenceSet(ds, { task: 'seq', split: 'test', fold: 7 })).toThrow('fold must be an integer in 0…6, got 7');
  });

  it('rejects unknown tasks and splits', () => {
    expect(() => getSequenceSet(ds, { task: 'x' as 'maj', split: 'test' })).toThrow('unknown task "x"; valid: maj, seq');
    expect(() => getSequenceSet(ds, { task: 'maj', split: 'dev' as 'test' })).toThrow(/unknown split "dev"/);
  });
});
