/**
 * The faithfulness checks of one sequence on one model, for the page (issue 14, part 2): the core's
 * region perturbation and cascading randomisation (core/faithfulness), reached through the
 * `perturbation` and `randomisation` calls. The sequence arrives as raw grey levels and is scaled as
 * the grid's (explain-grid.ts scaleGrey); the explained class is the grid's: the label, or the
 * prediction when no class repeats. Both jobs report progress and stop on the call's signal between
 * forward batches (a newer request of the same kind supersedes them). No tensor outlives a job.
 */
import * as tf from '../core/tf';
import { explainMany } from '../core/explain/explain';
import { cellLogits } from '../core/explain/methods/gradient';
import type { PreparedWeights } from '../core/explain/propagate/cell-weights';
import { buildMethodSpec } from '../core/explain/registry';
import { aopc, regionPerturbation } from '../core/faithfulness/perturbation';
import { cascadingRandomisation } from '../core/faithfulness/randomisation';
import { spearman, ssim } from '../core/faithfulness/similarity';
import type { BackendName, JobProgress, PerturbationCurves, PerturbationRequest, RandomisationRequest, RandomisationStages } from '../protocol/messages';
import { scaleGrey } from './explain-grid';
import type { Model } from './model-slot';

const HEIGHT = 28;

export interface JobContext {
  signal: AbortSignal;
  progress(p: JobProgress): void;
  backend: BackendName;
  prepared?: PreparedWeights | null;
}

function checkPixels(model: Model, pixels: Uint8Array): number {
  const W = model.cell.options.width;
  if (pixels.length !== HEIGHT * W) throw new Error(`the model reads 28 × ${W} images; got ${pixels.length} pixels (28 × ${pixels.length / HEIGHT})`);
  return W;
}

/** The pointwise mean of equally long curves. */
export function meanCurve(curves: readonly ArrayLike<number>[]): number[] {
  const n = curves[0]?.length ?? 0;
  return Array.from({ length: n }, (_, k) => curves.reduce((s, c) => s + c[k], 0) / curves.length);
}

/**
 * Region perturbation curves of the request's sequence: one MoRF curve per method (ordered by that
 * method's heatmap of the explained class) and `randomOrders` seeded random orders, whose mean is the
 * reference. Random order r uses the core's seed mixing with sequence index r (order 0 is the one the
 * core pairs with the methods' run), so the reference is the same for every method and every call.
 */
export async function perturbationCurves(model: Model, req: PerturbationRequest, ctx: JobContext): Promise<PerturbationCurves> {
  const W = checkPixels(model, req.pixels);
  if (!(HEIGHT % req.patch === 0 && W % req.patch === 0)) throw new Error(`a patch of ${req.patch} pixels must divide the image height 28 and width ${W}`);
  const t0 = performance.now();
  const x = scaleGrey(req.pixels);
  ctx.progress({ phase: 'explaining', done: 0, total: 1 });
  const explained = await explainMany(model.cell, model.weights, x, req.methods, {
    target: req.label === null ? 'predicted' : [req.label],
    prepared: ctx.prepared ?? null,
  });
  const first = explained[0].sequences[0];
  const target = first.target;
  const patches = (HEIGHT / req.patch) * (W / req.patch);
  const steps = Math.min(req.steps, patches);
  // Curves to compute: the methods' and the first random order (one call), then the other random orders.
  const total = req.methods.length + req.randomOrders;
  const opts = { steps, patch: req.patch, fill: req.fill, signal: ctx.signal } as const;
  const main = await regionPerturbation(model.cell, model.weights, x, [target], explained.map((r) => [r.sequences[0].heatmap]), {
    ...opts,
    seed: 0,
    onProgress: (done) => ctx.progress({ phase: 'perturbing', done, total }),
  });
  const randoms: Float32Array[] = [main.random[0]];
  const more = req.randomOrders - 1;
  if (more > 0) {
    // Sequence r of this call (a copy of the same sequence) gets random order mixSeed(1, r): other
    // orders than order 0's (seed 0), the same ones on every call.
    const copies = new Float32Array(more * x.length);
    for (let r = 0; r < more; r++) copies.set(x, r * x.length);
    const rest = await regionPerturbation(model.cell, model.weights, copies, new Array<number>(more).fill(target), [], {
      ...opts,
      seed: 1,
      onProgress: (done) => ctx.progress({ phase: 'perturbing', done: req.methods.length + 1 + done, total }),
    });
    randoms.push(...rest.random);
  }
  const mean = meanCurve(randoms);
  return {
    slot: req.slot,
    version: req.version,
    width: W,
    T: model.cell.options.T,
    target,
    predicted: first.predicted,
    fill: req.fill,
    patch: req.patch,
    steps,
    patches,
    methods: explained.map((r, m) => ({
      method: req.methods[m],
      label: r.label,
      curve: Array.from(main.morf[m][0]),
      aopc: main.aopc[m][0],
      empty: !r.sequences[0].heatmap.some((v) => v > 0),
    })),
    random: { curves: randoms.map((c) => Array.from(c)), mean, aopc: aopc(mean) },
    backend: ctx.backend,
    ms: performance.now() - t0,
  };
}

/**
 * The cascading randomisation of the request's sequence: every method's heatmap at every stage
 * (stage 0: the original model) with its Spearman rank correlation and SSIM to the original. The
 * explained class is fixed at stage 0 (the label, or the original model's prediction). The slot's
 * weights are never changed (the core makes new variables for the re-initialised layers and disposes them).
 */
export async function randomisationStages(model: Model, req: RandomisationRequest, ctx: JobContext): Promise<RandomisationStages> {
  const W = checkPixels(model, req.pixels);
  const t0 = performance.now();
  const x = scaleGrey(req.pixels);
  const methods = req.methods.map((m) => buildMethodSpec(m));
  let target = req.label;
  if (target === null) {
    const predicted = tf.tidy(() => tf.argMax(cellLogits(model.cell, model.weights, tf.tensor3d(x, [1, HEIGHT, W])), 1));
    target = (await predicted.data())[0];
    predicted.dispose();
  }
  const r = await cascadingRandomisation(model.cell, model.weights, x, [target], methods, {
    seed: req.seed,
    keepHeatmaps: true,
    signal: ctx.signal,
    onProgress: (done, total) => ctx.progress({ phase: 'randomising', done, total }),
  });
  const heatmaps = r.heatmaps!.map((stage) => stage.map((perSeq) => perSeq[0]));
  // Stage 0 against itself: 1, except Spearman's 0 for a constant (empty) heatmap.
  const self = (f: (a: Float32Array, b: Float32Array) => number) => heatmaps[0].map((h) => f(h, h));
  return {
    slot: req.slot,
    version: req.version,
    width: W,
    T: model.cell.options.T,
    target,
    layers: r.layers,
    methods: methods.map((m, k) => ({ method: req.methods[k], label: m.label })),
    heatmaps,
    spearman: [self(spearman), ...r.spearman.map((stage) => stage.map((perSeq) => perSeq[0]))],
    ssim: [self((a, b) => ssim(a, b, HEIGHT, W)), ...r.ssim.map((stage) => stage.map((perSeq) => perSeq[0]))],
    backend: ctx.backend,
    ms: performance.now() - t0,
  };
}
