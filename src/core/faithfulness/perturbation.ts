/**
 * Region perturbation (Samek, Binder, Montavon, Lapuschkin, Müller 2017, "Evaluating the visualization
 * of what a deep neural network has learned", IEEE TNNLS 28(11)): remove the most relevant regions
 * first and watch the explained logit fall. The thesis code's variant (thesis-code-facts.md §7.5):
 * positive relevance only, summed in p × p patches (p = 4: 7 × W/4 patches), patches replaced in
 * "most relevant first" (MoRF) order, against a random order as the reference.
 *
 *   AOPC = 1/(L+1) · Σ_{k=0}^{L} ( f(x⁽⁰⁾) − f(x⁽ᵏ⁾) )        (Samek et al., eq. 12)
 *
 * where x⁽ᵏ⁾ has the first k patches of the order replaced and f is the explained logit y_c. A
 * heatmap that points at what the model uses gives a steep MoRF curve: a larger AOPC than random.
 *
 * Replacement (`fill`): 'background' sets the patch to −1, the black background of the scaled images
 * (the thesis code's default `minus_one`); 'noise' draws each pixel uniformly in [−1, 1] (seeded).
 *
 * Pure over TF.js ops (only the forward pass runs on the backend); every tensor is disposed.
 */
import * as tf from '../tf';
import type { Cell, Weights } from '../cells/types';
import { cellLogits } from '../explain/methods/gradient';
import { Rng } from '../data/rng';
import { mixSeed } from '../train/shuffle';

const H = 28;

export type PerturbationFill = 'background' | 'noise';

export interface PerturbationOptions {
  /** Patches replaced, L (default 30). */
  steps?: number;
  /** Patch side in pixels; must divide 28 and the width (default 4). */
  patch?: number;
  fill?: PerturbationFill;
  /** Seeds the random orders and the noise (default 0, as the thesis code's random baseline). */
  seed?: number;
  /** Perturbed inputs per forward batch (default 600). */
  batch?: number;
  /** Stops between forward batches (the call then rejects with an AbortError). */
  signal?: AbortSignal;
  /** After each forward batch: curves done of all (a curve = one order of one sequence). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Σ of the positive relevance in each p × p patch, patches row-major (patch (i, j) at i·(W/p) + j).
 * @param heatmap 28 × W row-major
 */
export function patchRelevance(heatmap: ArrayLike<number>, width: number, patch = 4): Float64Array {
  checkPatch(width, patch);
  const cols = width / patch;
  const out = new Float64Array((H / patch) * cols);
  for (let r = 0; r < H; r++) {
    for (let c = 0; c < width; c++) {
      const v = heatmap[r * width + c];
      if (v > 0) out[Math.floor(r / patch) * cols + Math.floor(c / patch)] += v;
    }
  }
  return out;
}

/** Patch indices, most relevant first; ties keep the lower index first (a stable order). */
export function morfOrder(patchSums: ArrayLike<number>): Uint32Array {
  const idx = Array.from({ length: patchSums.length }, (_, i) => i);
  idx.sort((a, b) => patchSums[b] - patchSums[a] || a - b);
  return Uint32Array.from(idx);
}

/** A seeded random order of `n` patches (the reference curve). */
export function randomOrder(n: number, seed: number): Uint32Array {
  return new Rng(seed >>> 0).permutation(n);
}

function checkPatch(width: number, patch: number): void {
  if (!(Number.isInteger(patch) && patch >= 1 && H % patch === 0 && width % patch === 0)) {
    throw new Error(`patch ${patch} must divide the image height 28 and width ${width}`);
  }
}

/**
 * The L + 1 perturbed copies of one sequence, [L+1, 28, W] row-major: copy k has the first k patches
 * of `order` replaced.
 */
export function perturbedCopies(x: Float32Array, width: number, order: ArrayLike<number>, steps: number, patch: number, fill: PerturbationFill, seed: number): Float32Array {
  const size = H * width;
  const out = new Float32Array((steps + 1) * size);
  const cur = Float32Array.from(x);
  const rng = new Rng(seed >>> 0);
  const cols = width / patch;
  out.set(cur, 0);
  for (let k = 1; k <= steps; k++) {
    const p = order[k - 1];
    const r0 = Math.floor(p / cols) * patch;
    const c0 = (p % cols) * patch;
    for (let r = r0; r < r0 + patch; r++) {
      for (let c = c0; c < c0 + patch; c++) cur[r * width + c] = fill === 'background' ? -1 : 2 * rng.float() - 1;
    }
    out.set(cur, k * size);
  }
  return out;
}

export interface PerturbationResult {
  steps: number;
  patch: number;
  fill: PerturbationFill;
  /** Per method, per sequence: the explained logit after 0…L patches replaced in MoRF order. */
  morf: Float32Array[][];
  /** Per sequence: the same in a random order (shared by all methods). */
  random: Float32Array[];
  /** Per method, per sequence: AOPC of the MoRF curve. */
  aopc: number[][];
  /** Per sequence: AOPC of the random curve. */
  aopcRandom: number[];
}

/** Rejects a stopped job between batches (no tensor is held there). */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new DOMException('the job was stopped', 'AbortError');
}

