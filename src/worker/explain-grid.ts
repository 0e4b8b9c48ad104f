/**
 * One column of the comparison grid: every requested method for one sequence on one model, in
 * one call of the core's explainMany (one forward pass and trace shared by the LRP methods).
 * The sequence arrives as raw grey levels and is scaled exactly as the data (x = 2p/255 − 1,
 * PIXEL_LUT, facts §1.1), so drawn and test sequences take the same path.
 */
import { explainMany } from '../core/explain/explain';
import type { PreparedWeights } from '../core/explain/propagate/cell-weights';
import { PIXEL_LUT } from '../core/data/scale';
import type { BackendName, GridCell, GridRequest, GridResult } from '../protocol/messages';
import type { Model } from './model-slot';

const HEIGHT = 28;

/**
 * Class probabilities of the 11-way softmax the cells are trained with (docs/training.md): the 10
 * logits and a constant zero logit, p_k = exp(y_k) / (Σ_j exp(y_j) + exp(0)). Computed with the max
 * subtracted; the 10 values sum to 1 − p(zero logit) < 1.
 */
export function probabilities11(logits: readonly number[]): number[] {
  const m = Math.max(0, ...logits);
  const e = logits.map((y) => Math.exp(y - m));
  const z = e.reduce((a, b) => a + b, 0) + Math.exp(-m);
  return e.map((v) => v / z);
}

/** Scales raw grey levels to the model's input range [−1, 1]. */
export function scaleGrey(pixels: Uint8Array): Float32Array {
  const x = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) x[i] = PIXEL_LUT[pixels[i]];
  return x;
}

/** @param prepared the model's weights prepared once (ModelSlots.preparedFor); null: prepared per call */
export async function explainGrid(model: Model, req: GridRequest, backend: BackendName, prepared: PreparedWeights | null = null): Promise<GridResult> {
  const W = model.cell.options.width;
  if (req.pixels.length !== HEIGHT * W) throw new Error(`the model reads 28 × ${W} images; got ${req.pixels.length} pixels (28 × ${req.pixels.length / HEIGHT})`);
  const blocks = W / HEIGHT;
  if (req.mask && req.mask.length !== blocks) throw new Error(`the mask has ${req.mask.length} flags; this image has ${blocks} blocks`);
  const t0 = performance.now();
  const x = scaleGrey(req.pixels);
  const results = await explainMany(model.cell, model.weights, x, req.methods, {
    target: req.label === null ? 'predicted' : [req.label],
    labels: req.label === null ? null : [req.label],
    masks: req.mask,
    prepared,
  });
  const first = results[0].sequences[0];
  const cells: GridCell[] = results.map((r, k) => {
    const s = r.sequences[0];
    return {
      method: req.methods[k],
      label: r.label,
      heatmap: s.heatmap,
      perStep: s.perStep,
      state: s.state,
      literal: s.literal,
      blockShares: s.blockShares,
      cosine: s.cosine,
      conservation: s.conservation,
    };
  });
  return {
    slot: req.slot,
    version: req.version,
    width: W,
    T: model.cell.options.T,
    logits: first.logits,
    probabilities: probabilities11(first.logits),
    predicted: first.predicted,
    target: first.target,
    cells,
    backend,
    ms: performance.now() - t0,
  };
}
