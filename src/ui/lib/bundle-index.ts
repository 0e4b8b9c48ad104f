/**
 * The bundled pretrained models: public/models/index.json lists entries
 * {id, preset, dataset, task, T, path}, `path` being a folder (relative to index.json) with
 * model.json + weights.bin in the documented format (docs/model-format.md). The file may also be
 * {"models": [...]}. A missing, unreadable or empty index is not an error: the grid then uses
 * freshly initialised seeded weights, labelled "untrained (random weights)".
 *
 * Optional fields of an entry (the zoo of the thesis's ten cells × two datasets), read tolerantly:
 * a missing field, or one of the wrong type or out of range, is left undefined and the entry stays
 * usable.
 *   status          "trained" | "in-training" (a checkpoint of a run still going on)
 *   epochsDone      epochs trained so far; epochs: epochs planned
 *   testAccuracy    fraction 0…1 on the 10,000 test sequences
 *   thesisAccuracy  fraction 0…1: the thesis's Table 4.5 / 4.6 figure for the cell
 *   bar             fraction 0…1: the accuracy a model must reach to be used (thesis Table 4.2)
 *   eval            file name of the evaluation (format "rrx-zoo-eval", lib/zoo-eval.ts) in the folder
 */
import { PRESET_IDS, type PresetId } from '../../core/cells/presets';
import { DATASET_IDS, TASK_IDS, type DatasetId, type TaskId } from '../../protocol/messages';

export type BundleStatus = 'trained' | 'in-training';

export interface BundleEntry {
  id: string;
  preset: PresetId;
  dataset: DatasetId;
  task: TaskId;
  T: number;
  /** Absolute URL of the folder, ending in '/'. */
  url: string;
  status?: BundleStatus;
  epochsDone?: number;
  epochs?: number;
  /** Fraction 0…1 on the 10,000 test sequences. */
  testAccuracy?: number;
  /** Fraction 0…1: the thesis's figure for this cell and dataset (Tables 4.5, 4.6). */
  thesisAccuracy?: number;
  /** Fraction 0…1: the accuracy the model must reach to be used. */
  bar?: number;
  /** Absolute URL of the evaluation file (the entry's `eval`, resolved against its folder). */
  evalUrl?: string;
}

export type BundleIndex = { status: 'ready'; entries: BundleEntry[]; skipped: string[] } | { status: 'missing'; message: string };

const fraction = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1 ? v : undefined);
const count = (v: unknown): number | undefined => (Number.isInteger(v) && (v as number) >= 0 ? (v as number) : undefined);
/** A plain file name or relative path inside the model's folder (no '..', no scheme, no leading '/'). */
const relativeFile = (v: unknown): string | undefined =>
  typeof v === 'string' && /^[\w.-]+(\/[\w.-]+)*$/.test(v) && !v.split('/').some((p) => p === '..' || p === '.') ? v : undefined;

/** The optional zoo fields of an entry, each undefined when absent or malformed. */
function optionalFields(o: Record<string, unknown>, folder: string): Partial<BundleEntry> {
  const file = relativeFile(o.eval);
  const out: Partial<BundleEntry> = {
    status: o.status === 'trained' || o.status === 'in-training' ? o.status : undefined,
    epochsDone: count(o.epochsDone),
    epochs: count(o.epochs),
    testAccuracy: fraction(o.testAccuracy),
    thesisAccuracy: fraction(o.thesisAccuracy),
    bar: fraction(o.bar),
    evalUrl: file === undefined ? undefined : new URL(file, folder).href,
  };
  // Only the fields that are there: entries compare equal to their plain form in tests and logs.
  for (const k of Object.keys(out) as (keyof BundleEntry)[]) if (out[k] === undefined) delete out[k];
  return out;
}

/** Parses the index text; `base` is the URL of index.json (folder paths are resolved against it). */
export function parseBundleIndex(text: string, base: string): BundleIndex {
  if (/^\s*</.test(text)) return { status: 'missing', message: 'models/index.json not found' }; // an HTML fallback page
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { status: 'missing', message: 'models/index.json is not JSON' };
  }
  const list = Array.isArray(raw) ? raw : raw && typeof raw === 'object' && Array.isArray((raw as { models?: unknown }).models) ? (raw as { models: unknown[] }).models : null;
  if (!list) return { status: 'missing', message: 'models/index.json must be a list of models' };
  const entries: BundleEntry[] = [];
  const skipped: string[] = [];
  for (const [k, e] of list.entries()) {
    const o = (e && typeof e === 'object' ? e : {}) as Record<string, unknown>;
    const problem =
      typeof o.id !== 'string' || !/^[\w.-]{1,60}$/.test(o.id)
        ? 'id'
        : !(PRESET_IDS as readonly unknown[]).includes(o.preset)
          ? 'preset'
          : !(DATASET_IDS as readonly unknown[]).includes(o.dataset)
            ? 'dataset'
            : !(TASK_IDS as readonly unknown[]).includes(o.task)
              ? 'task'
              : !(Number.isInteger(o.T) && (o.T as number) > 0)
                ? 'T'
                : typeof o.path !== 'string' || !o.path
                  ? 'path'
                  : null;
    if (problem) {
      skipped.push(`entry ${k}: bad ${problem}`);
      continue;
    }
    const path = (o.path as string).endsWith('/') ? (o.path as string) : `${o.path as string}/`;
    const url = new URL(path, base).href;
    entries.push({ id: o.id as string, preset: o.preset as PresetId, dataset: o.dataset as DatasetId, task: o.task as TaskId, T: o.T as number, url, ...optionalFields(o, url) });
  }
  if (!entries.length) return { status: 'missing', message: list.length ? `models/index.json has no usable entry (${skipped.join('; ')})` : 'models/index.json is empty' };
  return { status: 'ready', entries, skipped };
}

/**
 * The bundled model for an architecture on a dataset (MAJ, T = 12), if any. Where the index lists
 * several, a finished one ("trained" or no status) comes before one still in training.
 */
export function bundledFor(entries: readonly BundleEntry[], preset: PresetId, dataset: DatasetId): BundleEntry | undefined {
  const fits = entries.filter((e) => e.preset === preset && e.dataset === dataset && e.task === 'maj' && e.T === 12);
  return fits.find((e) => e.status !== 'in-training') ?? fits[0];
}

/** Does the entry's test accuracy reach its bar? undefined when either is not given. */
export function meetsBar(e: Pick<BundleEntry, 'testAccuracy' | 'bar'>): boolean | undefined {
  return e.testAccuracy === undefined || e.bar === undefined ? undefined : e.testAccuracy >= e.bar;
}
