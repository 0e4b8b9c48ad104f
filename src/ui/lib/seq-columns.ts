/**
 * The grid's columns in the sequence task (pure): the thesis's Experiment 1 (§4.2, Figures 4.4–4.6)
 * compares Shallow and Deep, each at T = 1, 4 and 7 steps over one 28 × 28 image, so the columns are
 * fixed: Shallow-1, Shallow-4, Shallow-7, Deep-1, Deep-4, Deep-7. Each uses the bundled model of the
 * zoo for that cell, T and dataset (index entries with task "seq", e.g. "shallow-mnist-seq4"), or
 * seeded random weights labelled "untrained" when the index has none.
 */
import { PRESETS, type PresetId } from '../../core/cells/presets';
import type { DatasetId } from '../../protocol/messages';
import type { Column } from '../store';
import type { BundleEntry } from './bundle-index';

/** The cells of Experiment 1, in the thesis's order. */
export const SEQ_PRESETS: readonly PresetId[] = ['shallow', 'deep'];
/** Their time steps: T column strips of 28 / T columns each. */
export const SEQ_STEPS: readonly number[] = [1, 4, 7];

/** The bundled model of a sequence-task cell, if any (a finished one before one still in training). */
export function bundledSeqFor(entries: readonly BundleEntry[], preset: PresetId, dataset: DatasetId, T: number): BundleEntry | undefined {
  const fits = entries.filter((e) => e.preset === preset && e.dataset === dataset && e.task === 'seq' && e.T === T);
  return fits.find((e) => e.status !== 'in-training') ?? fits[0];
}

/** The cell's name as the thesis writes it: "Shallow-4", "Deep-7". */
export function seqCellName(preset: PresetId, T: number): string {
  return `${PRESETS[preset].name}-${T}`;
}

/** The six columns: slot `b:<bundle id>` for a bundled model, else `i:<preset>-seq<T>` (seeded random weights). */
export function seqColumns(entries: readonly BundleEntry[], dataset: DatasetId): Column[] {
  return SEQ_PRESETS.flatMap((preset) =>
    SEQ_STEPS.map((T): Column => {
      const bundle = bundledSeqFor(entries, preset, dataset, T) ?? null;
      return { slot: bundle ? `b:${bundle.id}` : `i:${preset}-seq${T}`, kind: 'arch', preset, bundle, userId: null, task: 'seq', T };
    }),
  );
}

/** Which of the six cells have no bundled model on the dataset (names as seqCellName), in order. */
export function seqCellsWithoutModel(entries: readonly BundleEntry[], dataset: DatasetId): string[] {
  return SEQ_PRESETS.flatMap((preset) => SEQ_STEPS.filter((T) => !bundledSeqFor(entries, preset, dataset, T)).map((T) => seqCellName(preset, T)));
}
