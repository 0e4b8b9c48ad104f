/**
 * How the page names a bundled model's standing (model cards, column headers, the comparison's
 * legend): its test accuracy beside the thesis's figure, whether it meets the bar, and whether its
 * training is still going on. Pure text, from the index entry (lib/bundle-index.ts).
 */
import { fmtPercent } from '../format';
import { meetsBar, type BundleEntry } from './bundle-index';

/** A fraction as a percentage without trailing zeros: 0.98 → "98 %", 0.974 → "97.4 %". */
export function fmtBar(x: number): string {
  return `${Number((100 * x).toFixed(2))} %`;
}

export interface AccuracyText {
  /** "98.12 % · thesis 98.16 %", "98.12 %", "thesis 98.16 %", or null when neither is known. */
  text: string | null;
  /** "meets the 98 % bar" / "below the 98 % bar", or null when the accuracy or the bar is unknown. */
  bar: string | null;
  meets: boolean | undefined;
}

/** The entry's test accuracy next to the thesis's; `fallback` (e.g. model.json's) stands in for a missing testAccuracy. */
export function accuracyText(e: BundleEntry, fallback?: number | null): AccuracyText {
  const test = e.testAccuracy ?? (fallback ?? undefined);
  const parts = [test !== undefined ? fmtPercent(test, 2) : null, e.thesisAccuracy !== undefined ? `thesis ${fmtPercent(e.thesisAccuracy, 2)}` : null].filter((p): p is string => p !== null);
  const meets = meetsBar({ testAccuracy: test, bar: e.bar });
  return {
    text: parts.length ? parts.join(' · ') : null,
    bar: meets === undefined ? null : `${meets ? 'meets' : 'below'} the ${fmtBar(e.bar!)} bar`,
    meets,
  };
}

/** "in training · 12 of 30 epochs" (as far as the index says), or null for a finished model. */
export function trainingText(e: BundleEntry): string | null {
  if (e.status !== 'in-training') return null;
  if (e.epochsDone === undefined) return 'in training';
  const n = e.epochs ?? e.epochsDone;
  return `in training · ${e.epochsDone}${e.epochs !== undefined ? ` of ${e.epochs}` : ''} epoch${n === 1 ? '' : 's'}`;
}
