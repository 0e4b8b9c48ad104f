/**
 * The faithfulness checks an evaluation job runs (docs/methods.md): region perturbation (AOPC) and
 * cascading randomisation on the first test sequences, as plain plan data. Shared by the zoo's and
 * the study's plans; `rrx eval --aopc … --randomisation …` runs the same checks.
 */

/** Region perturbation (AOPC) and cascading randomisation on the first test sequences; 0 sequences: off. */
export interface JobFaithfulness {
  aopcN: number;
  aopcSteps: number;
  patch: number;
  fill: 'background' | 'noise';
  randomisationN: number;
}

/**
 * Checks the `faithfulness` entry of a parsed plan: null, or counts in 0…1,000,000, a patch side
 * dividing 28 and fill background|noise. `undefined` (a plan from before the entry existed) reads as null.
 */
export function checkFaithfulness(f: unknown, fail: (msg: string) => never): JobFaithfulness | null {
  if (f === undefined || f === null) return null;
  const x = f as Partial<JobFaithfulness>;
  const cnt = (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 1_000_000;
  if (typeof x !== 'object' || !cnt(x.aopcN) || !cnt(x.aopcSteps) || !cnt(x.randomisationN) || !(Number.isInteger(x.patch) && 28 % x.patch! === 0) || (x.fill !== 'background' && x.fill !== 'noise')) {
    fail('faithfulness must be null or {aopcN, aopcSteps, patch (dividing 28), fill: background|noise, randomisationN}');
  }
  return x as JobFaithfulness;
}
