import { describe, expect, it } from 'vitest';
import { heatmapRGB } from '../../core/explain/colormap';
import { decodeGrey, encodeGrey, base64url, fromBase64url } from './block-codec';
import { ERASER, PEN, clearBlock, getBlock, paintSegment, putBlock } from './brush';
import { bundledFor, meetsBar, parseBundleIndex } from './bundle-index';
import { displayScale, heatmapToRgba } from './heatmap-image';
import { labelAndMask } from './majority';
import { memoryModelDb } from './model-db';
import { DEFAULT_METHODS, METHOD_SPECS, methodInfo } from './methods';

describe('labelAndMask', () => {
  it('labels the class appearing at least twice and masks its blocks', () => {
    expect(labelAndMask([3, 7, 7])).toEqual({ label: 7, mask: [0, 1, 1] });
    expect(labelAndMask([4, 4, 4])).toEqual({ label: 4, mask: [1, 1, 1] });
    expect(labelAndMask([5, null, 5])).toEqual({ label: 5, mask: [1, 0, 1] });
  });
  it('has no label when no class repeats', () => {
    expect([labelAndMask([1, 2, 3]), labelAndMask([null, null, 2]), labelAndMask([])]).toEqual([null, null, null]);
  });
});

describe('brush', () => {
  const block = () => ({ px: new Uint8Array(28 * 84), stride: 84, offset: 28, size: 28 });
  it('paints full intensity under the core and nothing beyond the radius, in its block only', () => {
    const v = block();
    expect(paintSegment(v, 10.5, 10.5, 10.5, 10.5, PEN)).toBe(true);
    const at = (r: number, c: number) => v.px[r * 84 + 28 + c];
    expect(at(10, 10)).toBe(255); // d = 0
    expect(at(10, 11)).toBe(Math.round((255 * (1.6 - 1)) / (1.6 - 0.72))); // d = 1: 174
    expect(at(10, 12)).toBe(0); // d = 2 ≥ R
    expect(v.px.reduce((a, b) => a + (b > 0 ? 1 : 0), 0)).toBe(9); // the 3 × 3 around the centre (corners d = √2 < 1.6)
    expect(v.px.subarray(0, 28).every((x) => x === 0) && v.px[10 * 84 + 27] === 0).toBe(true); // block 0 untouched
  });
  it('keeps the brighter value when drawing and erases towards 0', () => {
    const v = block();
    paintSegment(v, 2, 14.5, 26, 14.5, PEN);
    const row = Array.from(v.px.subarray(14 * 84 + 28, 14 * 84 + 56));
    expect(row.slice(3, 25).every((x) => x === 255)).toBe(true);
    expect(paintSegment(v, 2, 14.5, 26, 14.5, PEN)).toBe(false); // same stroke again: no change
    paintSegment(v, 14.5, 0, 14.5, 28, ERASER);
    expect(v.px[14 * 84 + 28 + 14]).toBe(0);
  });
  it('copies, reads back and clears a block', () => {
    const v = block();
    const img = Uint8Array.from({ length: 784 }, (_, i) => i % 251);
    putBlock(v, img);
    expect(Array.from(getBlock(v))).toEqual(Array.from(img));
    clearBlock(v);
    expect(v.px.every((x) => x === 0)).toBe(true);
  });
});

describe('block codec', () => {
  it('base64url round-trips every length', () => {
    for (const n of [0, 1, 2, 3, 4, 5]) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 97 + 13) & 255);
      expect(Array.from(fromBase64url(base64url(b))!)).toEqual(Array.from(b));
    }
    expect(base64url([251, 255])).toBe('-_8');
    expect(fromBase64url('a+b')).toBeNull();
  });
  it('codes zero runs compactly and losslessly', () => {
    const px = new Uint8Array(784);
    expect(encodeGrey(px)).toBe(base64url([0, 255, 0, 255, 0, 255, 0, 19]));
    px[300] = 7;
    px[301] = 200;
    expect(Array.from(decodeGrey(encodeGrey(px), 784)!)).toEqual(Array.from(px));
    expect(decodeGrey(encodeGrey(px), 785)).toBeNull();
  });
});

