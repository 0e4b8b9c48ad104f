/**
 * The model-parameter randomisation test (Adebayo, Gilmer, Muelly, Goodfellow, Hardt, Kim 2018,
 * "Sanity checks for saliency maps", NeurIPS, §3.1 "cascading randomization"): the layers are
 * re-initialised one after the other from the output down, as at training (cells/initWeights.ts:
 * truncated normal σ = 1/√fan_in, zero biases), and each method explains the same sequences with the
 * damaged model. A method whose heatmap hardly changes while the model is destroyed does not explain
 * the model. Similarity to the original heatmap: Spearman rank correlation and SSIM (./similarity.ts).
 *
 * The original weights are never touched: each stage uses the original variables for the layers it
 * keeps and new ones for the layers it re-initialises, and disposes those. No tensor outlives a call.
 */
import * as tf from '../tf';
import type { Cell, Weights } from '../cells/types';
import { initialValue } from '../cells/initWeights';
import { explainMany } from '../explain/explain';
import type { BuiltMethod } from '../explain/registry';
import { mixSeed } from '../train/shuffle';
import { throwIfAborted } from './perturbation';
import { spearman, ssim } from './similarity';

const H = 28;

/** The layer of a parameter: the part of its name before "/" ("output_2/W" → "output_2"). */
export const layerOf = (paramName: string) => paramName.split('/')[0];

/** The cell's layers from the output down: the order of cascading randomisation. */
export function cascadeOrder(cell: Pick<Cell, 'params'>): string[] {
  const layers: string[] = [];
  for (const p of cell.params) if (!layers.includes(layerOf(p.name))) layers.push(layerOf(p.name));
  return layers.reverse();
}

/**
 * Weights of stage `stage` (0 = the original model): the first `stage` layers of the cascade
 * re-initialised. Returns the weights and the new variables to dispose.
 */
export function stageWeights(cell: Cell, weights: Weights, stage: number, seed: number): { weights: Weights; created: tf.Variable[] } {
  const order = cascadeOrder(cell);
  if (!(Number.isInteger(stage) && stage >= 0 && stage <= order.length)) throw new Error(`stage ${stage} is outside 0…${order.length}`);
  const reset = new Set(order.slice(0, stage));
  const out: Weights = { ...weights };
  const created: tf.Variable[] = [];
  cell.params.forEach((p, k) => {
    if (!reset.has(layerOf(p.name))) return;
    const value = initialValue(p, mixSeed(seed, k) % 2147483647);
    const v = tf.variable(value, false);
    value.dispose();
    out[p.name] = v;
    created.push(v);
  });
  return { weights: out, created };
}

export interface RandomisationResult {
  /** Layers in cascade order; stage s has the first s re-initialised. */
  layers: string[];
  /** Per stage 0…K, per method, per sequence: the heatmap (only when `keepHeatmaps`). */
  heatmaps: Float32Array[][][] | null;
  /** Per stage 1…K (index s − 1), per method, per sequence: Spearman correlation with stage 0. */
  spearman: number[][][];
  /** The same for SSIM. */
  ssim: number[][][];
}

/**
 * Cascading randomisation of N sequences for several methods, explaining the given classes.
 * @param x        pixels [N, 28, W]
 * @param classes  the explained class per sequence (kept through all stages)
 */
export async function cascadingRandomisation(
  cell: Cell,
  weights: Weights,
  x: Float32Array,
  classes: ArrayLike<number>,
  methods: BuiltMethod[],
  o: {
    seed?: number;
    keepHeatmaps?: boolean;
    stages?: number;
    /** Stops between stages (the call then rejects with an AbortError; nothing is left allocated). */
    signal?: AbortSignal;
    /** After each stage (0 = the original heatmaps): stages done of all. */
    onProgress?: (done: number, total: number) => void;
  } = {},
): Promise<RandomisationResult> {
  const layers = cascadeOrder(cell);
  const last = Math.min(o.stages ?? layers.length, layers.length);
  const width = cell.options.width;
  const target = Array.from(classes);
  const maps = async (w: Weights) => (await explainMany(cell, w, x, methods, { target })).map((r) => r.sequences.map((s) => s.heatmap));
  throwIfAborted(o.signal);
  const original = await maps(weights);
  o.onProgress?.(1, last + 1);
  const heatmaps: Float32Array[][][] | null = o.keepHeatmaps ? [original] : null;
  const rho: number[][][] = [];
  const sim: number[][][] = [];
  for (let s = 1; s <= last; s++) {
    throwIfAborted(o.signal);
    const { weights: w, created } = stageWeights(cell, weights, s, o.seed ?? 1);
    try {
      const cur = await maps(w);
      heatmaps?.push(cur);
      rho.push(cur.map((hs, m) => hs.map((h, i) => spearman(original[m][i], h))));
      sim.push(cur.map((hs, m) => hs.map((h, i) => ssim(original[m][i], h, H, width))));
    } finally {
      tf.dispose(created);
    }
    o.onProgress?.(s + 1, last + 1);
  }
  return { layers, heatmaps, spearman: rho, ssim: sim };
}
