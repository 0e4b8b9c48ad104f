/**
 * The architecture comparison (after the thesis's Figure 4.12) as plain data: for one dataset,
 * one group per explanation method, within it one bar per thesis cell whose bundled model has an
 * evaluation file, bar = mean cosine to the majority mask over all evaluated sequences with its
 * 95% interval. The React chart (components/compare/) only draws what this returns.
 */
import { PRESETS, THESIS_CELLS, type PresetId } from '../../core/cells/presets';
import { findMethod } from '../../core/explain/methods-catalog';
import { ZOO_METHOD_SHORT, ZOO_METHODS } from '../../core/zoo/thesis';
import type { DatasetId } from '../../protocol/messages';
import { bundledFor, type BundleEntry } from './bundle-index';
import type { EvalMethod, EvalStat, ZooEval } from './zoo-eval';

/** A method group of the chart: the grid's method spec and the thesis figure's short name. */
export interface ComparisonGroup {
  spec: string;
  short: string;
}

/** The five groups, in the thesis's order (simple Taylor = gradient × input). */
export const COMPARISON_GROUPS: readonly ComparisonGroup[] = ZOO_METHODS.map((m) => ({
  spec: m === 'lrp-alpha-beta' ? 'lrp-alpha-beta:a1.5b0.5' : m,
  short: ZOO_METHOD_SHORT[m],
}));

/**
 * One colour per thesis cell, the same on both datasets: Paul Tol's "muted" scheme (designed to stay
 * distinct under the common colour-vision deficiencies, and printed on white) and a dark grey for
 * the tenth. Colour is never the only cue: the bars keep the legend's order in every group and
 * each bar names its cell.
 */
export const CELL_COLORS: Readonly<Record<PresetId, string>> = {
  shallow: '#332288',
  deep: '#88ccee',
  'deep-v2': '#44aa99',
  'conv-deep': '#117733',
  'conv-plus-deep': '#999933',
  'r-lstm': '#ddcc77',
  'deep-sd': '#cc6677',
  'r-lstm-sd': '#882255',
  'conv-r-lstm-sd': '#aa4499',
  'conv-plus-r-lstm-sd': '#555555',
  // not in the thesis's MAJ experiments (never shown in the comparison)
  'conv-r-lstm': '#777777',
  'conv-plus-r-lstm': '#777777',
};

/** What the page knows of one evaluation file. */
export type EvalLoad = { status: 'loading' } | { status: 'ready'; eval: ZooEval } | { status: 'error'; error: string };

export interface ComparisonCell {
  preset: PresetId;
  name: string;
  color: string;
  entry: BundleEntry;
  /** Accuracy of the evaluation and the number of sequences it ran on. */
  accuracy: number | null;
  n: number | null;
  split: string;
}

export interface ComparisonBar {
  /** Index into COMPARISON_GROUPS. */
  group: number;
  spec: string;
  preset: PresetId;
  entryId: string;
  /** Mean cosine over all evaluated sequences and its 95% interval (null where the file has none). */
  cosine: EvalStat;
}

/** A thesis cell that has no bar, and why. */
export interface ComparisonGap {
  preset: PresetId;
  name: string;
  reason: string;
}

export interface ComparisonChart {
  dataset: DatasetId;
  groups: readonly ComparisonGroup[];
  /** The cells with an evaluation, in the thesis's order. */
  cells: ComparisonCell[];
  /** Group-major: every cell's bar for group 0, then group 1, … (absent where the file lacks the method). */
  bars: ComparisonBar[];
  gaps: ComparisonGap[];
  /** Evaluation files still loading. */
  loading: number;
}

/** Does an evaluated method (id + parameters) answer a grid method spec ('id' or 'id:preset')? */
export function evalMatchesSpec(m: Pick<EvalMethod, 'id' | 'params'>, spec: string): boolean {
  const [id, presetId] = spec.split(':');
  if (m.id !== id) return false;
  if (presetId === undefined) return true;
  const d = findMethod(id);
  const preset = d?.presets.find((p) => p.id === presetId);
  if (!d || !preset) return false;
  return Object.entries(preset.params).every(([k, want]) => {
    const got = m.params[k] ?? d.params.find((p) => p.name === k)?.default;
    return typeof want === 'number' && typeof got === 'number' ? Math.abs(got - want) < 1e-9 : got === want;
  });
}

/**
 * The chart for `dataset`: the thesis cells (in the thesis's order) whose bundled model on the
 * dataset has a loaded evaluation, their bars per method group, and the cells left out with the
 * reason (no bundled model, no evaluation, still loading, unreadable file).
 */
export function comparisonChart(entries: readonly BundleEntry[], evals: Readonly<Record<string, EvalLoad>>, dataset: DatasetId): ComparisonChart {
  const cells: ComparisonCell[] = [];
  const gaps: ComparisonGap[] = [];
  const perCell: ZooEval[] = [];
  let loading = 0;
  for (const preset of THESIS_CELLS) {
    const name = PRESETS[preset].name;
    const entry = bundledFor(entries, preset, dataset);
    const gap = (reason: string) => gaps.push({ preset, name, reason });
    if (!entry) {
      gap('no bundled model');
      continue;
    }
    if (!entry.evalUrl) {
      gap(entry.status === 'in-training' ? 'in training, not evaluated yet' : 'not evaluated yet');
      continue;
    }
    const load = evals[entry.id];
    if (!load || load.status === 'loading') {
      loading++;
      gap('loading its evaluation…');
      continue;
    }
    if (load.status === 'error') {
      gap(`its evaluation could not be read (${load.error})`);
      continue;
    }
    const ev = load.eval;
    if (ev.preset !== preset || ev.dataset !== dataset) {
      gap(`its evaluation is for ${ev.preset} on ${ev.dataset}`);
      continue;
    }
    cells.push({ preset, name, color: CELL_COLORS[preset], entry, accuracy: ev.accuracy, n: ev.n ?? ev.methods[0]?.all.n ?? null, split: ev.split });
    perCell.push(ev);
  }
  const bars: ComparisonBar[] = [];
  COMPARISON_GROUPS.forEach((g, group) => {
    cells.forEach((c, k) => {
      const m = perCell[k].methods.find((x) => evalMatchesSpec(x, g.spec));
      if (m) bars.push({ group, spec: g.spec, preset: c.preset, entryId: c.entry.id, cosine: m.all.cosine });
    });
  });
  return { dataset, groups: COMPARISON_GROUPS, cells, bars, gaps, loading };
}
