/**
 * Dropout for one forward call (thesis-code-facts.md §1.6).
 *
 *   drop(a) = a ⊙ m / keepProb,   m_k ~ Bernoulli(keepProb) (m = floor(keepProb + U[0, 1)) as in TF1)
 *
 * standard:   a fresh mask at every use: per site and per step.
 * stationary: one mask per site and sequence, drawn at its first use and reused at every step of
 *             this forward call; the next call (the next minibatch) draws new ones.
 *
 * A site is a named place in the cell (e.g. "xr.u", "h.rec"). Masks are generated in plain JS from a
 * seed derived from (call seed, site, step), so a seeded forward pass is reproducible on any backend,
 * and cheaper than tf.randomUniform + floor + div. In inference (training false or keepProb = 1)
 * every method returns its input unchanged.
 */
import * as tf from '../../tf';
import type { DropoutKind } from '../types';
import type { StepIndex } from './steps';

/** Receives every mask used, per site and step, as 0 / (1/keepProb) values [N, units] row-major (tests). */
export type MaskRecorder = (site: string, step: number, mask: Float32Array) => void;

/** 32-bit finaliser (murmur3 fmix32). */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a hash of a site name. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Seed of one mask: a deterministic mix of the call seed, the site and the step (−1 = stationary). */
export function maskSeed(seed: number, site: string, step: number): number {
  return fmix32(fmix32(seed >>> 0) ^ hashString(site) ^ fmix32((step + 2) * 0x9e3779b9));
}

/**
 * n mask values (0 or 1/keepProb) from a mulberry32 stream seeded with `seed`. Each 32-bit draw
 * gives two 16-bit uniforms u = k / 2¹⁶; a unit is kept iff floor(keepProb + u) = 1, i.e.
 * k ≥ ⌈(1 − keepProb)·2¹⁶⌉. The keep probability is thus keepProb to within 2⁻¹⁶ (TF1's float32
 * uniforms resolve 2⁻²³); two units per draw halve the cost, which matters in a training step.
 */
export function maskValues(n: number, keepProb: number, seed: number, out = new Float32Array(n)): Float32Array {
  let s = seed >>> 0;
  const scale = 1 / keepProb;
  const dropBelow = Math.ceil((1 - keepProb) * 65536);
  for (let i = 0; i < n; i += 2) {
    s = (s + 0x6d2b79f5) | 0;
    let z = Math.imul(s ^ (s >>> 15), 1 | s);
    z = (z + Math.imul(z ^ (z >>> 7), 61 | z)) ^ z;
    z = (z ^ (z >>> 14)) >>> 0;
    out[i] = (z & 0xffff) >= dropBelow ? scale : 0;
    if (i + 1 < n) out[i + 1] = z >>> 16 >= dropBelow ? scale : 0;
  }
  return out;
}

export interface DropoutOptions {
  training: boolean;
  kind: DropoutKind;
  keepProb: number;
  /** Seed of this call; a random one when absent. */
  seed?: number;
  recorder?: MaskRecorder;
}

/** The dropout masks of one forward call. Create one per call; tensors it makes live in the caller's tidy. */
export class Dropout {
  readonly active: boolean;
  private readonly seed: number;
  private readonly stationary = new Map<string, { values: Float32Array; tensor?: tf.Tensor2D }>();

  constructor(private readonly o: DropoutOptions) {
    this.active = o.training && o.keepProb < 1;
    this.seed = o.seed ?? Math.floor(Math.random() * 2 ** 32);
  }

  /** Values of the stationary mask of a site, drawn once per call. */
  private stationaryMask(site: string, n: number, units: number) {
    let m = this.stationary.get(site);
    if (!m) {
      m = { values: maskValues(n * units, this.o.keepProb, maskSeed(this.seed, site, -1)) };
      this.stationary.set(site, m);
    }
    if (m.values.length !== n * units) throw new Error(`dropout site "${site}" used with two shapes`);
    return m;
  }

  /**
   * Dropout on x [N, units] at step t. `kind` overrides the cell's kind for a site (Deep-SD keeps its
   * h_T-before-output dropout standard).
   */
  step(site: string, x: tf.Tensor2D, t: number, kind: DropoutKind = this.o.kind): tf.Tensor2D {
    if (!this.active) return x;
    const [n, units] = x.shape;
    let mask: tf.Tensor2D;
    if (kind === 'stationary') {
      const m = this.stationaryMask(site, n, units);
      m.tensor ??= tf.tensor2d(m.values, [n, units]);
      mask = m.tensor;
      this.o.recorder?.(site, t, m.values);
    } else {
      const values = maskValues(n * units, this.o.keepProb, maskSeed(this.seed, site, t));
      this.o.recorder?.(site, t, values);
      mask = tf.tensor2d(values, [n, units]);
    }
    return tf.mul(x, mask);
  }

  /** Dropout on one step (x [N, units]) or on the t-major batch of all T steps (x [T·N, units]). */
  at(site: string, x: tf.Tensor2D, t: StepIndex, T: number): tf.Tensor2D {
    return t === 'all' ? this.allSteps(site, x, T) : this.step(site, x, t);
  }

  /**
   * Dropout on the step-batched xAll [T·N, units] (t-major: rows t·N … t·N + N − 1 are step t):
   * the same masks as T calls of `step`, made in one tensor.
   */
  allSteps(site: string, xAll: tf.Tensor2D, T: number): tf.Tensor2D {
    if (!this.active) return xAll;
    const [rows, units] = xAll.shape;
    const n = rows / T;
    const block = n * units;
    const values = new Float32Array(rows * units);
    for (let t = 0; t < T; t++) {
      const part = values.subarray(t * block, (t + 1) * block);
      if (this.o.kind === 'stationary') part.set(this.stationaryMask(site, n, units).values);
      else maskValues(block, this.o.keepProb, maskSeed(this.seed, site, t), part);
      this.o.recorder?.(site, t, part);
    }
    return tf.mul(xAll, tf.tensor2d(values, [rows, units]));
  }
}
