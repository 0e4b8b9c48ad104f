/**
 * The words under a heatmap: the cosine score, or "n/a" with the reason it is undefined, and the
 * conservation figure in plain words (the precise ΣR and relu(y_c) for the tooltip).
 *
 * The cosine (facts §7.3) compares the block shares of the positive relevance with the mask. It is
 * undefined — the core reports null, or the thesis's convention 0 — when
 *  - no class appears twice: there is no mask (cosine null);
 *  - the heatmap has no positive relevance: every share is 0. For the LRP methods that is the case
 *    whenever the explained class's logit is ≤ 0, since they start from relu(y_c) = 0 (facts §5.5).
 */
import { fmtSci } from '../format';

/** What a cell needs (a GridCell of the protocol). */
export interface ScoreInput {
  cosine: number | null;
  blockShares: number[];
  conservation: { sum: number; logit: number; target: number; error: number };
}

/** How a method's relevance relates to the logit. */
export interface MethodKind {
  /** LRP methods redistribute relu(y_c) (relevance in units of the logit). */
  family: 'gradient' | 'lrp';
  /** Σ R = relu(y_c) holds (up to the stabilisers). */
  conserves: boolean;
  /** Relevance in units of the logit: LRP methods and gradient × input (Σ R is comparable to y_c). */
  inLogitUnits: boolean;
}

export interface CosineView {
  /** The score, or null when undefined. */
  value: number | null;
  /** "0.731" or "n/a". */
  text: string;
  /** Why it is n/a, in plain words; null when defined. */
  reason: string | null;
  /** The reason in a few words, for under a heatmap; null when defined. */
  short: string | null;
}

/** The cosine as the page shows it. */
export function cosineView(cell: ScoreInput, method: MethodKind): CosineView {
  if (cell.cosine === null) return { value: null, text: 'n/a', reason: 'no class appears twice, so there are no label blocks to compare with', short: 'no class appears twice' };
  if (!cell.blockShares.some((v) => v > 0)) {
    const y = cell.conservation.logit;
    if (method.family === 'lrp' && y <= 0) {
      const reason = `the explained class's output is ${fmtSci(y)} ≤ 0: LRP starts from relu(y) = 0, so the heatmap is empty`;
      return { value: null, text: 'n/a', reason, short: `output ${fmtSci(y)} ≤ 0, nothing to explain` };
    }
    return { value: null, text: 'n/a', reason: 'the heatmap has no positive relevance to share among the blocks', short: 'no positive relevance' };
  }
  return { value: cell.cosine, text: cell.cosine.toFixed(3), reason: null, short: null };
}

export interface ConservationView {
  /** Plain words, e.g. "total 100 % of output", "total 22.5 · output 18". */
  text: string;
  /** The precise figures, e.g. "ΣR 18 · relu(y) 18" (the tooltip and the tests read it). */
  figure: string;
  /** A sentence for the tooltip. */
  title: string;
}

/** Σ R against the explained output, in plain words. */
export function conservationView(cell: ScoreInput, method: MethodKind): ConservationView {
  const { sum, logit, target, error } = cell.conservation;
  const figure = `ΣR ${fmtSci(sum)} · relu(y) ${fmtSci(target)}`;
  const exact = `Σ of the heatmap ΣR = ${fmtSci(sum)}; the explained class's output y = ${fmtSci(logit)}, relu(y) = ${fmtSci(target)}; |ΣR − relu(y)| = ${fmtSci(error)}.`;
  if (method.inLogitUnits && target > 0) {
    const pct = (100 * sum) / target;
    const text = `total ${Math.abs(pct - 100) < 0.05 ? '100' : pct.toFixed(1)} % of output`;
    const what = method.conserves
      ? 'A conservative method: the heatmap adds up to the output it explains.'
      : 'The heatmap need not add up to the output for this method.';
    return { text, figure, title: `${what} ${exact}` };
  }
  if (method.family === 'lrp') {
    return { text: `total ${fmtSci(sum)} · output ${fmtSci(logit)}`, figure, title: `LRP starts from relu(y) = 0 when the output is ≤ 0: there is nothing to spread. ${exact}` };
  }
  const text = `total ${fmtSci(sum)} · output ${fmtSci(logit)}`;
  if (method.inLogitUnits) return { text, figure, title: `The output is ≤ 0, so the total is no share of it. ${exact}` };
  return { text, figure, title: `Not a share of the output: this method's heatmap is a squared gradient (its total is ‖∇y‖², not y). ${exact}` };
}
