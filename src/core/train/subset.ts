/** Views of a data set restricted to some of its sequences (for `--limit` and quick runs). */
import { sampleIndices } from './shuffle';
import type { SequenceSource } from './types';

/** The sequences `indices` (into `src`) of `src`, as a source of its own. */
export function subsetSource(src: SequenceSource, indices: ArrayLike<number>): SequenceSource {
  const labels = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) labels[i] = src.labels[indices[i]];
  return {
    n: indices.length,
    width: src.width,
    labels,
    batch(sel: ArrayLike<number>): Float32Array {
      const mapped = new Int32Array(sel.length);
      for (let i = 0; i < sel.length; i++) mapped[i] = indices[sel[i]];
      return src.batch(mapped);
    },
  };
}

/**
 * A seeded random subset of `k` sequences (all of them when k ≥ n). Random rather than the first k,
 * because the data sets may be ordered by class (MAJ is built class by class, §6.2).
 */
export function limitSource(src: SequenceSource, k: number, seed: number): SequenceSource {
  if (k >= src.n) return src;
  return subsetSource(src, sampleIndices(src.n, k, seed));
}
