import { describe, expect, it } from 'vitest';
import { fmtPercent, fmtSci, fmtSeconds } from './format';
import { pairModelFiles } from './model-files';
import { greyToRgba } from './sequence-image';
import { parseIndexInput, randomIndex, stepIndex } from './sequence-nav';

describe('stepIndex', () => {
  it('wraps past either end', () => {
    expect([stepIndex(9999, 1, 10000), stepIndex(0, -1, 10000), stepIndex(5, 1, 10000), stepIndex(3, -7, 5)]).toEqual([0, 9999, 6, 1]);
  });
});

describe('parseIndexInput', () => {
  it('accepts 0…n−1 and explains anything else', () => {
    expect(parseIndexInput(' 42 ', 100)).toEqual({ index: 42 });
    expect(parseIndexInput('100', 100)).toEqual({ error: 'the set has 100 samples: enter 0 to 99' });
    expect(parseIndexInput('-1', 100)).toEqual({ error: 'enter a whole number from 0 to 99' });
    expect(parseIndexInput('1.5', 100)).toEqual({ error: 'enter a whole number from 0 to 99' });
  });
});

describe('randomIndex', () => {
  it('never returns the current index and covers both ends', () => {
    expect(randomIndex(10, 3, () => 0)).toBe(0);
    expect(randomIndex(10, 0, () => 0)).toBe(1);
    expect(randomIndex(10, 3, () => 0.999999)).toBe(9);
    expect(randomIndex(10, 9, () => 0.999999)).toBe(8);
    expect(randomIndex(10, 3, () => 3 / 9)).toBe(4);
    expect(randomIndex(1, 0, () => 0.5)).toBe(0);
  });
});

describe('pairModelFiles', () => {
  it('pairs one .json with one other file in any order', () => {
    const r = pairModelFiles([{ name: 'weights.bin' }, { name: 'model.json' }]);
    expect('error' in r ? r.error : [r.json.name, r.weights.name]).toEqual(['model.json', 'weights.bin']);
  });
  it('names what was chosen when the pair is incomplete', () => {
    expect(pairModelFiles([{ name: 'model.json' }])).toEqual({ error: 'choose exactly two files, model.json and weights.bin (got model.json)' });
    expect(pairModelFiles([{ name: 'a.json' }, { name: 'b.json' }])).toEqual({ error: 'choose exactly two files, model.json and weights.bin (got a.json, b.json)' });
  });
});

describe('greyToRgba', () => {
  it('maps grey p to opaque (p, p, p)', () => {
    expect(Array.from(greyToRgba(new Uint8Array([0, 128, 255])))).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255]);
  });
});

describe('formats', () => {
  it('formats seconds and percentages', () => {
    expect([fmtSeconds(12.34), fmtSeconds(65), fmtSeconds(NaN), fmtPercent(0.1234), fmtPercent(null)]).toEqual(['12.3 s', '1 min 05 s', '–', '12.3 %', '–']);
    expect([fmtSci(0.01723), fmtSci(-0.0326), fmtSci(0.00247), fmtSci(0), fmtSci(12345), fmtSci(NaN)]).toEqual(['0.0172', '-0.0326', '2.47e−3', '0', '1.23e4', '–']);
  });
});
