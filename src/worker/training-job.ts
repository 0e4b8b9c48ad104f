/**
 * One training run in the worker, with pause, resume and stop. The core loop (core/train) stops
 * cooperatively on an AbortSignal and reports where it stopped; pausing aborts the loop and keeps
 * the weights, the optimiser and the position, and resuming runs the loop again from there.
 *
 * Across pauses the run reads as one: the elapsed time adds up the calls of the loop (paused time
 * not counted) and the running loss and accuracy of the epoch in progress go on from their sums
 * (epoch-running.ts). A run may also start from a checkpoint (`resume`: Adam's state, the position
 * and the wall time so far), and after every epoch `onEpochEnd` may checkpoint it.
 */
import * as tf from '../core/tf';
import { createAdam } from '../core/train/adam';
import { importAdamState, type OptimizerState } from '../core/train/optimizer-state';
import { train } from '../core/train/train';
import type { EpochLog } from '../core/model-io/format';
import type { SequenceSource, TrainPosition, TrainProgress } from '../core/train/types';
import type { BackendName, TrainState } from '../protocol/messages';
import { EpochRunning } from './epoch-running';
import type { Model } from './model-slot';

/** Where an interrupted run goes on: the optimiser's state, the position and the wall time so far. */
export interface TrainJobResume {
  state: OptimizerState;
  position: TrainPosition;
  wallTimeSeconds: number;
  /** The epochs logged before (the run's history goes on from them). */
  history: EpochLog[];
}

export interface TrainJobOptions {
  model: Model;
  data: SequenceSource;
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
  resume?: TrainJobResume;
  onProgress: (p: TrainProgress & { backend: BackendName }) => void;
  /**
   * After every epoch (awaited, before the next one starts): the optimiser (to export its state),
   * the position reached, the wall time of the run so far and its history (the running figures of
   * each epoch over all its batches, pauses or not).
   */
  onEpochEnd?: (e: { optimizer: tf.Optimizer; position: TrainPosition; wallTimeSeconds: number; history: EpochLog[] }) => void | Promise<void>;
  /** Aborting ends the job for good (the call was superseded or cancelled). */
  signal: AbortSignal;
}

export interface TrainJobResult {
  aborted: boolean;
  iterations: number;
  /** Wall time of the run, all calls of the loop and the sessions before a resume together. */
  seconds: number;
  loss: number;
  accuracy: number;
  history: EpochLog[];
}

export class TrainingJob {
  state: TrainState = 'running';
  private inner = new AbortController();
  private wake: (() => void) | null = null;
  private stopRequested = false;

  pause(): TrainState {
    if (this.state === 'running') {
      this.state = 'paused';
      this.inner.abort();
    }
    return this.state;
  }

  resume(): TrainState {
    if (this.state === 'paused') {
      this.state = 'running';
      this.wake?.();
    }
    return this.state;
  }

  stop(): TrainState {
    this.stopRequested = true;
    this.state = 'stopped';
    this.inner.abort();
    this.wake?.();
    return this.state;
  }

  async run(o: TrainJobOptions): Promise<TrainJobResult> {
    const optimizer = createAdam({ lr: o.lr });
    const onOuterAbort = () => this.stop();
    o.signal.addEventListener('abort', onOuterAbort, { once: true });
    let position: TrainPosition = o.resume ? { ...o.resume.position } : { epoch: 0, batch: 0 };
    const running = new EpochRunning(o.data.n, o.batchSize);
    const history: EpochLog[] = o.resume ? [...o.resume.history] : [];
    let last = { loss: NaN, accuracy: NaN };
    /** Seconds of the loop's earlier calls (and of the sessions before a resume). */
    let before = o.resume?.wallTimeSeconds ?? 0;
    const result = (aborted: boolean): TrainJobResult => ({ aborted, iterations: optimizer.iterations, seconds: before, ...last, history: [...history] });
    try {
      if (o.resume) await importAdamState(optimizer, o.model.cell, o.resume.state);
      for (;;) {
        this.inner = new AbortController();
        if (this.state === 'paused' || this.stopRequested) this.inner.abort();
        running.begin(position);
        const t0 = performance.now();
        const r = await train({
          cell: o.model.cell,
          weights: o.model.weights,
          train: o.data,
          config: { epochs: o.epochs, batchSize: o.batchSize, lr: o.lr, seed: o.seed, shuffle: 'fixed' },
          optimizer,
          start: position,
          signal: this.inner.signal,
          readEvery: 2,
          onProgress: (p) => {
            last = running.read(p);
            o.onProgress({ ...p, ...last, elapsedSeconds: before + p.elapsedSeconds, backend: tf.getBackend() as BackendName });
          },
          onEpochEnd: async (e, next) => {
            history.push({ epoch: e.epoch, loss: last.loss, trainAccuracy: last.accuracy, valAccuracy: e.valAccuracy, seconds: e.seconds });
            await o.onEpochEnd?.({ optimizer, position: next, wallTimeSeconds: before + (performance.now() - t0) / 1000, history: [...history] });
          },
        });
        position = r.position;
        before += r.seconds;
        if (!r.aborted || this.stopRequested) return result(r.aborted);
        // Paused: wait for resume() or stop().
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
        if (this.stopRequested) return result(true);
      }
    } finally {
      o.signal.removeEventListener('abort', onOuterAbort);
      optimizer.dispose();
    }
  }
}
