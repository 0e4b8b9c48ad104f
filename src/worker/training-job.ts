/**
 * One training run in the worker, with pause, resume and stop. The core loop (core/train) stops
 * cooperatively on an AbortSignal and reports where it stopped; pausing aborts the loop and keeps
 * the weights, the optimiser and the position, and resuming runs the loop again from there.
 */
import * as tf from '../core/tf';
import { createAdam } from '../core/train/adam';
import { train } from '../core/train/train';
import type { SequenceSource, TrainPosition, TrainProgress } from '../core/train/types';
import type { BackendName, TrainState } from '../protocol/messages';
import type { Model } from './model-slot';

export interface TrainJobOptions {
  model: Model;
  data: SequenceSource;
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
  onProgress: (p: TrainProgress & { backend: BackendName }) => void;
  /** Aborting ends the job for good (the call was superseded or cancelled). */
  signal: AbortSignal;
}

export interface TrainJobResult {
  aborted: boolean;
  iterations: number;
  seconds: number;
  loss: number;
  accuracy: number;
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
    let position: TrainPosition = { epoch: 0, batch: 0 };
    let last = { loss: NaN, accuracy: NaN };
    let seconds = 0;
    try {
      for (;;) {
        this.inner = new AbortController();
        if (this.state === 'paused' || this.stopRequested) this.inner.abort();
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
            last = { loss: p.loss, accuracy: p.accuracy };
            o.onProgress({ ...p, backend: tf.getBackend() as BackendName });
          },
        });
        position = r.position;
        seconds += r.seconds;
        if (!r.aborted || this.stopRequested) {
          return { aborted: r.aborted, iterations: optimizer.iterations, seconds, ...last };
        }
        // Paused: wait for resume() or stop().
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
        if (this.stopRequested) return { aborted: true, iterations: optimizer.iterations, seconds, ...last };
      }
    } finally {
      o.signal.removeEventListener('abort', onOuterAbort);
      optimizer.dispose();
    }
  }
}
