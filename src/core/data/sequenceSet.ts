/**
 * The one entry point for training, explanation, the CLI and the worker: a SequenceSet is the
 * sequences of one (dataset, task, split[, fold]), with labels, MAJ masks, and `batch(indices)`
 * that materialises scaled pixels. See docs/data.md.
 *
 * Every set is held as indices into its base dataset: sources [n, blocks] (blocks = 1 for `seq`,
 * 3 for `maj`); a sequence's image is its blocks' base images side by side (28 × 28·blocks).
 */
import type { BaseDataset, DatasetName } from './dataset';
import { IMAGE_COLS, IMAGE_ROWS, IMAGE_SIZE } from './imageSet';
import { foldIndices, stratifiedKFold } from './kfold';
import { buildMaj } from './maj';
import { PIXEL_LUT } from './scale';
import { KFOLD_K, SEEDS } from './seeds';
import { splitIndices, type SplitName } from './splits';
import { stepWidth } from './columns';

/** `seq`: one 28×28 image (T ∈ {1, 4, 7, 14, 28}); `maj`: three images side by side, 28×84 (facts §6.2). */
export type TaskName = 'maj' | 'seq';
export const TASK_NAMES: readonly TaskName[] = ['maj', 'seq'];
/** Image width per task. */
export const TASK_WIDTH: Record<TaskName, 28 | 84> = { seq: 28, maj: 84 };

/** What to build: a task on a split; with `fold`, the split is taken from the k-fold of §6.4. */
export interface SequenceSpec {
  task: TaskName;
  split: SplitName;
  /** 0…k−1: use fold `fold` of the stratified k-fold over the pooled train+test+val sequences. */
  fold?: number;
  /** Number of folds (default 7, §6.4). */
  k?: number;
}

export interface SequenceSet {
  readonly dataset: DatasetName;
  readonly task: TaskName;
  readonly split: SplitName;
  /** The k-fold fold this set comes from, or null for the plain split. */
  readonly fold: number | null;
  readonly n: number;
  /** Image width W: 28 (seq) or 84 (maj). Height is always 28. */
  readonly width: 28 | 84;
  /** Base images per sequence: 1 (seq) or 3 (maj); each block is 28 columns wide. */
  readonly blocks: 1 | 3;
  /** Class of each sequence [n] (MAJ: the class that appears twice). */
  readonly labels: Uint8Array;
  /** MAJ only: [n, 3] row-major, 1 where the block holds the majority class; null for seq. */
  readonly masks: Uint8Array | null;
  /** Global base-dataset index of each block's image, [n, blocks] row-major. */
  readonly sources: Uint32Array;
  /** The base dataset the sources point into. */
  readonly base: BaseDataset;
  /**
   * Scaled pixels (x = 2p/255 − 1) of the given sequences: Float32Array [k, 28, W] row-major,
   * element (i, row, col) at (i·28 + row)·W + col. Writes into `out` when given (length k·28·W).
   */
  batch(indices: ArrayLike<number>, out?: Float32Array): Float32Array;
  /**
   * The same pixels cut into T column steps (facts §1.1): Float32Array [k, T, 28·c], c = W/T,
   * element (i, t, row·c + j) = pixel (row, t·c + j) of sequence i. T must divide W.
   */
  steps(indices: ArrayLike<number>, T: number, out?: Float32Array): Float32Array;
  /** The raw uint8 pixels of one sequence, [28, W] row-major (for display). */
  rawPixels(index: number): Uint8Array;
  /** The sequences at `indices`, as a new SequenceSet over the same base. */
  subset(indices: ArrayLike<number>, split?: SplitName, fold?: number | null): SequenceSet;
}

interface SetParts {
  dataset: DatasetName;
  task: TaskName;
  split: SplitName;
  fold: number | null;
  sources: Uint32Array;
  labels: Uint8Array;
  masks: Uint8Array | null;
  base: BaseDataset;
}

