/**
 * The bundled pretrained models: public/models/index.json lists entries
 * {id, preset, dataset, task, T, path}, `path` being a folder (relative to index.json) with
 * model.json + weights.bin in the documented format (docs/model-format.md). The file may also be
 * {"models": [...]}. A missing, unreadable or empty index is not an error: the grid then uses
 * freshly initialised seeded weights, labelled "untrained (random weights)".
 */
import { PRESET_IDS, type PresetId } from '../../core/cells/presets';
import { DATASET_IDS, TASK_IDS, type DatasetId, type TaskId } from '../../protocol/messages';

export interface BundleEntry {
  id: string;
  preset: PresetId;
  dataset: DatasetId;
  task: TaskId;
  T: number;
  /** Absolute URL of the folder, ending in '/'. */
  url: string;
}

export type BundleIndex = { status: 'ready'; entries: BundleEntry[]; skipped: string[] } | { status: 'missing'; message: string };

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
    const o = (e ?? {}) as Record<string, unknown>;
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
    entries.push({ id: o.id as string, preset: o.preset as PresetId, dataset: o.dataset as DatasetId, task: o.task as TaskId, T: o.T as number, url: new URL(path, base).href });
  }
  if (!entries.length) return { status: 'missing', message: list.length ? `models/index.json has no usable entry (${skipped.join('; ')})` : 'models/index.json is empty' };
  return { status: 'ready', entries, skipped };
}

/** The bundled model for an architecture on a dataset (MAJ), if any. */
export function bundledFor(entries: readonly BundleEntry[], preset: PresetId, dataset: DatasetId): BundleEntry | undefined {
  return entries.find((e) => e.preset === preset && e.dataset === dataset && e.task === 'maj' && e.T === 12);
}
