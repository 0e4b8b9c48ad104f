/**
 * A study job's evaluation file (`<run dir>/eval.json`, format "rrx-study-eval"; docs/study.md), and
 * the few figures of it that the report uses, read defensively: a file that is not a finished
 * evaluation of its job is reported as a problem, never averaged in.
 */
import type { StudyJob } from './plan';

/** The metrics a study can test, per method: `rrx eval`'s cosine and shares, and the AOPC. */
export const STUDY_METRICS = ['cosine', 'majority-share', 'adjusted-share', 'aopc'] as const;
export type StudyMetric = (typeof STUDY_METRICS)[number];

/** What the report takes from one job's eval.json. */
export interface JobFigures {
  /** Accuracy on the evaluated held-out sequences. */
  accuracy: number;
  /** Held-out sequences evaluated. */
  n: number;
  /** Per method id, per metric: the mean over the evaluated sequences (all of them, not only the correct), or null. */
  methods: Record<string, Record<StudyMetric, number | null>>;
  weightsSha256: string;
  trainSeconds: number | null;
  evalSeconds: number | null;
}

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const obj = (x: unknown): Record<string, unknown> | null => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : null);

/**
 * The figures of a parsed eval.json, checked against its job (format, index, id, fold, every plan
 * method present). Throws one line naming the first problem.
 */
export function jobFigures(doc: unknown, job: StudyJob, methods: readonly string[]): JobFigures {
  const fail = (msg: string): never => {
    throw new Error(`job ${job.index} (${job.id}) eval.json: ${msg}`);
  };
  const d = obj(doc) ?? fail('not a JSON object');
  if (d.format !== 'rrx-study-eval' || d.version !== 1) fail('not an rrx-study-eval version 1 document');
  if (d.index !== job.index || d.id !== job.id || d.fold !== job.fold || d.cell !== job.cell || d.dataset !== job.dataset) {
    fail(`it evaluates job ${String(d.index)} (${String(d.id)}), not this one`);
  }
  const accuracy = num(d.accuracy);
  const n = num(d.n);
  if (accuracy === null || accuracy < 0 || accuracy > 1 || n === null || n < 1) fail('accuracy or n is missing or out of range');
  const model = obj(d.model);
  const sha = model?.weightsSha256;
  if (typeof sha !== 'string') fail('model.weightsSha256 is missing');
  const list = Array.isArray(d.methods) ? (d.methods as unknown[]).map(obj) : [];
  const aopc = obj(obj(d.faithfulness)?.aopc);
  const aopcList = Array.isArray(aopc?.methods) ? (aopc!.methods as unknown[]).map(obj) : [];
  const out: JobFigures['methods'] = {};
  for (const spec of methods) {
    const id = spec.split(':')[0];
    const m = list.find((x) => x?.spec === spec) ?? list.find((x) => x?.id === id);
    if (!m) fail(`method ${spec} is missing`);
    const all = obj(m!.all);
    const mean = (k: string) => num(obj(all?.[k])?.mean);
    const a = aopcList.find((x) => x?.spec === spec) ?? aopcList.find((x) => x?.id === id);
    out[spec] = { cosine: mean('cosine'), 'majority-share': mean('majorityShare'), 'adjusted-share': mean('adjustedMajorityShare'), aopc: num(obj(a?.morf)?.mean) };
  }
  return { accuracy: accuracy!, n: n!, methods: out, weightsSha256: sha as string, trainSeconds: num(model!.wallTimeSeconds), evalSeconds: num(d.seconds) };
}
