/**
 * Parameter counts of a cell: the true number of scalars, and the figure the thesis reports
 * (thesis-code-facts.md §3).
 *
 *   true   = Σ over every weight tensor of its size (frozen zero biases included, as the thesis code's
 *            biases were variables too).
 *   thesis = Σ thesisCount (each R-LSTM gate bias [R] counts 1: §3.3 note B), minus, at T = 1, the rows
 *            of the cell-input matrices that multiply the previous state (§3.3 note A: the thesis's
 *            T = 1 figures 269,322 and 271,338 leave them out; at T = 1 r₀ = 0 so they never act).
 *
 * Note A is observed for Shallow and Deep only (the only cells the thesis reports at T = 1); this
 * module applies the same rule to every cell at T = 1 (for the R-LSTM: the R state rows of its four
 * [F+R]×R matrices). Away from T = 1 and the gate biases, thesis = true.
 */
import type { Cell } from './types';
import { cellLayout, type CellLayout } from './cellLayout';

export interface ParamCount {
  /** The thesis's figure (its code's count, with the T = 1 and gate-bias quirks). */
  thesis: number;
  /** Every scalar of every weight tensor. */
  true: number;
}

/** Rows × columns of the cell-input matrices that multiply the previous state (0 unless T = 1). */
export function t1StateRows(layout: CellLayout): number {
  if (layout.T !== 1) return 0;
  const core = layout.core;
  if (core.kind === 'lstm') return 4 * core.units * core.units;
  return core.state * core.hidden;
}

/** Count the parameters of a cell (see the module comment for the two figures). */
export function countParams(cell: Pick<Cell, 'options' | 'params'>): ParamCount {
  let trueCount = 0;
  let thesis = 0;
  for (const p of cell.params) {
    trueCount += p.shape.reduce((a, b) => a * b, 1);
    thesis += p.thesisCount;
  }
  return { thesis: thesis - t1StateRows(cellLayout(cell.options)), true: trueCount };
}
