/**
 * Stratified k-fold assignment (facts §6.4: `StratifiedKFold(n_splits=k, shuffle=True,
 * random_state=71)` on the pooled 70k labels). Procedure, as in the scikit-learn of 2018
 * (0.19): for each class in ascending order, shuffle the class's members (in their pooled order)
 * with the shared Rng, then cut that order into k consecutive parts of ⌊n_c/k⌋ members, the first
 * n_c mod k parts getting one more. Fold f's test part is the union over classes of part f.
 * Each fold thus holds ⌊n_c/k⌋ or ⌈n_c/k⌉ of every class; fold sizes differ by a few samples
 * (the remainders all land in the low folds). The RNG stream is not sklearn's (§10.16).
 */
import { Rng } from './rng';
import { indicesByClass, NUM_CLASSES } from './imageSet';

/** Fold id (0…k−1) of every sample. labels: [n] class indices. Returns Uint8Array [n]. */
export function stratifiedKFold(labels: ArrayLike<number>, k: number, seed: number, numClasses = NUM_CLASSES): Uint8Array {
  if (!Number.isInteger(k) || k < 2 || k > 255) throw new RangeError(`k-fold: k must be an integer in [2, 255], got ${k}`);
  const foldOf = new Uint8Array(labels.length);
  const rng = new Rng(seed);
  for (const members of indicesByClass(labels, numClasses)) {
    const n = members.length;
    if (n === 0) continue;
    const order = rng.permutation(n);
    const base = Math.floor(n / k);
    const extra = n % k;
    let pos = 0;
    for (let f = 0; f < k; f++) {
      const size = base + (f < extra ? 1 : 0);
      for (let j = 0; j < size; j++) foldOf[members[order[pos++]]] = f;
    }
  }
  return foldOf;
}

/** Sample indices (ascending) of fold `fold`'s held-out part and of the rest. */
export function foldIndices(foldOf: Uint8Array, fold: number): { train: Uint32Array; test: Uint32Array } {
  let nTest = 0;
  for (let i = 0; i < foldOf.length; i++) if (foldOf[i] === fold) nTest++;
  const test = new Uint32Array(nTest);
  const train = new Uint32Array(foldOf.length - nTest);
  let a = 0;
  let b = 0;
  for (let i = 0; i < foldOf.length; i++) {
    if (foldOf[i] === fold) test[a++] = i;
    else train[b++] = i;
  }
  return { train, test };
}
