/**
 * The running loss and accuracy of an epoch across pauses (pure; no TF.js).
 *
 * The core loop (core/train/train.ts) restarts its running means at every call, and a pause ends
 * one call and resumes with another at the same position: the first reading after Resume would
 * cover only the batches run since, so the plotted running accuracy would jump. `EpochRunning`
 * keeps the sums of the calls before and merges every reading of the current call with them, so
 * a paused and resumed epoch reports exactly the means of an uninterrupted one.
 *
 * A reading `{epoch, batch, loss, accuracy}` of a call that started at position `{epoch: e0,
 * batch: b0}` covers the batches [b0, batch) of its first epoch (e0 + 1, 1-based) and [0, batch)
 * of later ones; batch k holds the sequences [k·bs, min(n, (k+1)·bs)) of the epoch's order.
 */
import type { TrainPosition } from '../core/train/types';

/** Sums of one epoch's batches so far: sequences, Σ loss·m, Σ correct. */
export interface EpochSums {
  /** 1-based epoch. */
  epoch: number;
  seen: number;
  lossSum: number;
  correctSum: number;
}

/** Sequences in batches [from, to) of an epoch of `n` sequences in batches of `batchSize`. */
export function sequencesIn(from: number, to: number, n: number, batchSize: number): number {
  return Math.max(0, Math.min(n, to * batchSize) - Math.min(n, from * batchSize));
}

export class EpochRunning {
  private start: TrainPosition = { epoch: 0, batch: 0 };
  /** Sums of the calls before the current one, for the epoch the current call resumed. */
  private carry: EpochSums | null = null;
  /** The merged sums at the last reading. */
  private lastSums: EpochSums | null = null;

  constructor(
    private readonly n: number,
    private readonly batchSize: number,
  ) {}

  /** A call of the loop starts at `position` (epochs done, batches of the next done). */
  begin(position: TrainPosition): void {
    const resumedEpoch = position.epoch + 1;
    this.carry = position.batch > 0 && this.lastSums?.epoch === resumedEpoch ? this.lastSums : null;
    this.start = { ...position };
  }

  /** The loop's reading merged with the earlier calls' sums of the same epoch. */
  read(p: { epoch: number; batch: number; loss: number; accuracy: number }): { loss: number; accuracy: number } {
    const from = p.epoch === this.start.epoch + 1 ? this.start.batch : 0;
    const seen = sequencesIn(from, p.batch, this.n, this.batchSize);
    const c = this.carry?.epoch === p.epoch ? this.carry : null;
    const sums: EpochSums = {
      epoch: p.epoch,
      seen: seen + (c?.seen ?? 0),
      lossSum: p.loss * seen + (c?.lossSum ?? 0),
      correctSum: p.accuracy * seen + (c?.correctSum ?? 0),
    };
    this.lastSums = sums;
    return sums.seen > 0 ? { loss: sums.lossSum / sums.seen, accuracy: sums.correctSum / sums.seen } : { loss: p.loss, accuracy: p.accuracy };
  }

  /** The sums at the last reading (null before any). */
  get last(): EpochSums | null {
    return this.lastSums;
  }
}
