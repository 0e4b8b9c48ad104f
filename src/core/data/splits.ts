/**
 * The train / validation / test splits of a base dataset, as global indices (see dataset.ts).
 *
 * Facts §6.1: sklearn `train_test_split(test_size=0.2, random_state=71)` on the 60k training set.
 * That function takes a permutation of 0…n−1 from RandomState(71) and puts its first ⌈0.2·n⌉
 * entries in the held-out part, the next ones in train, each in permutation order. We do the same
 * with Rng(71), whose `permutation` follows numpy's legacy algorithm (rng.ts); sklearn itself
 * is not available here to confirm index-for-index identity.
 */
import type { BaseDataset } from './dataset';
import { Rng } from './rng';
import { SEEDS, VAL_FRACTION } from './seeds';

export type SplitName = 'train' | 'val' | 'test';
export const SPLIT_NAMES: readonly SplitName[] = ['train', 'val', 'test'];

/** Seeded split of 0…n−1 into train (n − ⌈f·n⌉) and val (⌈f·n⌉), each in permutation order. */
export function trainValSplit(n: number, seed: number = SEEDS.trainVal, valFraction: number = VAL_FRACTION): { train: Uint32Array; val: Uint32Array } {
  const perm = new Rng(seed).permutation(n);
  const nVal = Math.ceil(valFraction * n);
  return { val: perm.slice(0, nVal), train: perm.slice(nVal) };
}

/** Global indices of one split of a base dataset: train/val from the training part, test = the test part. */
export function splitIndices(ds: BaseDataset, split: SplitName): Uint32Array {
  if (split === 'test') {
    const idx = new Uint32Array(ds.nTest);
    for (let i = 0; i < ds.nTest; i++) idx[i] = ds.nTrain + i;
    return idx;
  }
  const tv = trainValSplit(ds.nTrain);
  if (split === 'train') return tv.train;
  if (split === 'val') return tv.val;
  throw new Error(`unknown split "${split as string}"; valid: ${SPLIT_NAMES.join(', ')}`);
}
