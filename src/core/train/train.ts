/**
 * The training loop (thesis-code-facts.md §4): epochs of minibatches in a seeded order (shuffle.ts),
 * one Adam step per batch (step.ts), the loss and running accuracy read back every few batches only,
 * validation accuracy after each epoch, cooperative abort and resume.
 *
 * Pure: no DOM, no node:* imports; it runs in Node, the CLI and a Web Worker. It yields to the event
 * loop after every batch so that messages and signals get through.
 */
import * as tf from '../tf';
import type { Cell, Weights } from '../cells/types';
import { createAdam } from './adam';
import { evaluate } from './evaluate';
import { epochOrder, mixSeed } from './shuffle';
import { trainableVariables, trainStep, type StepContext } from './step';
import { lrAtEpoch, type EpochResult, type SequenceSource, type TrainConfig, type TrainPosition, type TrainProgress, type TrainResult } from './types';
import { yieldToEventLoop } from './yield';

export interface TrainOptions {
  cell: Cell;
  /** The cell's weights (tf.Variables); updated in place. */
  weights: Weights;
  train: SequenceSource;
  /** Evaluated (inference mode) after every epoch when given. */
  val?: SequenceSource;
  config: TrainConfig;
  /**
   * The optimiser, when the caller owns it (to checkpoint or resume it). Otherwise an Adam with
   * `config.lr` (adam.ts) is created and disposed here. Its `iterations` count seeds the dropout masks.
   */
  optimizer?: tf.Optimizer;
  /** Where to start: epochs done and batches done of the next epoch (default: the beginning). */
  start?: TrainPosition;
  /** Called whenever the loss is read back (every `readEvery` batches and at each epoch's end). */
  onProgress?: (p: TrainProgress) => void;
  /** Called after each epoch (after validation); awaited, so it may write a checkpoint. */
  onEpochEnd?: (e: EpochResult, next: TrainPosition) => void | Promise<void>;
  /** Aborting stops training after the current batch (or cuts the validation short). */
  signal?: AbortSignal;
  /** Batches between two reads of the loss (default 10). Reads force a sync with the backend. */
  readEvery?: number;
  /** Batch size of the validation passes (default 500). */
  evalBatchSize?: number;
}

const H = 28;

