import { describe, expect, it } from 'vitest';
import { bandSizes, splitBands } from './grid-bands';

const at = (available: number) => ({ available, rowhead: 119, minCol: 168, gap: 10 });

describe('bandSizes', () => {
  it('puts every column side by side when they fit at their narrowest', () => {
    expect(bandSizes(4, at(860))).toEqual([4]); // 1280 px: 119 + 4·168 + 3·10 = 821
    expect(bandSizes(2, at(600))).toEqual([2]);
  });

  it('wraps the rest into bands as even as possible, the first ones fuller', () => {
    expect(bandSizes(4, at(600))).toEqual([2, 2]); // 1024 px: two fit
    expect(bandSizes(5, at(600))).toEqual([2, 2, 1]);
    expect(bandSizes(6, at(700))).toEqual([3, 3]);
    expect(bandSizes(5, at(700))).toEqual([3, 2]);
  });

  it('keeps one column per band on a screen narrower than one column, and none without columns', () => {
    expect(bandSizes(3, at(100))).toEqual([1, 1, 1]);
    expect(bandSizes(0, at(1000))).toEqual([]);
  });
});

describe('splitBands', () => {
  it('splits the columns in order', () => {
    expect(splitBands(['a', 'b', 'c', 'd', 'e'], [3, 2])).toEqual([['a', 'b', 'c'], ['d', 'e']]);
  });
});
