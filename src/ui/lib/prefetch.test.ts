/** The first grid's early fetches: handed out once, errors kept, only the first columns' bundled files. */
import { describe, expect, it } from 'vitest';
import { parseBundleIndex } from './bundle-index';
import { createPrefetcher, firstGridFiles } from './prefetch';

const base = 'http://x/models/index.json';
const bundle = parseBundleIndex(
  JSON.stringify([
    { id: 'deep-mnist-maj', preset: 'deep', dataset: 'mnist', task: 'maj', T: 12, path: 'deep-mnist-maj/' },
    { id: 'r-lstm-sd-mnist-maj', preset: 'r-lstm-sd', dataset: 'mnist', task: 'maj', T: 12, path: 'r-lstm-sd-mnist-maj/' },
    { id: 'deep-fashion-maj', preset: 'deep', dataset: 'fashion', task: 'maj', T: 12, path: 'deep-fashion-maj/' },
    { id: 'shallow-mnist-seq4', preset: 'shallow', dataset: 'mnist', task: 'seq', T: 4, path: 'shallow-mnist-seq4/' },
  ]),
  base,
);

function counting() {
  const calls: string[] = [];
  const fetchBytes = async (u: string) => {
    calls.push(u);
    if (u.includes('missing')) throw new Error(`${u}: HTTP 404`);
    return new TextEncoder().encode(u);
  };
  return { calls, fetchBytes };
}

describe('createPrefetcher', () => {
  it('fetches ahead once and hands each prefetched file out once; later requests fetch again', async () => {
    const { calls, fetchBytes } = counting();
    const p = createPrefetcher(fetchBytes);
    p.prefetch(['a', 'b', 'a']);
    expect(calls).toEqual(['a', 'b']);
    expect(p.waiting()).toEqual(['a', 'b']);
    expect(new TextDecoder().decode(await p.fetchBytes('a'))).toBe('a');
    expect(calls).toEqual(['a', 'b']); // served from the prefetch
    expect(p.waiting()).toEqual(['b']);
    await p.fetchBytes('a');
    expect(calls).toEqual(['a', 'b', 'a']); // a second request is a fresh fetch (the first buffer was handed out)
    await p.fetchBytes('c');
    expect(calls).toEqual(['a', 'b', 'a', 'c']);
  });

  it('a failed prefetch hands out its error, unhandled by nobody, and the next request fetches again', async () => {
    const { calls, fetchBytes } = counting();
    const p = createPrefetcher(fetchBytes);
    p.prefetch(['missing.bin']);
    await new Promise((r) => setTimeout(r, 0)); // the rejection settles with no unhandled-rejection error
    await expect(p.fetchBytes('missing.bin')).rejects.toThrow('missing.bin: HTTP 404');
    await expect(p.fetchBytes('missing.bin')).rejects.toThrow('HTTP 404');
    expect(calls).toEqual(['missing.bin', 'missing.bin']);
  });
});

describe('firstGridFiles', () => {
  it('lists model.json and weights.bin of the bundled columns of the view, none of the untrained ones', () => {
    expect(firstGridFiles(bundle, { arch: ['deep', 'r-lstm-sd', 'shallow'], dataset: 'mnist', task: 'maj' })).toEqual([
      'http://x/models/deep-mnist-maj/model.json',
      'http://x/models/deep-mnist-maj/weights.bin',
      'http://x/models/r-lstm-sd-mnist-maj/model.json',
      'http://x/models/r-lstm-sd-mnist-maj/weights.bin',
    ]);
    expect(firstGridFiles(bundle, { arch: ['deep'], dataset: 'fashion', task: 'maj' })).toEqual([
      'http://x/models/deep-fashion-maj/model.json',
      'http://x/models/deep-fashion-maj/weights.bin',
    ]);
  });

  it('in the sequence task: the bundled T = 1, 4, 7 columns', () => {
    expect(firstGridFiles(bundle, { arch: ['deep'], dataset: 'mnist', task: 'seq' })).toEqual([
      'http://x/models/shallow-mnist-seq4/model.json',
      'http://x/models/shallow-mnist-seq4/weights.bin',
    ]);
  });

  it('nothing without an index', () => {
    expect(firstGridFiles({ status: 'missing', message: 'x' }, { arch: ['deep'], dataset: 'mnist', task: 'maj' })).toEqual([]);
  });
});
