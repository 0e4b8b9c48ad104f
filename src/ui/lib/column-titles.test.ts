import { describe, expect, it } from 'vitest';
import { qualifierOf, uniqueTitles } from './column-titles';

describe('uniqueTitles', () => {
  it('keeps the architecture’s name when no other column shares it', () => {
    expect(uniqueTitles([{ base: 'Deep', qualifier: 'bundled' }, { base: 'R-LSTM-SD', qualifier: 'bundled' }])).toEqual(['Deep', 'R-LSTM-SD']);
  });

  it('adds what tells two models of one architecture apart, then a number where that is equal too', () => {
    expect(
      uniqueTitles([
        { base: 'Deep', qualifier: 'bundled' },
        { base: 'R-LSTM-SD', qualifier: 'bundled' },
        { base: 'Deep', qualifier: 'my-run-2' },
        { base: 'Deep', qualifier: 'MNIST-MAJ · 500 seq' },
        { base: 'Deep', qualifier: 'MNIST-MAJ · 500 seq' },
      ]),
    ).toEqual(['Deep · bundled', 'R-LSTM-SD', 'Deep · my-run-2', 'Deep · MNIST-MAJ · 500 seq', 'Deep · MNIST-MAJ · 500 seq #2']);
  });

  it('numbers equal titles without a qualifier, skipping a number another title already has', () => {
    expect(uniqueTitles([{ base: 'Deep', qualifier: null }, { base: 'Deep', qualifier: null }])).toEqual(['Deep', 'Deep #2']);
    expect(uniqueTitles([{ base: 'X', qualifier: null }, { base: 'X', qualifier: null }, { base: 'X #2', qualifier: null }])).toEqual(['X', 'X #3', 'X #2']);
  });
});

describe('qualifierOf', () => {
  it('names an architecture column by its weights and a browser model by its stored name without the architecture', () => {
    expect(qualifierOf({ kind: 'arch', source: 'bundled', storedName: null, base: 'Deep' })).toBe('bundled');
    expect(qualifierOf({ kind: 'arch', source: 'init', storedName: null, base: 'Deep' })).toBe('untrained');
    expect(qualifierOf({ kind: 'user', source: 'trained', storedName: 'Deep · MNIST-MAJ · 500 seq', base: 'Deep' })).toBe('MNIST-MAJ · 500 seq');
    expect(qualifierOf({ kind: 'user', source: 'stored', storedName: 'my-run-2', base: 'Deep' })).toBe('my-run-2');
    expect(qualifierOf({ kind: 'user', source: 'file', storedName: null, base: 'Deep' })).toBe('uploaded');
    expect(qualifierOf({ kind: 'arch', source: null, storedName: null, base: 'Deep' })).toBeNull();
  });
});
