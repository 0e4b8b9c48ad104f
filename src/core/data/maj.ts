/**
 * The MAJ task of facts §6.2 ("which class appears twice?"), kept compact as index triples into
 * a base dataset; pixels are only produced when a batch is materialised (sequenceSet.ts).
 *
 * Built from one split's members (global indices into the base dataset) with Rng(seed); for each
 * class i = 0…9 in order, with S_i = the split positions of class i (ascending), n = |S_i|:
 *   1. n "fake" samples, uniform with replacement from the split's samples NOT of class i;
 *   2. n "partner" samples, uniform with replacement from S_i (may be the original itself);
 *   3. for each original in S_i order: π = a uniform permutation of (0, 1, 2); block k (left to
 *      right, 28 columns each) shows triple[π(k)] of triple = (original, partner, fake);
 *      mask m_k = 1 iff π(k) ≤ 1 (the block holds the majority class); label = i.
 * The triple built on the split's j-th member is stored at position j (the thesis code groups its
 * output by class instead; same distribution, different order).
 */
import { indicesByClass, NUM_CLASSES } from './imageSet';
import { Rng } from './rng';

/** n MAJ sequences. sources/masks are [n, 3] row-major, blocks left to right. */
export interface MajSet {
  readonly n: number;
  /** Global base-dataset index of the image in each block. */
  readonly sources: Uint32Array;
  /** The class that appears (at least) twice. */
  readonly labels: Uint8Array;
  /** 1 where the block holds the original or its partner (the majority class), else 0. */
  readonly masks: Uint8Array;
}

/**
 * Builds MAJ sequences over one split.
 * @param baseLabels labels of the whole base dataset, indexed by global index
 * @param members    global indices of the split's samples, in split order [n]
 * @param seed       §6.2: train 0, validation 1, test 3
 */
export function buildMaj(baseLabels: ArrayLike<number>, members: ArrayLike<number>, seed: number, numClasses = NUM_CLASSES): MajSet {
  const n = members.length;
  const labels = new Uint8Array(n);
  for (let j = 0; j < n; j++) labels[j] = baseLabels[members[j]];
  const sources = new Uint32Array(3 * n);
  const masks = new Uint8Array(3 * n);
  const byClass = indicesByClass(labels, numClasses);
  const rng = new Rng(seed);
  const triple = [0, 0, 0];
  for (let i = 0; i < numClasses; i++) {
    const same = byClass[i];
    const count = same.length;
    if (count === 0) continue;
    const others = new Uint32Array(n - count);
    for (let j = 0, o = 0; j < n; j++) if (labels[j] !== i) others[o++] = j;
    if (others.length === 0) throw new Error(`MAJ: the split has only class ${i}, so there is no other class to draw the odd block from`);
    const fakes = rng.choiceFrom(others, count);
    const partners = rng.choiceFrom(same, count);
    for (let s = 0; s < count; s++) {
      const pos = same[s];
      triple[0] = members[pos];
      triple[1] = members[partners[s]];
      triple[2] = members[fakes[s]];
      const pi = rng.permutation(3);
      for (let k = 0; k < 3; k++) {
        sources[3 * pos + k] = triple[pi[k]];
        masks[3 * pos + k] = pi[k] <= 1 ? 1 : 0;
      }
    }
  }
  return { n, sources, labels, masks };
}