describe('heatmap colours', () => {
  it('normalises by max |R| and uses the thesis map', () => {
    const rgba = heatmapToRgba([2, -1, 0, 0.5], false);
    const px = (i: number) => Array.from(rgba.subarray(4 * i, 4 * i + 3));
    const rgb = (x: number) => heatmapRGB(x).map((v) => Math.round(255 * v));
    expect([px(0), px(1), px(2), px(3)]).toEqual([rgb(1), rgb(-0.5), rgb(0), rgb(0.25)]);
    expect(px(0)).toEqual([102, 0, 0]); // dark red (0.4, 0, 0)
    expect(px(2)).toEqual([230, 230, 230]); // light grey
  });
  it('positive only drops negative relevance and renormalises', () => {
    const rgba = heatmapToRgba([-4, 1, 0.5], true);
    expect(Array.from(rgba.subarray(0, 3))).toEqual([230, 230, 230]);
    expect(Array.from(rgba.subarray(4, 7))).toEqual([102, 0, 0]);
    expect(displayScale([-4, 1, 0.5], true)).toBeCloseTo(1, 9);
    expect(displayScale([-4, 1, 0.5], false)).toBeCloseTo(4, 9);
  });
});

describe('bundle index', () => {
  const base = 'http://x/models/index.json';
  it('reads entries and resolves their folders against the index', () => {
    const r = parseBundleIndex(JSON.stringify([{ id: 'deep-mnist', preset: 'deep', dataset: 'mnist', task: 'maj', T: 12, path: 'deep-mnist' }, { id: 'bad', preset: 'deep-v9' }]), base);
    expect(r).toEqual({
      status: 'ready',
      entries: [{ id: 'deep-mnist', preset: 'deep', dataset: 'mnist', task: 'maj', T: 12, url: 'http://x/models/deep-mnist/' }],
      skipped: ['entry 1: bad preset'],
    });
    if (r.status === 'ready') expect([bundledFor(r.entries, 'deep', 'mnist')?.id, bundledFor(r.entries, 'deep', 'fashion')]).toEqual(['deep-mnist', undefined]);
  });
  it('reads the zoo fields: status, epochs, accuracies as fractions, the bar and the evaluation file', () => {
    const r = parseBundleIndex(
      JSON.stringify({
        models: [
          {
            id: 'deep-mnist-maj',
            preset: 'deep',
            dataset: 'mnist',
            task: 'maj',
            T: 12,
            path: 'deep-mnist-maj/',
            status: 'in-training',
            epochsDone: 12,
            epochs: 30,
            testAccuracy: 0.9812,
            thesisAccuracy: 0.9816,
            bar: 0.98,
            eval: 'eval.json',
          },
        ],
      }),
      base,
    );
    expect(r.status === 'ready' && r.entries[0]).toEqual({
      id: 'deep-mnist-maj',
      preset: 'deep',
      dataset: 'mnist',
      task: 'maj',
      T: 12,
      url: 'http://x/models/deep-mnist-maj/',
      status: 'in-training',
      epochsDone: 12,
      epochs: 30,
      testAccuracy: 0.9812,
      thesisAccuracy: 0.9816,
      bar: 0.98,
      evalUrl: 'http://x/models/deep-mnist-maj/eval.json',
    });
  });
  it('ignores zoo fields of the wrong type or out of range, and keeps the entry', () => {
    const plain = { id: 'm', preset: 'deep', dataset: 'fashion', task: 'maj', T: 12, path: 'm' };
    const bad = [
      { status: 'done', epochsDone: -1, epochs: 2.5, testAccuracy: 98.1, thesisAccuracy: '0.9', bar: null, eval: '../secret.json' },
      { status: 7, epochsDone: '3', testAccuracy: -0.1, bar: 1.5, eval: 'https://elsewhere.example/eval.json' },
      { eval: '/abs/eval.json' },
      { eval: 'sub/../../x.json', testAccuracy: Number.NaN },
    ];
    const { path: _path, ...fields } = plain;
    for (const extra of bad) {
      const r = parseBundleIndex(JSON.stringify([{ ...plain, ...extra }]), base);
      expect(r, JSON.stringify(extra)).toEqual({ status: 'ready', entries: [{ ...fields, url: 'http://x/models/m/' }], skipped: [] });
    }
    // A file in a sub-folder of the model's folder is fine.
    const sub = parseBundleIndex(JSON.stringify([{ ...plain, eval: 'evals/test.json', epochsDone: 0 }]), base);
    expect(sub.status === 'ready' && [sub.entries[0].evalUrl, sub.entries[0].epochsDone]).toEqual(['http://x/models/m/evals/test.json', 0]);
  });
  it('prefers a finished model over one in training for the same cell and dataset; says whether the bar is met', () => {
    const e = (id: string, status?: string) => ({ id, preset: 'deep', dataset: 'mnist', task: 'maj', T: 12, path: id, ...(status ? { status } : {}) });
    const r = parseBundleIndex(JSON.stringify([e('a', 'in-training'), e('b', 'trained'), e('c')]), base);
    const only = parseBundleIndex(JSON.stringify([e('a', 'in-training')]), base);
    expect([r.status === 'ready' && bundledFor(r.entries, 'deep', 'mnist')?.id, only.status === 'ready' && bundledFor(only.entries, 'deep', 'mnist')?.id]).toEqual(['b', 'a']);
    expect([meetsBar({ testAccuracy: 0.98, bar: 0.98 }), meetsBar({ testAccuracy: 0.9799, bar: 0.98 }), meetsBar({ testAccuracy: 0.9, bar: undefined }), meetsBar({ bar: 0.85 })]).toEqual([true, false, undefined, undefined]);
  });
  it('treats a missing, empty or broken index as "no bundled models"', () => {
    expect(parseBundleIndex('[]', base)).toEqual({ status: 'missing', message: 'models/index.json is empty' });
    expect(parseBundleIndex('<!doctype html>', base)).toEqual({ status: 'missing', message: 'models/index.json not found' });
    expect(parseBundleIndex('{"models": 3}', base)).toEqual({ status: 'missing', message: 'models/index.json must be a list of models' });
    expect(parseBundleIndex('{"models": [{"id": "x"}]}', base)).toEqual({ status: 'missing', message: 'models/index.json has no usable entry (entry 0: bad preset)' });
  });
});

