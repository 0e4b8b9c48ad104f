import { describe, expect, it } from 'vitest';
import { fmtPercent, fmtSci, fmtSeconds } from './format';
import { checkModelFiles, checkWeightsSize, MAX_MODEL_JSON_BYTES, MAX_WEIGHTS_BYTES } from './model-files';
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

describe('checkModelFiles: kinds and sizes, before a byte is read', () => {
  const f = (name: string, size: number, folder?: boolean) => ({ name, size, ...(folder ? { folder } : {}) });
  const error = (files: ReturnType<typeof f>[]) => {
    const r = checkModelFiles(files);
    return 'error' in r ? r.error : null;
  };

  it('pairs one .json with one .bin in any order', () => {
    const r = checkModelFiles([f('weights.bin', 614_312), f('model.json', 3_000)]);
    expect('error' in r ? r.error : [r.json.name, r.weights.name]).toEqual(['model.json', 'weights.bin']);
    // At the bounds exactly: accepted.
    expect(error([f('model.json', MAX_MODEL_JSON_BYTES), f('weights.bin', MAX_WEIGHTS_BYTES)])).toBeNull();
  });

  it('names what was chosen when the pair is incomplete or two of a kind', () => {
    expect(error([f('model.json', 10)])).toBe('choose exactly two files, model.json and weights.bin (got model.json)');
    expect(error([])).toBe('choose exactly two files, model.json and weights.bin (got no files)');
    expect(error([f('model.json', 1), f('weights.bin', 4), f('notes.txt', 1)])).toBe('choose exactly two files, model.json and weights.bin (got model.json, weights.bin, notes.txt)');
    expect(error([f('a.json', 10), f('model.json', 10)])).toBe('two JSON files (a.json, model.json): choose one model.json and its weights.bin');
    expect(error([f('weights.bin', 8), f('old.bin', 8)])).toBe('no model.json among weights.bin, old.bin: choose model.json and weights.bin');
  });

  it('refuses a folder, a weights file that is not a .bin, and empty files', () => {
    expect(error([f('model.json', 10), f('my-model', 4096, true)])).toBe('my-model is a folder: choose the two files in it, model.json and weights.bin');
    expect(error([f('model.json', 10), f('photo.png', 614_312)])).toBe('photo.png is not a weights file (.bin): choose model.json and weights.bin');
    expect(error([f('model.json', 0), f('weights.bin', 8)])).toBe('model.json is empty (0 bytes)');
    expect(error([f('model.json', 10), f('weights.bin', 0)])).toBe('weights.bin is empty (0 bytes)');
  });

  it('refuses a model.json over 16 MiB and a weights.bin over 64 MiB, naming the size and the limit', () => {
    expect(MAX_MODEL_JSON_BYTES).toBe(16 * 1024 * 1024);
    expect(MAX_WEIGHTS_BYTES).toBe(64 * 1024 * 1024);
    expect(error([f('model.json', MAX_MODEL_JSON_BYTES + 1), f('weights.bin', 8)])).toBe(
      'model.json has 16,777,217 bytes; at most 16,777,216 (16 MiB) are read (a model.json has a few kilobytes)',
    );
    expect(error([f('model.json', 3_000), f('weights.bin', 1_900_000_000)])).toBe(
      "weights.bin has 1,900,000,000 bytes; at most 67,108,864 (64 MiB) are read (the thesis's largest cell needs 1.3 MB)",
    );
  });
});

describe('checkWeightsSize: weights.bin against the manifest', () => {
  const info = { weights: 10, weightBytes: 614_312 };
  it('accepts exactly the size the manifest implies', () => {
    expect(checkWeightsSize({ name: 'weights.bin', size: 614_312 }, 'model.json', info)).toBeNull();
  });
  it('refuses any other size, naming both sizes and the difference', () => {
    expect(checkWeightsSize({ name: 'weights.bin', size: 50_000_000 }, 'model.json', info)).toBe(
      'weights.bin has 50,000,000 bytes; the manifest of model.json needs exactly 614,312 (10 float32 weights): 49,385,688 bytes too many',
    );
    expect(checkWeightsSize({ name: 'w.bin', size: 614_308 }, 'deep.json', info)).toBe(
      'w.bin has 614,308 bytes; the manifest of deep.json needs exactly 614,312 (10 float32 weights): 4 bytes missing',
    );
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