class IndexedSequenceSet implements SequenceSet {
  readonly dataset: DatasetName;
  readonly task: TaskName;
  readonly split: SplitName;
  readonly fold: number | null;
  readonly n: number;
  readonly width: 28 | 84;
  readonly blocks: 1 | 3;
  readonly labels: Uint8Array;
  readonly masks: Uint8Array | null;
  readonly sources: Uint32Array;
  readonly base: BaseDataset;

  constructor(p: SetParts) {
    this.dataset = p.dataset;
    this.task = p.task;
    this.split = p.split;
    this.fold = p.fold;
    this.n = p.labels.length;
    this.width = TASK_WIDTH[p.task];
    this.blocks = p.task === 'maj' ? 3 : 1;
    this.labels = p.labels;
    this.masks = p.masks;
    this.sources = p.sources;
    this.base = p.base;
    if (this.sources.length !== this.n * this.blocks) throw new Error(`SequenceSet: ${this.sources.length} sources for ${this.n} sequences of ${this.blocks} blocks`);
  }

  private check(i: number): void {
    if (!(i >= 0 && i < this.n && Number.isInteger(i))) {
      throw new RangeError(`index ${i} is out of range: ${this.dataset} ${this.task} ${this.split}${this.fold === null ? '' : ` fold ${this.fold}`} has ${this.n} sequences (0…${this.n - 1})`);
    }
  }

  batch(indices: ArrayLike<number>, out?: Float32Array): Float32Array {
    const k = indices.length;
    const W = this.width;
    const B = this.blocks;
    const size = k * IMAGE_ROWS * W;
    const o = out ?? new Float32Array(size);
    if (o.length !== size) throw new RangeError(`batch: out has ${o.length} elements, expected k·28·W = ${size}`);
    const px = this.base.images;
    for (let i = 0; i < k; i++) {
      const s = indices[i];
      this.check(s);
      for (let b = 0; b < B; b++) {
        const src = this.sources[s * B + b] * IMAGE_SIZE;
        for (let row = 0; row < IMAGE_ROWS; row++) {
          const from = src + row * IMAGE_COLS;
          const to = (i * IMAGE_ROWS + row) * W + b * IMAGE_COLS;
          for (let col = 0; col < IMAGE_COLS; col++) o[to + col] = PIXEL_LUT[px[from + col]];
        }
      }
    }
    return o;
  }

  steps(indices: ArrayLike<number>, T: number, out?: Float32Array): Float32Array {
    const W = this.width;
    const c = stepWidth(W, T);
    const k = indices.length;
    const size = k * IMAGE_ROWS * W;
    const o = out ?? new Float32Array(size);
    if (o.length !== size) throw new RangeError(`steps: out has ${o.length} elements, expected k·T·28·c = ${size}`);
    const px = this.base.images;
    const B = this.blocks;
    let q = 0;
    for (let i = 0; i < k; i++) {
      const s = indices[i];
      this.check(s);
      for (let t = 0; t < T; t++) {
        for (let row = 0; row < IMAGE_ROWS; row++) {
          // Columns [t·c, (t+1)·c) of this row, copied in runs that stay inside one 28-column block.
          let col = t * c;
          let left = c;
          while (left > 0) {
            const b = (col / IMAGE_COLS) | 0;
            const within = col - b * IMAGE_COLS;
            const len = Math.min(left, IMAGE_COLS - within);
            const from = this.sources[s * B + b] * IMAGE_SIZE + row * IMAGE_COLS + within;
            for (let j = 0; j < len; j++) o[q++] = PIXEL_LUT[px[from + j]];
            col += len;
            left -= len;
          }
        }
      }
    }
    return o;
  }

  rawPixels(index: number): Uint8Array {
    this.check(index);
    const W = this.width;
    const out = new Uint8Array(IMAGE_ROWS * W);
    for (let b = 0; b < this.blocks; b++) {
      const src = this.sources[index * this.blocks + b] * IMAGE_SIZE;
      for (let row = 0; row < IMAGE_ROWS; row++) {
        out.set(this.base.images.subarray(src + row * IMAGE_COLS, src + (row + 1) * IMAGE_COLS), row * W + b * IMAGE_COLS);
      }
    }
    return out;
  }

