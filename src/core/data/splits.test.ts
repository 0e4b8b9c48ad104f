import { describe, expect, it } from 'vitest';
import { makeBaseDataset } from './dataset';
import { splitIndices, trainValSplit } from './splits';

describe('trainValSplit', () => {
  it('splits 60,000 into 48,000 train and 12,000 val, disjoint and complete', () => {
    const { train, val } = trainValSplit(60000);
    expect(train.length).toBe(48000);
    expect(val.length).toBe(12000);
    const seen = new Uint8Array(60000);
    for (const i of train) seen[i]++;
    for (const i of val) seen[i]++;
    expect(seen.every((v) => v === 1)).toBe(true);
  });

  it('val = the first ⌈0.2·n⌉ entries of numpy RandomState(71).permutation(n), train = the rest, in that order', () => {
    const { train, val } = trainValSplit(60000);
    expect(Array.from(val.subarray(0, 5))).toEqual([13010, 35494, 14290, 10732, 49068]);
    expect(Array.from(train.subarray(0, 5))).toEqual([32720, 46600, 56776, 58216, 55081]);
    expect(Array.from(train.subarray(47997))).toEqual([11275, 44973, 56427]);
    expect(trainValSplit(7).val.length).toBe(2); // ceil(1.4)
  });

  it('splitIndices gives global indices: test = nTrain … n−1', () => {
    const mk = (n: number) => ({ n, images: new Uint8Array(n * 784), labels: new Uint8Array(n) });
    const ds = makeBaseDataset('mnist', mk(50), mk(8));
    expect(Array.from(splitIndices(ds, 'test'))).toEqual([50, 51, 52, 53, 54, 55, 56, 57]);
    expect(splitIndices(ds, 'val').length).toBe(10);
    expect(splitIndices(ds, 'train').length).toBe(40);
    expect(Math.max(...splitIndices(ds, 'train'))).toBeLessThan(50);
  });
});