/** Trains `cell` in place. Resolves when `config.epochs` epochs are done or the signal aborted. */
export async function train(opts: TrainOptions): Promise<TrainResult> {
  const { cell, weights, config, signal } = opts;
  const data = opts.train;
  const n = data.n;
  const bs = config.batchSize;
  if (!(Number.isInteger(bs) && bs > 0)) throw new Error(`batch size must be a positive integer, got ${bs}`);
  if (n === 0) throw new Error('the training set is empty');
  if (data.width !== cell.options.width) {
    throw new Error(`training data width ${data.width} does not match the cell's width ${cell.options.width}`);
  }
  const batches = Math.ceil(n / bs);
  const readEvery = Math.max(1, opts.readEvery ?? 10);
  const start = opts.start ?? { epoch: 0, batch: 0 };
  if (start.batch < 0 || start.batch > batches) throw new Error(`resume batch ${start.batch} is outside 0…${batches}`);

  const ownOptimizer = !opts.optimizer;
  const optimizer = opts.optimizer ?? createAdam({ lr: config.lr });
  const ctx: StepContext = { cell, weights, optimizer, varList: trainableVariables(cell, weights) };

  const t0 = now();
  let trainMs = 0; // time in training batches only (for throughput and ETA)
  let seqTrained = 0;
  const totalSeq = Math.max(0, (config.epochs - start.epoch) * n - start.batch * bs);
  const history: EpochResult[] = [];
  let position: TrainPosition = { ...start };

  try {
    for (let epoch = start.epoch; epoch < config.epochs; epoch++) {
      const tEpoch = now();
      if (config.lrSchedule?.length) setLearningRate(optimizer, lrAtEpoch(config, epoch + 1));
      const order = epochOrder(n, config.seed, config.shuffle, epoch);
      const first = epoch === start.epoch ? start.batch : 0;
      let lossAcc: tf.Scalar | null = null;
      let correctAcc: tf.Scalar | null = null;
      let seen = 0;
      let lastRead = { t: now(), seen: 0 };
      let loss = NaN;
      let accuracy = NaN;

      const read = async (b: number) => {
        const [l, c] = await Promise.all([lossAcc!.data(), correctAcc!.data()]);
        loss = l[0] / seen;
        accuracy = c[0] / seen;
        const t = now();
        const p: TrainProgress = {
          epoch: epoch + 1,
          epochs: config.epochs,
          batch: b,
          batches,
          iteration: optimizer.iterations,
          loss,
          accuracy,
          seqPerSec: t > lastRead.t ? ((seen - lastRead.seen) * 1000) / (t - lastRead.t) : 0,
          elapsedSeconds: (t - t0) / 1000,
          etaSeconds: seqTrained > 0 ? ((totalSeq - seqTrained) * trainMs) / seqTrained / 1000 : NaN,
        };
        lastRead = { t, seen };
        opts.onProgress?.(p);
      };

      try {
        for (let b = first; b < batches; b++) {
          if (signal?.aborted) {
            if (seen > 0) await read(b);
            position = { epoch, batch: b };
            return finish(true);
          }
          const tb = now();
          const idx = order.subarray(b * bs, Math.min(n, (b + 1) * bs));
          const m = idx.length;
          const lab = new Int32Array(m);
          for (let i = 0; i < m; i++) lab[i] = data.labels[idx[i]];
          const x = tf.tensor3d(data.batch(idx), [m, H, data.width]);
          const y = tf.tensor1d(lab, 'int32');
          const seed = mixSeed(config.seed, optimizer.iterations);
          const out = trainStep(ctx, x, y, seed);
          x.dispose();
          y.dispose();
          const weighted = tf.mul(out.loss, m) as tf.Scalar;
          out.loss.dispose();
          lossAcc = accumulate(lossAcc, weighted);
          correctAcc = accumulate(correctAcc, out.correct);
          seen += m;
          seqTrained += m;
          position = { epoch, batch: b + 1 };
          const done = b + 1 - first;
          if (done % readEvery === 0 || b + 1 === batches) await read(b + 1);
          trainMs += now() - tb;
          await yieldToEventLoop();
        }
      } finally {
        lossAcc?.dispose();
        correctAcc?.dispose();
      }

      let valAccuracy: number | null = null;
      if (opts.val && !signal?.aborted) {
        const ev = await evaluate(cell, weights, opts.val, { batchSize: opts.evalBatchSize, signal });
        valAccuracy = ev.n === opts.val.n ? ev.accuracy : null;
      }
      position = { epoch: epoch + 1, batch: 0 };
      const result: EpochResult = {
        epoch: epoch + 1,
        loss,
        trainAccuracy: accuracy,
        valAccuracy,
        seconds: (now() - tEpoch) / 1000,
        iteration: optimizer.iterations,
      };
      history.push(result);
      await opts.onEpochEnd?.(result, position);
      if (signal?.aborted && epoch + 1 < config.epochs) return finish(true);
    }
    return finish(false);
  } finally {
    if (ownOptimizer) optimizer.dispose();
  }

  function finish(aborted: boolean): TrainResult {
    return { aborted, position, iterations: optimizer.iterations, history, seconds: (now() - t0) / 1000 };
  }
}

/** acc + t, disposing both inputs (t becomes the sum when acc is null). */
function accumulate(acc: tf.Scalar | null, t: tf.Scalar): tf.Scalar {
  if (!acc) return t;
  const s = tf.add(acc, t) as tf.Scalar;
  acc.dispose();
  t.dispose();
  return s;
}

function now(): number {
  return globalThis.performance.now();
}

/** Sets the rate of TF.js's Adam (a protected field in its typings; the update reads it each step). */
function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = lr;
}
