/**
 * The shareable view in the URL, (de)serialised by one table (after TF Playground's state.ts):
 * each row names a query key, how to read it, how to write it and its default. Values equal to the
 * default are left out of the URL; unknown or malformed values fall back to the default.
 *
 *   ?dataset=mnist|fashion        the dataset
 *   ?task=seq                     the sequence task (Experiment 1: one image, Shallow and Deep at T = 1, 4, 7); default MAJ
 *   ?index=N                      the MAJ test sequence (sequence task: the test image)
 *   ?blocks=B.B.B                 the three blocks when the sequence was edited (see BlockToken); one block (B) for the sequence task
 *   ?arch=deep,r-lstm-sd          the architectures (grid columns; '-' for none)
 *   ?user=id,…                    models of this browser (trained or uploaded) as extra columns
 *   ?methods=spec,…               the grid's rows (method specs)
 *   ?pos=1                        positive relevance only
 *   ?view=compare                 the architecture comparison instead of the explorer
 *   ?cmp=mnist|fashion            the comparison's dataset when it differs from `dataset`
 *   ?present=1                    presentation mode (larger type and controls, for a projector)
 *   ?backend=webgpu|webgl|wasm|cpu  force a TF.js backend in the worker
 *   ?candidates=webgpu,wasm       the backends the worker measures and chooses among (software ones too)
 *   ?mirror=1                     a second grid worker on CPU backends (src/ui/grid-mirror.ts; many-core machines)
 *   ?test=1                       expose the test API (window.__rrx) for the e2e tests
 */
import { PRESET_IDS, type PresetId } from '../core/cells/presets';
import { BACKEND_NAMES, DATASET_IDS, TASK_IDS, type BackendName, type DatasetId, type TaskId } from '../protocol/messages';
import { decodeGrey, encodeGrey } from './lib/block-codec';
import { DEFAULT_METHODS, isMethodSpec } from './lib/methods';

/**
 * One block of an edited sequence: its stated class (null: not stated) and either a test image of
 * the base dataset by global index (unchanged), or its grey levels (drawn or edited).
 * Written `<class or x>t<index>` or `<class or x>p<encodeGrey>`.
 */
export type BlockToken = { label: number | null } & ({ kind: 'image'; baseIndex: number } | { kind: 'pixels'; pixels: Uint8Array });

/** The page's two views: the explorer (sequence, grid, models, training) and the architecture comparison. */
export type ViewTab = 'explore' | 'compare';

export interface UrlState {
  dataset: DatasetId;
  /** MAJ (three images, the grid's architectures) or the sequence task (one image; Shallow and Deep at T = 1, 4, 7). */
  task: TaskId;
  index: number;
  /** null: the test sequence `index` as it is. */
  blocks: BlockToken[] | null;
  arch: PresetId[];
  user: string[];
  methods: string[];
  positiveOnly: boolean;
  view: ViewTab;
  /** The comparison's dataset; null: the same as `dataset`. */
  compareDataset: DatasetId | null;
  /** Presentation mode: larger type and controls (a lecture hall's projector). */
  present: boolean;
  backend: BackendName | null;
  /** Backends the worker measures and chooses among (diagnostics and tests), or null: its own candidates. */
  candidates: BackendName[] | null;
  /** A second grid worker on CPU backends (src/ui/grid-mirror.ts): off unless ?mirror=1 (slower on 2 cores). */
  mirror: boolean;
  test: boolean;
}

export const DEFAULT_ARCH: readonly PresetId[] = ['deep', 'r-lstm-sd'];

export const DEFAULT_URL_STATE: Readonly<UrlState> = {
  dataset: 'mnist',
  task: 'maj',
  index: 0,
  blocks: null,
  arch: [...DEFAULT_ARCH],
  user: [],
  methods: [...DEFAULT_METHODS],
  positiveOnly: false,
  view: 'explore',
  compareDataset: null,
  present: false,
  backend: null,
  candidates: null,
  mirror: false,
  test: false,
};

interface Field<K extends keyof UrlState> {
  key: K;
  /** Query parameter name. */
  param: string;
  read(text: string): UrlState[K] | undefined;
  write(value: UrlState[K]): string;
}

const oneOf =
  <T extends string>(list: readonly T[]) =>
  (t: string): T | undefined =>
    (list as readonly string[]).includes(t) ? (t as T) : undefined;

/** A comma list whose items all pass `ok`, without duplicates; an empty or bad list reads as undefined. */
const listOf =
  <T extends string>(ok: (s: string) => boolean, max: number) =>
  (t: string): T[] | undefined => {
    const items = t.split(',').filter(Boolean);
    if (!items.length || items.length > max || !items.every(ok) || new Set(items).size !== items.length) return undefined;
    return items as T[];
  };

