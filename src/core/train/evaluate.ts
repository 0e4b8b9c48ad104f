/**
 * Accuracy (and mean 11-way loss) of a cell on a data set: batched, inference mode (no dropout),
 * argmax over the 10 real logits (thesis-code-facts.md §2.11, §4.1).
 */
import * as tf from '../tf';
import type { Cell, Weights } from '../cells/types';
import { countCorrect, crossEntropy11 } from './loss';
import { cellLogits } from './step';
import type { SequenceSource } from './types';
import { yieldToEventLoop } from './yield';

export interface EvaluateOptions {
  /** Sequences per forward pass (default 500). */
  batchSize?: number;
  /** Stops after the current batch; the result then covers the sequences seen so far. */
  signal?: AbortSignal;
  /** Called after each batch with (sequences done, total). */
  onProgress?: (done: number, total: number) => void;
}

export interface Evaluation {
  /** correct / n (NaN for an empty set). */
  accuracy: number;
  correct: number;
  /** Sequences evaluated. */
  n: number;
  /** Mean 11-way cross-entropy. */
  loss: number;
}

/** Evaluates `cell` with `weights` on every sequence of `set`. */
export async function evaluate(cell: Cell, weights: Weights, set: SequenceSource, opts: EvaluateOptions = {}): Promise<Evaluation> {
  const bs = Math.max(1, opts.batchSize ?? 500);
  const H = 28;
  let correctSum = 0;
  let lossSum = 0;
  let done = 0;
  for (let start = 0; start < set.n; start += bs) {
    if (opts.signal?.aborted) break;
    const m = Math.min(bs, set.n - start);
    const idx = new Int32Array(m);
    const lab = new Int32Array(m);
    for (let i = 0; i < m; i++) {
      idx[i] = start + i;
      lab[i] = set.labels[start + i];
    }
    const pixels = set.batch(idx);
    const both = tf.tidy(() => {
      const x = tf.tensor3d(pixels, [m, H, set.width]);
      const y = tf.tensor1d(lab, 'int32');
      const logits = cellLogits(cell, weights, x, { training: false });
      return tf.stack([tf.cast(countCorrect(logits, y), 'float32'), tf.mul(crossEntropy11(logits, y), m)]);
    });
    const v = await both.data();
    both.dispose();
    correctSum += v[0];
    lossSum += v[1];
    done += m;
    opts.onProgress?.(done, set.n);
    await yieldToEventLoop();
  }
  return { accuracy: done ? correctSum / done : NaN, correct: correctSum, n: done, loss: done ? lossSum / done : NaN };
}