describe('methods', () => {
  it('labels every offered spec from the catalog', () => {
    expect(METHOD_SPECS.map((s) => methodInfo(s).label)).toEqual([
      'Sensitivity',
      'Guided backprop',
      'Gradient × input',
      'Deep Taylor',
      'LRP-α1.5β0.5',
      'LRP-α2β1',
      'LRP-α1β0',
      'LRP-ε (ε = 0.01)',
    ]);
    expect(DEFAULT_METHODS).toHaveLength(5);
    expect(methodInfo('deep-taylor').conserves).toBe(true);
    expect(() => methodInfo('lrp-gamma')).toThrow('unknown method "lrp-gamma"; valid ids: sensitivity, gradient-x-input, ');
  });
});

describe('memoryModelDb', () => {
  it('stores, lists by date and deletes', async () => {
    const db = memoryModelDb();
    const m = (id: string, created: string) => ({ id, name: id, preset: 'deep', source: 'trained' as const, created, json: new Uint8Array(1), weights: new Uint8Array(2) });
    await db.put(m('b', '2025-01-02'));
    await db.put(m('a', '2025-01-03'));
    expect((await db.list()).map((x) => x.id)).toEqual(['b', 'a']);
    expect((await db.get('a'))?.weights.length).toBe(2);
    await db.delete('b');
    expect((await db.list()).map((x) => x.id)).toEqual(['a']);
  });
});