/** AOPC of one curve: mean over k = 0…L of f(x⁽⁰⁾) − f(x⁽ᵏ⁾). */
export function aopc(curve: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < curve.length; k++) s += curve[0] - curve[k];
  return s / curve.length;
}

/**
 * Region perturbation of N sequences for several methods' heatmaps.
 * @param x        pixels [N, 28, W] row-major, scaled to [−1, 1]
 * @param classes  the explained class of each sequence [N]
 * @param heatmaps per method, per sequence: the heatmap (28 × W) that orders the patches
 */
export async function regionPerturbation(
  cell: Cell,
  weights: Weights,
  x: Float32Array,
  classes: ArrayLike<number>,
  heatmaps: Float32Array[][],
  o: PerturbationOptions = {},
): Promise<PerturbationResult> {
  const width = cell.options.width;
  const patch = o.patch ?? 4;
  checkPatch(width, patch);
  const nPatches = (H / patch) * (width / patch);
  const steps = Math.min(o.steps ?? 30, nPatches);
  if (!(Number.isInteger(steps) && steps >= 1)) throw new Error(`steps must be a positive integer, got ${o.steps}`);
  const fill = o.fill ?? 'background';
  const seed = o.seed ?? 0;
  const size = H * width;
  const n = classes.length;
  if (x.length !== n * size) throw new Error(`x holds ${x.length / size} sequences, classes ${n}`);
  heatmaps.forEach((hs, m) => {
    if (hs.length !== n) throw new Error(`method ${m}: ${hs.length} heatmaps for ${n} sequences`);
  });
  // Jobs: (order source, sequence); source −1 = random, else the method index.
  const jobs: { source: number; seq: number }[] = [];
  for (let i = 0; i < n; i++) {
    jobs.push({ source: -1, seq: i });
    heatmaps.forEach((_, m) => jobs.push({ source: m, seq: i }));
  }
  const curves = new Map<string, Float32Array>();
  const perBatch = Math.max(1, Math.floor((o.batch ?? 600) / (steps + 1)));
  for (let j0 = 0; j0 < jobs.length; j0 += perBatch) {
    throwIfAborted(o.signal);
    const chunk = jobs.slice(j0, j0 + perBatch);
    const inputs = new Float32Array(chunk.length * (steps + 1) * size);
    chunk.forEach((job, q) => {
      const xi = x.subarray(job.seq * size, (job.seq + 1) * size);
      const order = job.source < 0 ? randomOrder(nPatches, mixSeed(seed, job.seq)) : morfOrder(patchRelevance(heatmaps[job.source][job.seq], width, patch));
      inputs.set(perturbedCopies(xi, width, order, steps, patch, fill, mixSeed(seed + 1, job.seq)), q * (steps + 1) * size);
    });
    const rows = chunk.length * (steps + 1);
    const picked = tf.tidy(() => {
      const logits = cellLogits(cell, weights, tf.tensor3d(inputs, [rows, H, width]));
      const cls = new Int32Array(rows);
      chunk.forEach((job, q) => cls.fill(classes[job.seq], q * (steps + 1), (q + 1) * (steps + 1)));
      return tf.sum(tf.mul(logits, tf.oneHot(tf.tensor1d(cls, 'int32'), logits.shape[1])), 1);
    });
    const values = (await picked.data()) as Float32Array;
    picked.dispose();
    chunk.forEach((job, q) => curves.set(`${job.source}:${job.seq}`, values.slice(q * (steps + 1), (q + 1) * (steps + 1))));
    o.onProgress?.(Math.min(jobs.length, j0 + perBatch), jobs.length);
  }
  const random = Array.from({ length: n }, (_, i) => curves.get(`-1:${i}`)!);
  const morf = heatmaps.map((_, m) => Array.from({ length: n }, (_, i) => curves.get(`${m}:${i}`)!));
  return { steps, patch, fill, morf, random, aopc: morf.map((cs) => cs.map(aopc)), aopcRandom: random.map(aopc) };
}