const BLOCK = /^([0-9x])(t(\d{1,6})|p([A-Za-z0-9_-]+))$/;

/** Three tokens (MAJ) or one (the sequence task's image); which the task needs is checked when they are opened. */
export function readBlocks(t: string): BlockToken[] | undefined {
  const parts = t.split('.');
  if (parts.length !== 3 && parts.length !== 1) return undefined;
  const out: BlockToken[] = [];
  for (const p of parts) {
    const m = BLOCK.exec(p);
    if (!m) return undefined;
    const label = m[1] === 'x' ? null : Number(m[1]);
    if (m[3] !== undefined) out.push({ label, kind: 'image', baseIndex: Number(m[3]) });
    else {
      const pixels = decodeGrey(m[4], 784);
      if (!pixels) return undefined;
      out.push({ label, kind: 'pixels', pixels });
    }
  }
  return out;
}

export function writeBlocks(blocks: BlockToken[]): string {
  return blocks.map((b) => `${b.label ?? 'x'}${b.kind === 'image' ? `t${b.baseIndex}` : `p${encodeGrey(b.pixels)}`}`).join('.');
}

/** THE table: one row per part of the shareable state. */
const FIELDS: { [K in keyof UrlState]: Field<K> }[keyof UrlState][] = [
  { key: 'dataset', param: 'dataset', read: oneOf(DATASET_IDS), write: (v) => v },
  { key: 'task', param: 'task', read: oneOf(TASK_IDS), write: (v) => v },
  { key: 'index', param: 'index', read: (t) => (/^\d{1,7}$/.test(t) ? Number(t) : undefined), write: String },
  { key: 'blocks', param: 'blocks', read: readBlocks, write: (v) => (v ? writeBlocks(v) : '') },
  {
    key: 'arch',
    param: 'arch',
    // '-': no architecture column at all
    read: (t) => (t === '-' ? [] : listOf<PresetId>((s) => (PRESET_IDS as readonly string[]).includes(s), 6)(t)),
    write: (v) => (v.length ? v.join(',') : '-'),
  },
  { key: 'user', param: 'user', read: listOf<string>((s) => /^[\w-]{1,40}$/.test(s), 6), write: (v) => v.join(',') },
  { key: 'methods', param: 'methods', read: listOf<string>(isMethodSpec, 8), write: (v) => v.join(',') },
  { key: 'positiveOnly', param: 'pos', read: (t) => (t === '1' ? true : t === '0' ? false : undefined), write: (v) => (v ? '1' : '0') },
  { key: 'view', param: 'view', read: oneOf<ViewTab>(['explore', 'compare']), write: (v) => v },
  { key: 'compareDataset', param: 'cmp', read: oneOf(DATASET_IDS), write: (v) => v ?? '' },
  { key: 'present', param: 'present', read: (t) => (t === '1' ? true : t === '0' ? false : undefined), write: (v) => (v ? '1' : '0') },
  { key: 'backend', param: 'backend', read: oneOf(BACKEND_NAMES), write: (v) => v ?? '' },
  { key: 'candidates', param: 'candidates', read: listOf<BackendName>((s) => (BACKEND_NAMES as readonly string[]).includes(s), BACKEND_NAMES.length), write: (v) => (v ? v.join(',') : '') },
  { key: 'mirror', param: 'mirror', read: (t) => (t === '0' ? false : t === '1' ? true : undefined), write: (v) => (v ? '1' : '0') },
  { key: 'test', param: 'test', read: (t) => (t === '1' ? true : undefined), write: (v) => (v ? '1' : '') },
];

/** Reads the URL's query string; each part falls back to its default on its own. */
export function parseUrlState(search: string): UrlState {
  const q = new URLSearchParams(search);
  const out: UrlState = { ...DEFAULT_URL_STATE, arch: [...DEFAULT_URL_STATE.arch], methods: [...DEFAULT_URL_STATE.methods] };
  for (const f of FIELDS) {
    const text = q.get(f.param);
    if (text === null) continue;
    const v = f.read(text);
    if (v !== undefined) (out as unknown as Record<string, unknown>)[f.key] = v;
  }
  return out;
}

/** Writes the state as a query string ('?…', or '' when everything is at its default). */
export function serializeUrlState(state: UrlState): string {
  const q = new URLSearchParams();
  for (const f of FIELDS) {
    const v = state[f.key];
    const text = (f.write as (v: unknown) => string)(v);
    const dflt = (f.write as (v: unknown) => string)(DEFAULT_URL_STATE[f.key]);
    if (text !== '' && text !== dflt) q.set(f.param, text);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
