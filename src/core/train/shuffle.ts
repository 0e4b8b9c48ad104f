/**
 * Batch order (thesis-code-facts.md §4.1, §10.12). The thesis code reseeds numpy with 71 before
 * every epoch's shuffle, so every epoch visits the sequences in the same order: that is mode
 * 'fixed'. Mode 'epoch' draws a fresh permutation per epoch from (seed, epoch).
 *
 * Permutations come from the data layer's Rng (MT19937 with numpy's legacy shuffle, data/rng.ts),
 * so `permutation(n, 71)` equals numpy's `RandomState(71).permutation(n)`; the data sets themselves
 * are not index-for-index the thesis's (§10.16), so only the policy is reproduced.
 */
import { Rng } from '../data/rng';
import type { ShuffleMode } from './types';

/** A 32-bit unsigned integer hash of two integers (murmur3's finaliser over a simple combination). */
export function mixSeed(a: number, b: number): number {
  let h = (Math.imul(a | 0, 0x9e3779b1) ^ (b | 0)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A seeded uniform permutation of 0…n−1 (seed: an integer, taken modulo 2^32). */
export function permutation(n: number, seed: number): Uint32Array {
  return new Rng(seed >>> 0).permutation(n);
}

/**
 * The order in which epoch `epoch` (0-based) visits the n training sequences.
 * 'fixed': the same permutation(n, seed) for every epoch; 'epoch': permutation(n, mix(seed, epoch)).
 */
export function epochOrder(n: number, seed: number, mode: ShuffleMode, epoch: number): Uint32Array {
  return permutation(n, mode === 'fixed' ? seed : mixSeed(seed, epoch + 1));
}

/** A seeded subset of k of the n indices, sorted ascending (all n when k ≥ n). */
export function sampleIndices(n: number, k: number, seed: number): Uint32Array {
  return permutation(n, seed)
    .subarray(0, Math.min(k, n))
    .sort();
}