  subset(indices: ArrayLike<number>, split: SplitName = this.split, fold: number | null = this.fold): SequenceSet {
    const k = indices.length;
    const B = this.blocks;
    const sources = new Uint32Array(k * B);
    const labels = new Uint8Array(k);
    const masks = this.masks ? new Uint8Array(k * B) : null;
    for (let i = 0; i < k; i++) {
      const s = indices[i];
      this.check(s);
      labels[i] = this.labels[s];
      for (let b = 0; b < B; b++) {
        sources[i * B + b] = this.sources[s * B + b];
        if (masks) masks[i * B + b] = this.masks![s * B + b];
      }
    }
    return new IndexedSequenceSet({ dataset: this.dataset, task: this.task, split, fold, sources, labels, masks, base: this.base });
  }
}

/** The plain split (no k-fold) of a task. */
function plainSet(base: BaseDataset, task: TaskName, split: SplitName): SequenceSet {
  const members = splitIndices(base, split);
  if (task === 'seq') {
    const labels = new Uint8Array(members.length);
    for (let i = 0; i < members.length; i++) labels[i] = base.labels[members[i]];
    return new IndexedSequenceSet({ dataset: base.name, task, split, fold: null, sources: members, labels, masks: null, base });
  }
  if (task === 'maj') {
    const maj = buildMaj(base.labels, members, SEEDS.maj[split]);
    return new IndexedSequenceSet({ dataset: base.name, task, split, fold: null, sources: maj.sources, labels: maj.labels, masks: maj.masks, base });
  }
  throw new Error(`unknown task "${task as string}"; valid: ${TASK_NAMES.join(', ')}`);
}

/**
 * The sequences of the pooled k-fold (facts §6.4): train, test and validation sets stacked in
 * that order (70,000 for MNIST), stratified k-fold (seed 71) on their labels. Fold f:
 * train = the other k−1 parts, val = test = the held-out part f.
 */
export function pooledSequences(base: BaseDataset, task: TaskName): SequenceSet {
  const parts = (['train', 'test', 'val'] as const).map((s) => plainSet(base, task, s));
  const n = parts.reduce((a, p) => a + p.n, 0);
  const B = parts[0].blocks;
  const sources = new Uint32Array(n * B);
  const labels = new Uint8Array(n);
  const masks = task === 'maj' ? new Uint8Array(n * B) : null;
  let off = 0;
  for (const p of parts) {
    sources.set(p.sources, off * B);
    labels.set(p.labels, off);
    if (masks) masks.set(p.masks!, off * B);
    off += p.n;
  }
  return new IndexedSequenceSet({ dataset: base.name, task, split: 'train', fold: null, sources, labels, masks, base });
}

/**
 * THE entry point: the SequenceSet of (base dataset, task, split[, fold]).
 * Deterministic: every seed is in seeds.ts. Cheap (a few ms; no pixels are copied).
 */
export function getSequenceSet(base: BaseDataset, spec: SequenceSpec): SequenceSet {
  const { task, split, fold } = spec;
  if (!TASK_NAMES.includes(task)) throw new Error(`unknown task "${task}"; valid: ${TASK_NAMES.join(', ')}`);
  if (!['train', 'val', 'test'].includes(split)) throw new Error(`unknown split "${split}"; valid: train, val, test`);
  if (fold === undefined) return plainSet(base, task, split);
  const k = spec.k ?? KFOLD_K;
  if (!Number.isInteger(fold) || fold < 0 || fold >= k) throw new RangeError(`fold must be an integer in 0…${k - 1}, got ${fold}`);
  const pooled = pooledSequences(base, task);
  const parts = foldIndices(stratifiedKFold(pooled.labels, k, SEEDS.kfold), fold);
  return pooled.subset(split === 'train' ? parts.train : parts.test, split, fold);
}
