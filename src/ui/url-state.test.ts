import { describe, expect, it } from 'vitest';
import { DEFAULT_URL_STATE, parseUrlState, readBlocks, serializeUrlState, writeBlocks, type UrlState } from './url-state';

const digit = () => {
  const px = new Uint8Array(784);
  for (let r = 6; r < 22; r++) px[r * 28 + 13] = 255 - r; // a stroke of 16 grey levels
  px[400] = 1;
  return px;
};

describe('the URL state table', () => {
  it('writes nothing for the default view and reads the defaults back', () => {
    expect(serializeUrlState(DEFAULT_URL_STATE)).toBe('');
    expect(parseUrlState('')).toEqual(DEFAULT_URL_STATE);
  });

  it('round-trips a full view: dataset, index, drawn blocks, architectures, methods, options', () => {
    const view: UrlState = {
      dataset: 'fashion',
      task: 'maj',
      index: 4321,
      blocks: [
        { label: 3, kind: 'image', baseIndex: 60012 },
        { label: 3, kind: 'pixels', pixels: digit() },
        { label: null, kind: 'pixels', pixels: new Uint8Array(784) },
      ],
      arch: ['conv-deep', 'r-lstm'],
      user: ['t1abc'],
      methods: ['deep-taylor', 'lrp-alpha-beta:a2b1', 'lrp-epsilon'],
      positiveOnly: true,
      view: 'compare',
      compareDataset: 'mnist',
      present: true,
      backend: 'wasm',
      candidates: ['webgpu', 'wasm'],
      mirror: true,
      test: true,
    };
    const search = serializeUrlState(view);
    expect(search).toMatch(/^\?dataset=fashion&index=4321&blocks=3t60012\.3p[\w-]+\.xp[\w-]+&arch=conv-deep%2Cr-lstm&user=t1abc&methods=deep-taylor%2Clrp-alpha-beta%3Aa2b1%2Clrp-epsilon&pos=1&view=compare&cmp=mnist&present=1&backend=wasm&candidates=webgpu%2Cwasm&mirror=1&test=1$/);
    const back = parseUrlState(search);
    expect({ ...back, blocks: back.blocks!.map((b) => (b.kind === 'pixels' ? { ...b, pixels: Array.from(b.pixels) } : b)) }).toEqual({
      ...view,
      blocks: view.blocks!.map((b) => (b.kind === 'pixels' ? { ...b, pixels: Array.from(b.pixels) } : b)),
    });
    expect(serializeUrlState(back)).toBe(search);
    // Compact: a drawn stroke and an empty block take a few dozen characters.
    expect(search.replace('&view=compare&cmp=mnist&present=1', '').replace('&candidates=webgpu%2Cwasm&mirror=1', '').length).toBeLessThan(260);
  });

  it('falls back part by part on malformed values', () => {
    const s = parseUrlState('?dataset=cifar&index=-3&arch=deep,nope&methods=deep-taylor,deep-taylor&pos=yes&view=grids&cmp=cifar&present=yes&backend=tpu&test=yes&blocks=3t1.3t2');
    expect(s).toEqual(DEFAULT_URL_STATE);
    expect(parseUrlState('?index=17&arch=shallow&methods=sensitivity').index).toBe(17);
    expect(parseUrlState('?arch=shallow').arch).toEqual(['shallow']);
    expect(parseUrlState('?arch=-').arch).toEqual([]);
    expect(serializeUrlState({ ...DEFAULT_URL_STATE, arch: [] })).toBe('?arch=-');
    expect([parseUrlState('?view=compare').view, parseUrlState('?view=explore').view, parseUrlState('?cmp=fashion').compareDataset]).toEqual(['compare', 'explore', 'fashion']);
    expect(serializeUrlState({ ...DEFAULT_URL_STATE, view: 'explore', compareDataset: null })).toBe('');
    expect([parseUrlState('?present=1').present, parseUrlState('?present=0').present, serializeUrlState({ ...DEFAULT_URL_STATE, present: false })]).toEqual([true, false, '']);
  });

  it('refuses blocks whose pixels do not decode to 28 × 28', () => {
    expect(readBlocks('3t1.3t2.xpAA')).toBeUndefined(); // a zero run of length 0
    expect(readBlocks('3t1.3t2.xp_w')).toBeUndefined(); // 255 bytes of ink: too few
    expect(writeBlocks(readBlocks('3t1.4t22.xt333')!)).toBe('3t1.4t22.xt333');
  });
});
