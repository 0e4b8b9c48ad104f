import { describe, expect, it } from 'vitest';
import { splitFashion, type ClassImages } from './fashionSplit';

/** A unique image per (class, index): the first bytes encode both. */
function unique(c: number, i: number): Uint8Array {
  const px = new Uint8Array(784);
  px[0] = c;
  px[1] = i;
  px[2] = 77;
  return px;
}

/** Class c with n unique images, then copies given as [target index, copied image]. */
function makeClass(c: number, n: number, copies: [number, Uint8Array][] = []): ClassImages {
  const images = new Uint8Array(n * 784);
  for (let i = 0; i < n; i++) images.set(unique(c, i), i * 784);
  for (const [i, px] of copies) images.set(px, i * 784);
  return { images };
}

const key = (px: Uint8Array, j: number) => px.subarray(j * 784, (j + 1) * 784).join(',');

function fixture(): ClassImages[] {
  const classes = Array.from({ length: 10 }, (_, c) => makeClass(c, 10));
  classes[0] = makeClass(0, 12, [[10, unique(0, 3)], [11, unique(0, 5)]]); // 2 surplus, both duplicates
  classes[1] = makeClass(1, 10, [[4, unique(1, 1)]]); // a kept duplicate pair (1, 4)
  classes[3] = makeClass(3, 10, [[0, unique(2, 0)]]); // class 3 #0 = class 2 #0
  classes[4] = makeClass(4, 11); // 1 surplus, no duplicate
  return classes;
}

const opts = { seed: 2018, trainPerClass: 8, testPerClass: 2 };

describe('splitFashion', () => {
  it('gives every class exactly trainPerClass and testPerClass images', () => {
    const s = splitFashion(fixture(), opts);
    expect(s.train.n).toBe(80);
    expect(s.test.n).toBe(20);
    const count = (labels: Uint8Array, c: number) => labels.filter((l) => l === c).length;
    for (let c = 0; c < 10; c++) {
      expect(count(s.train.labels, c)).toBe(8);
      expect(count(s.test.labels, c)).toBe(2);
    }
  });

  it('drops surplus images among later duplicates first, else the highest index', () => {
    const { report } = splitFashion(fixture(), opts);
    expect(report.dropped).toEqual([
      { class: 0, index: 11, duplicateOf: 5 },
      { class: 0, index: 10, duplicateOf: 3 },
      { class: 4, index: 10, duplicateOf: null },
    ]);
    expect(report.sourceCounts).toEqual([12, 10, 10, 10, 11, 10, 10, 10, 10, 10]);
  });

  it('never puts identical images in both train and test, and sends cross-class copies to train', () => {
    for (let seed = 0; seed < 30; seed++) {
      const s = splitFashion(fixture(), { ...opts, seed });
      const train = new Set(Array.from({ length: s.train.n }, (_, j) => key(s.train.images, j)));
      for (let j = 0; j < s.test.n; j++) expect(train.has(key(s.test.images, j))).toBe(false);
      expect(s.report.pinnedToTrain).toEqual([{ class: 2, index: 0 }, { class: 3, index: 0 }]);
      expect(s.report.duplicateGroups).toBe(2);
    }
  });

  it('records each image\'s provenance and the matching label and pixels', () => {
    const classes = fixture();
    const s = splitFashion(classes, opts);
    for (let j = 0; j < s.test.n; j++) {
      const [c, i] = [s.testSource[2 * j], s.testSource[2 * j + 1]];
      expect(s.test.labels[j]).toBe(c);
      expect(key(s.test.images, j)).toBe(key(classes[c].images, i));
    }
  });

  it('is deterministic for a seed, differs between seeds, and interleaves classes', () => {
    const a = splitFashion(fixture(), opts);
    const b = splitFashion(fixture(), opts);
    const c = splitFashion(fixture(), { ...opts, seed: 1 });
    expect(Array.from(b.testSource)).toEqual(Array.from(a.testSource));
    expect(Array.from(c.testSource)).not.toEqual(Array.from(a.testSource));
    const sorted = [...a.train.labels].sort((x, y) => x - y);
    expect(Array.from(a.train.labels)).not.toEqual(sorted);
  });

  it('reports file entry indices when the decoder skipped entries', () => {
    const classes = fixture();
    classes[0] = { ...classes[0], index: Uint32Array.from({ length: 12 }, (_, i) => (i < 5 ? i : i + 1)) };
    expect(splitFashion(classes, opts).report.dropped[0]).toEqual({ class: 0, index: 12, duplicateOf: 6 });
  });

  it('fails clearly when a class is too small', () => {
    const classes = fixture();
    classes[7] = makeClass(7, 9);
    expect(() => splitFashion(classes, opts)).toThrow('Fashion-MNIST class 7 has 9 images, the split needs 10 (8 train + 2 test)');
  });
});
