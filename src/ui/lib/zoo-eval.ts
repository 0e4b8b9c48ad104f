/**
 * A zoo model's evaluation file (format "rrx-zoo-eval", version 1; `eval` of its index entry, e.g.
 * public/models/deep-mnist-maj/eval.json): accuracy on a split and, per explanation method, the
 * statistics of `rrx eval` (docs/cli.md) over all sequences and over the correctly classified ones.
 *
 *   { format, version, id, preset, dataset, task, T, split, n, accuracy, correct,
 *     model: {epochsDone, iterations},
 *     methods: [{ id, label, params, all: Group, correct: Group }] }
 *   Group = { n, cosine: Stat, majorityShare: Stat, adjustedMajorityShare: Stat,
 *             conservation: {maxError, maxRelativeError, meanError} }
 *   Stat  = { mean, lo, hi, n }  (95% Student-t interval [lo, hi]; any of them may be null)
 *
 * The reader is strict about what identifies the file (format, version, preset, dataset, the
 * method list) and tolerant about the numbers: a missing or non-numeric statistic reads as null.
 */
import { PRESET_IDS, type PresetId } from '../../core/cells/presets';
import { DATASET_IDS, type DatasetId } from '../../protocol/messages';

export const ZOO_EVAL_FORMAT = 'rrx-zoo-eval';
export const ZOO_EVAL_VERSION = 1;

/** Mean with its 95% interval over n values; null where the file has none (e.g. n < 2). */
export interface EvalStat {
  mean: number | null;
  lo: number | null;
  hi: number | null;
  n: number | null;
}

export interface EvalGroup {
  n: number | null;
  cosine: EvalStat;
  majorityShare: EvalStat;
  adjustedMajorityShare: EvalStat;
  conservation: { maxError: number | null; maxRelativeError: number | null; meanError: number | null };
}

export interface EvalMethod {
  /** Method id of the registry (core/explain/methods-catalog.ts). */
  id: string;
  label: string;
  params: Record<string, unknown>;
  all: EvalGroup;
  correct: EvalGroup;
}

export interface ZooEval {
  id: string;
  preset: PresetId;
  dataset: DatasetId;
  task: string;
  T: number | null;
  split: string;
  n: number | null;
  accuracy: number | null;
  correct: number | null;
  model: { epochsDone: number | null; iterations: number | null };
  methods: EvalMethod[];
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

function stat(v: unknown): EvalStat {
  const o = obj(v);
  return { mean: num(o.mean), lo: num(o.lo), hi: num(o.hi), n: num(o.n) };
}

function group(v: unknown): EvalGroup {
  const o = obj(v);
  const c = obj(o.conservation);
  return {
    n: num(o.n),
    cosine: stat(o.cosine),
    majorityShare: stat(o.majorityShare),
    adjustedMajorityShare: stat(o.adjustedMajorityShare),
    conservation: { maxError: num(c.maxError), maxRelativeError: num(c.maxRelativeError), meanError: num(c.meanError) },
  };
}

/** Parses an evaluation file's text; an error names what is wrong. */
export function parseZooEval(text: string): { ok: true; eval: ZooEval } | { ok: false; error: string } {
  if (/^\s*</.test(text)) return { ok: false, error: 'not found' }; // an HTML fallback page
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: 'not JSON' };
  }
  const o = obj(raw);
  if (o.format !== ZOO_EVAL_FORMAT) return { ok: false, error: `format is ${JSON.stringify(o.format ?? null)}, expected "${ZOO_EVAL_FORMAT}"` };
  if (o.version !== ZOO_EVAL_VERSION) return { ok: false, error: `version ${JSON.stringify(o.version ?? null)} is not supported (expected ${ZOO_EVAL_VERSION})` };
  if (!(PRESET_IDS as readonly unknown[]).includes(o.preset)) return { ok: false, error: `unknown preset ${JSON.stringify(o.preset ?? null)}` };
  if (!(DATASET_IDS as readonly unknown[]).includes(o.dataset)) return { ok: false, error: `unknown dataset ${JSON.stringify(o.dataset ?? null)}` };
  if (!Array.isArray(o.methods)) return { ok: false, error: 'no "methods" list' };
  const methods: EvalMethod[] = [];
  for (const [k, m] of o.methods.entries()) {
    const mo = obj(m);
    if (typeof mo.id !== 'string' || !mo.id) return { ok: false, error: `method ${k} has no id` };
    methods.push({ id: mo.id, label: typeof mo.label === 'string' ? mo.label : mo.id, params: obj(mo.params), all: group(mo.all), correct: group(mo.correct) });
  }
  const model = obj(o.model);
  return {
    ok: true,
    eval: {
      id: typeof o.id === 'string' ? o.id : '',
      preset: o.preset as PresetId,
      dataset: o.dataset as DatasetId,
      task: typeof o.task === 'string' ? o.task : 'maj',
      T: num(o.T),
      split: typeof o.split === 'string' ? o.split : 'test',
      n: num(o.n),
      accuracy: num(o.accuracy),
      correct: num(o.correct),
      model: { epochsDone: num(model.epochsDone), iterations: num(model.iterations) },
      methods,
    },
  };
}
