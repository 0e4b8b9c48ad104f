/**
 * The static structure of a cell: which encoder, core and head it has, and every layer size.
 * Pure arithmetic (no TF.js): the parameter specs, the forward pass, the float64 replicas and the
 * parameter counts all read their sizes from here, so that they cannot disagree.
 *
 * Sizes follow thesis-code-facts.md §2 (the released models):
 *   shallow         no encoder | shallow core (hidden 256, state 256)          | linear head
 *   deep            dense 256  | deep core (hidden 128, state 256)             | deep head (32, 10)
 *   deep-v2         dense 128 → 256 | deep core                                | deep head
 *   conv-deep       conv 5×5×24, pool, conv 3×3×32, pool, dense 128 | deep core  | deep head
 *   conv-plus-deep  the same conv stack with literal connections (conv1 25 → 24, conv2 56 → 32)
 *   r-lstm          dense 256  | R-LSTM (R = 72)                              | linear head
 *   conv-r-lstm     conv stack, dense 128 | R-LSTM (R = 96)                   | linear head
 *   conv-plus-r-lstm  Conv⁺ stack, dense 128 | R-LSTM (R = 96)                 | linear head
 */
import type { ArchId, CellOptions } from './types';
import { ARCH_IDS } from './types';

/** Image height in rows (every task). */
export const HEIGHT = 28;
/** Number of classes (real logits; the 11th pseudo-class is the training code's business). */
export const CLASSES = 10;

export type EncoderLayout =
  | { kind: 'none' }
  /** Dense ReLU layers d → sizes[0] → sizes[1] …; the last size is F. */
  | { kind: 'dense'; sizes: number[] }
  | {
      kind: 'conv';
      /** Conv⁺: the previous step's conv1 / conv2 ReLU outputs are extra input channels. */
      plus: boolean;
      /** conv1: 5×5, cin1 → 24 (cin1 = 1, or 25 for Conv⁺). */
      k1: number;
      cin1: number;
      ch1: number;
      /** conv2: 3×3, cin2 → 32 (cin2 = 24, or 56 for Conv⁺). */
      k2: number;
      cin2: number;
      ch2: number;
      /** Column widths after pool1 and pool2: ceil(c/2), ceil(c/4). Rows: 28 → 14 → 7. */
      w1: number;
      w2: number;
      /** Flattened p2: 7 · w2 · 32. */
      flat: number;
      /** Dense ReLU layer on the flattened features ("input_1"). */
      units: number;
    };

export type CoreLayout =
  /** h = relu([x, r] W_in) (hidden), r = relu(h W_rec) (state). */
  | { kind: 'shallow'; input: number; hidden: number; state: number }
  /** h = relu([u, r] W_ic) (hidden), r = relu(h W_rec) (state). */
  | { kind: 'deep'; input: number; hidden: number; state: number }
  /** R-LSTM with R units on xr = [u, h]. */
  | { kind: 'lstm'; input: number; units: number };

export type HeadLayout =
  /** y = h_T W_out. */
  | { kind: 'linear'; input: number }
  /** o = relu(h_T W_o1), y = o W_o2. */
  | { kind: 'deep'; input: number; hidden: number };

export interface CellLayout {
  arch: ArchId;
  T: number;
  width: number;
  /** Columns per step, width / T. */
  c: number;
  /** Pixels per step, 28 · c. */
  d: number;
  encoder: EncoderLayout;
  core: CoreLayout;
  head: HeadLayout;
}

/** Default R-LSTM widths (§2.6, §2.9): 72 for r-lstm, 96 for the conv variants. */
export function defaultLstmUnits(arch: ArchId): number | undefined {
  if (arch === 'r-lstm') return 72;
  if (arch === 'conv-r-lstm' || arch === 'conv-plus-r-lstm') return 96;
  return undefined;
}

/** True for the three R-LSTM architectures. */
export function isLstmArch(arch: ArchId): boolean {
  return defaultLstmUnits(arch) !== undefined;
}

/**
 * Check the options and derive the layout. Throws a clear error for an unknown arch, a T that does
 * not divide the width, a keep probability outside (0, 1] or a bad lstmUnits.
 */
export function cellLayout(options: CellOptions): CellLayout {
  const { arch, T, width } = options;
  if (!(ARCH_IDS as readonly string[]).includes(arch)) {
    throw new Error(`unknown architecture "${arch}"; valid: ${ARCH_IDS.join(', ')}`);
  }
  if (!Number.isInteger(width) || width < 1) throw new Error(`width must be a positive integer, got ${width}`);
  if (!Number.isInteger(T) || T < 1 || width % T !== 0) {
    throw new Error(`T = ${T} must be a positive integer that divides the width ${width}`);
  }
  if (!(options.keepProb > 0 && options.keepProb <= 1)) throw new Error(`keepProb must lie in (0, 1], got ${options.keepProb}`);
  if (options.bias !== 'zero' && options.bias !== 'softplus') throw new Error(`bias must be "zero" or "softplus", got "${options.bias}"`);
  if (options.dropout !== 'standard' && options.dropout !== 'stationary') {
    throw new Error(`dropout must be "standard" or "stationary", got "${options.dropout}"`);
  }
  const c = width / T;
  const d = HEIGHT * c;

  const convEncoder = (plus: boolean): EncoderLayout => {
    const w1 = Math.ceil(c / 2);
    const w2 = Math.ceil(w1 / 2);
    const ch1 = 24;
    const ch2 = 32;
    return {
      kind: 'conv',
      plus,
      k1: 5,
      cin1: plus ? 1 + ch1 : 1,
      ch1,
      k2: 3,
      cin2: plus ? ch1 + ch2 : ch1,
      ch2,
      w1,
      w2,
      flat: (HEIGHT / 4) * w2 * ch2,
      units: 128,
    };
  };
  const deepCore = (input: number): CoreLayout => ({ kind: 'deep', input, hidden: 128, state: 256 });
  const deepHead: HeadLayout = { kind: 'deep', input: 128, hidden: 32 };
  const lstm = (input: number): CoreLayout => {
    const units = options.lstmUnits ?? defaultLstmUnits(arch)!;
    if (!Number.isInteger(units) || units < 1) throw new Error(`lstmUnits must be a positive integer, got ${units}`);
    return { kind: 'lstm', input, units };
  };

  let encoder: EncoderLayout;
  let core: CoreLayout;
  switch (arch) {
    case 'shallow':
      encoder = { kind: 'none' };
      core = { kind: 'shallow', input: d, hidden: 256, state: 256 };
      break;
    case 'deep':
      encoder = { kind: 'dense', sizes: [256] };
      core = deepCore(256);
      break;
    case 'deep-v2':
      encoder = { kind: 'dense', sizes: [128, 256] };
      core = deepCore(256);
      break;
    case 'conv-deep':
    case 'conv-plus-deep':
      encoder = convEncoder(arch === 'conv-plus-deep');
      core = deepCore(128);
      break;
    case 'r-lstm':
      encoder = { kind: 'dense', sizes: [256] };
      core = lstm(256);
      break;
    case 'conv-r-lstm':
    case 'conv-plus-r-lstm':
      encoder = convEncoder(arch === 'conv-plus-r-lstm');
      core = lstm(128);
      break;
  }
  const head: HeadLayout =
    core.kind === 'deep' ? deepHead : { kind: 'linear', input: core.kind === 'shallow' ? core.hidden : core.units };
  return { arch, T, width, c, d, encoder, core, head };
}
