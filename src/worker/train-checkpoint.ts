/**
 * Checkpoints of a training run in the page, in the CLI's files (docs/model-format.md,
 * "Checkpoints"): model.json + weights.bin of the model so far (metrics.complete false) and
 * checkpoint.json + optimizer.bin with Adam's state, the position and the wall time. The page
 * keeps the last one in IndexedDB; `resumeFromFiles` reads it back with the core's loaders and
 * checks that it belongs to the request (cell, steps done at this batch count).
 */
import * as tf from '../core/tf';
import type { Cell } from '../core/cells/types';
import { parseCheckpoint, serializeCheckpoint } from '../core/model-io/checkpoint';
import type { EpochLog, ModelMetrics, TrainingRecord } from '../core/model-io/format';
import { serializeModel } from '../core/model-io/serialize-model';
import { readWeightValues } from '../core/model-io/variables';
import { ADAM_DEFAULTS } from '../core/train/adam';
import { exportAdamState } from '../core/train/optimizer-state';
import type { TrainPosition } from '../core/train/types';
import type { TrainCheckpointFiles, TrainRequest } from '../protocol/messages';
import { modelFromFiles, type Model } from './model-slot';
import type { TrainJobResume } from './training-job';

const GENERATED_BY = 'rrx explorer (browser)';

/** The training record of model.json for a run of `req` on `n` sequences. */
export function trainingRecord(req: TrainRequest, T: number, n: number): TrainingRecord {
  return {
    dataset: req.dataset,
    task: req.task,
    T,
    lr: req.lr,
    batch: req.batchSize,
    epochs: req.epochs,
    seed: req.seed,
    shuffle: 'fixed',
    limit: n,
    backend: tf.getBackend(),
    optimizer: { name: 'adam', beta1: ADAM_DEFAULTS.beta1, beta2: ADAM_DEFAULTS.beta2, epsilon: ADAM_DEFAULTS.epsilon },
    loss: 'softmax-cross-entropy-11',
  };
}

/** model.json's metrics of a run so far (complete: all epochs done). */
export function runMetrics(r: { accuracy: number; iterations: number; seconds: number; history: EpochLog[]; complete: boolean }, n: number, batchSize: number): ModelMetrics {
  return {
    trainAccuracy: Number.isFinite(r.accuracy) ? r.accuracy : null,
    valAccuracy: null,
    testAccuracy: null,
    trainN: n,
    valN: null,
    testN: null,
    epochsDone: Math.floor(r.iterations / Math.ceil(n / batchSize)),
    iterations: r.iterations,
    wallTimeSeconds: r.seconds,
    complete: r.complete,
    history: r.history,
  };
}

/** The four files of a checkpoint at `position` (the model's weights and Adam's state as they are now). */
export async function checkpointFiles(
  model: Model,
  optimizer: tf.Optimizer,
  c: { training: TrainingRecord; metrics: ModelMetrics; position: TrainPosition; wallTimeSeconds: number; history: EpochLog[] },
): Promise<TrainCheckpointFiles> {
  const m = serializeModel({
    cell: model.cell,
    preset: model.preset,
    weights: await readWeightValues(model.cell, model.weights),
    training: c.training,
    metrics: c.metrics,
    generatedBy: GENERATED_BY,
  });
  const ck = serializeCheckpoint({
    position: c.position,
    optimizer: { name: 'adam', lr: c.training.lr, beta1: ADAM_DEFAULTS.beta1, beta2: ADAM_DEFAULTS.beta2, epsilon: ADAM_DEFAULTS.epsilon },
    state: await exportAdamState(optimizer, model.cell as Cell),
    wallTimeSeconds: c.wallTimeSeconds,
    history: c.history,
  });
  const enc = new TextEncoder();
  return { json: enc.encode(m.modelJson), weights: new Uint8Array(m.weightsBin), checkpoint: enc.encode(ck.checkpointJson), optimizer: new Uint8Array(ck.optimizerBin) };
}

/** The buffer a view covers (a copy when it is a view into a larger buffer). */
const own = (b: Uint8Array): ArrayBuffer => (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer ? b.buffer : b.slice().buffer);

/**
 * Reads a checkpoint of `req`'s run: the model (every check of the core loader) and the optimiser
 * state (parseCheckpoint), refused when it is another cell, already past the run's epochs, or its
 * step count does not fit its position at this run's batches per epoch (another subset or batch size).
 * The caller owns the returned model's variables.
 */
export function resumeFromFiles(files: TrainCheckpointFiles, req: TrainRequest, preset: string, n: number): { model: Model; resume: TrainJobResume } {
  const model = modelFromFiles(files.json, files.weights, 'checkpoint', 'trained');
  try {
    if (model.preset !== preset) throw new Error(`the checkpoint holds a ${model.preset} cell, the run trains ${preset}`);
    if (req.T !== undefined && model.cell.options.T !== req.T) throw new Error(`the checkpoint's cell has T = ${model.cell.options.T}, the run asks for ${req.T}`);
    const ck = parseCheckpoint(new TextDecoder().decode(files.checkpoint), own(files.optimizer), model.cell);
    const { epoch, batch } = ck.position;
    const batches = Math.ceil(n / req.batchSize);
    if (epoch >= req.epochs) throw new Error(`the checkpoint is at epoch ${epoch}: the run of ${req.epochs} epoch(s) is done`);
    if (batch > batches || ck.state.iterations !== epoch * batches + batch) {
      throw new Error(`the checkpoint's ${ck.state.iterations} steps do not match its position (epoch ${epoch}, batch ${batch}) at ${batches} batches per epoch`);
    }
    return { model, resume: { state: ck.state, position: ck.position, wallTimeSeconds: ck.wallTimeSeconds, history: ck.history } };
  } catch (err) {
    tf.dispose(Object.values(model.weights));
    throw err;
  }
}
