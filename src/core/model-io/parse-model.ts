/**
 * Reads and validates a model in the rrx format (format.ts). Every check names what is wrong and
 * where; the order of the checks is: JSON syntax → format name → version → preset and cell options →
 * training record → weights manifest (entries, names, order, dtype, shape) → weights.bin length →
 * finite values. The first failing check throws a ModelFormatError.
 */
import type { Cell, CellOptions } from '../cells/types';
import { ARCH_IDS } from '../cells/types';
import { createCell } from '../cells/createCell';
import { PRESET_IDS, PRESETS, type PresetId } from '../cells/presets';
import { readFloat32LE } from './float32le';
import { brief, stripBom } from './brief';
import { checkLrSchedule, SHUFFLE_MODES } from '../train/types';
import {
  DATASETS,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  TASKS,
  TASK_WIDTH,
  WEIGHTS_FILE,
  type ModelJson,
  type ModelMeta,
  type Task,
  type WeightEntry,
} from './format';
import { ModelFormatError } from './model-format-error';

export interface ParsedModel {
  meta: ModelMeta;
  /** The cell the file describes (built from `meta.cell`). */
  cell: Cell;
  /** Each weight's values, in manifest order (row-major, copies independent of the input buffer). */
  weights: Record<string, Float32Array>;
}

export type CellFactory = (options: CellOptions) => Cell;

const J = 'model.json';
const B = WEIGHTS_FILE;

/**
 * Parses and validates `model.json` text and the `weights.bin` bytes (see parseModelWith); throws a
 * ModelFormatError naming what is wrong and where. Create tf.Variables from the result with
 * variables.ts `createVariables(cell, weights)`.
 */
export function parseModel(modelJsonText: string, weightsBin: ArrayBuffer): ParsedModel {
  return parseModelWith(createCell, modelJsonText, weightsBin);
}

/**
 * Parses `model.json` text and the `weights.bin` bytes. `createCell` builds the cell that the options
 * describe (cells/ `createCell`); its `params` are the reference for names, order and shapes.
 */
export function parseModelWith(createCell: CellFactory, modelJsonText: string, weightsBin: ArrayBuffer): ParsedModel {
  const head = parseModelJsonWith(createCell, modelJsonText);
  return { meta: head.meta, cell: head.cell, weights: readWeights(head.entries, weightsBin) };
}

/** model.json checked on its own: the cell, the weights manifest and the size weights.bin must have. */
export interface ModelHead {
  meta: ModelMeta;
  cell: Cell;
  entries: WeightEntry[];
  /** Bytes that weights.bin must hold (float32 values of every manifest entry). */
  weightBytes: number;
}

/** Checks model.json alone (everything but weights.bin), so a reader can bound weights.bin before reading it. */
export function parseModelJson(modelJsonText: string): ModelHead {
  return parseModelJsonWith(createCell, modelJsonText);
}

function parseModelJsonWith(createCell: CellFactory, modelJsonText: string): ModelHead {
  const json = parseJsonObject(modelJsonText);
  checkHeader(json);
  const preset = checkPreset(json.preset);
  const options = checkCellOptions(json.cell);
  checkPresetMatches(preset, options);
  checkTraining(json.training, options);
  checkMetrics(json.metrics);
  let cell: Cell;
  try {
    cell = createCell(options);
  } catch (err) {
    throw new ModelFormatError('cell-options', `${J}: cell`, `the cell options do not describe a valid cell: ${brief((err as Error).message, 200)}`);
  }
  const entries = checkManifest(json.weightsManifest);
  checkEntriesAgainstCell(entries, cell, preset);
  const { weightsManifest: _m, ...rest } = json as unknown as ModelJson;
  const weightBytes = entries.reduce((a, e) => a + e.shape.reduce((x, y) => x * y, 1), 0) * 4;
  return { meta: rest as ModelMeta, cell, entries, weightBytes };
}

function parseJsonObject(text: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(stripBom(text));
  } catch (err) {
    if (err instanceof RangeError) throw new ModelFormatError('json-syntax', J, 'nested too deeply to read (a model.json is a few levels deep)');
    throw new ModelFormatError('json-syntax', J, `not valid JSON (${brief((err as Error).message, 120)})`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new ModelFormatError('not-object', J, `the top level must be a JSON object, found ${describe(v)}`);
  }
  return v as Record<string, unknown>;
}

function checkHeader(json: Record<string, unknown>): void {
  if (json.format !== MODEL_FORMAT) {
    const found = json.format === undefined ? 'no "format" field' : `format ${brief(json.format)}`;
    throw new ModelFormatError('format', `${J}: format`, `${found}; an rrx model has format "${MODEL_FORMAT}"`);
  }
  const v = json.version;
  if (v !== MODEL_FORMAT_VERSION) {
    const found = v === undefined ? 'no "version" field' : `version ${brief(v)}`;
    throw new ModelFormatError(
      'version',
      `${J}: version`,
      `${found} is not supported; this program reads rrx-model version ${MODEL_FORMAT_VERSION}` +
        (typeof v === 'number' && v > MODEL_FORMAT_VERSION ? ' (the file was written by a newer program)' : ''),
    );
  }
}

function checkPreset(p: unknown): PresetId {
  if (typeof p !== 'string' || !(PRESET_IDS as readonly string[]).includes(p)) {
    throw new ModelFormatError('preset', `${J}: preset`, `unknown preset ${describe(p)}; valid presets: ${PRESET_IDS.join(', ')}`);
  }
  return p as PresetId;
}

const isPosInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x > 0;

function checkCellOptions(c: unknown): CellOptions {
  const where = `${J}: cell`;
  if (typeof c !== 'object' || c === null || Array.isArray(c)) {
    throw new ModelFormatError('cell-options', where, `the cell options must be an object, found ${describe(c)}`);
  }
  const o = c as Record<string, unknown>;
  const bad = (field: string, msg: string) => new ModelFormatError('cell-options', `${where}.${field}`, msg);
  if (!(ARCH_IDS as readonly unknown[]).includes(o.arch)) throw bad('arch', `unknown architecture ${describe(o.arch)}; valid: ${ARCH_IDS.join(', ')}`);
  if (o.dropout !== 'standard' && o.dropout !== 'stationary') throw bad('dropout', `dropout ${describe(o.dropout)} is not one of standard, stationary`);
  if (o.bias !== 'zero' && o.bias !== 'softplus') throw bad('bias', `bias ${describe(o.bias)} is not one of zero, softplus`);
  if (typeof o.keepProb !== 'number' || !(o.keepProb > 0 && o.keepProb <= 1)) throw bad('keepProb', `keepProb ${describe(o.keepProb)} is not in (0, 1]`);
  if (!isPosInt(o.width)) throw bad('width', `width ${describe(o.width)} is not a positive integer`);
  if (!isPosInt(o.T)) throw bad('T', `T ${describe(o.T)} is not a positive integer`);
  if (o.width % o.T !== 0) throw bad('T', `T = ${o.T} does not divide the image width ${o.width} (each step takes width/T whole columns)`);
  if (o.lstmUnits !== undefined && !isPosInt(o.lstmUnits)) throw bad('lstmUnits', `lstmUnits ${describe(o.lstmUnits)} is not a positive integer`);
  const out: CellOptions = { arch: o.arch as CellOptions['arch'], dropout: o.dropout, T: o.T, width: o.width, bias: o.bias, keepProb: o.keepProb };
  if (o.lstmUnits !== undefined) out.lstmUnits = o.lstmUnits as number;
  return out;
}

function checkPresetMatches(preset: PresetId, o: CellOptions): void {
  const p = PRESETS[preset];
  if (p.arch !== o.arch || p.dropout !== o.dropout) {
    throw new ModelFormatError(
      'preset-mismatch',
      `${J}: cell`,
      `preset "${preset}" is architecture ${p.arch} with ${p.dropout} dropout, but the cell options say ${o.arch} with ${o.dropout} dropout`,
    );
  }
}

function checkTraining(t: unknown, o: CellOptions): void {
  if (t === null || t === undefined) return;
  const where = `${J}: training`;
  if (typeof t !== 'object' || Array.isArray(t)) throw new ModelFormatError('training', where, `must be an object or null, found ${describe(t)}`);
  const r = t as Record<string, unknown>;
  if (r.dataset !== undefined && !(DATASETS as readonly unknown[]).includes(r.dataset)) {
    throw new ModelFormatError('training', `${where}.dataset`, `unknown dataset ${describe(r.dataset)}; valid: ${DATASETS.join(', ')}`);
  }
  if (r.task !== undefined) {
    if (!(TASKS as readonly unknown[]).includes(r.task)) throw new ModelFormatError('training', `${where}.task`, `unknown task ${describe(r.task)}; valid: ${TASKS.join(', ')}`);
    const w = TASK_WIDTH[r.task as Task];
    if (w !== o.width) throw new ModelFormatError('training', `${where}.task`, `task "${r.task}" has images ${w} columns wide, but cell.width is ${o.width}`);
  }
  if (r.T !== undefined && r.T !== o.T) {
    throw new ModelFormatError('training', `${where}.T`, `the training record says T = ${describe(r.T)}, but the cell has T = ${o.T}`);
  }
  const bad = (field: string, msg: string) => new ModelFormatError('training', `${where}.${field}`, msg);
  const rate = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && x > 0 && x <= 10;
  if (r.lr !== undefined && !rate(r.lr)) throw bad('lr', `learning rate ${describe(r.lr)} is not in (0, 10]`);
  if (r.batch !== undefined && !(isPosInt(r.batch) && r.batch <= 1_000_000)) throw bad('batch', `batch ${describe(r.batch)} is not an integer in 1…1,000,000`);
  if (r.epochs !== undefined && !(isPosInt(r.epochs) && r.epochs <= 1_000_000)) throw bad('epochs', `epochs ${describe(r.epochs)} is not an integer in 1…1,000,000`);
  if (r.seed !== undefined && !(typeof r.seed === 'number' && Number.isInteger(r.seed) && r.seed >= 0 && r.seed < 2 ** 32)) throw bad('seed', `seed ${describe(r.seed)} is not an integer in 0…2^32−1`);
  if (r.shuffle !== undefined && !(SHUFFLE_MODES as readonly unknown[]).includes(r.shuffle)) throw bad('shuffle', `shuffle ${describe(r.shuffle)} is not one of ${SHUFFLE_MODES.join(', ')}`);
  if (r.limit !== undefined && r.limit !== null && !isPosInt(r.limit)) throw bad('limit', `limit ${describe(r.limit)} is neither null nor a positive integer`);
  if (r.backend !== undefined && !(typeof r.backend === 'string' && r.backend.length <= 40)) throw bad('backend', `backend ${describe(r.backend)} is not a short string`);
  if (r.optimizer !== undefined) {
    const op = r.optimizer as Record<string, unknown> | null;
    if (typeof op !== 'object' || op === null || op.name !== 'adam') throw bad('optimizer', `must be {name: "adam", beta1, beta2, epsilon}, found ${brief(op)}`);
    for (const k of ['beta1', 'beta2'] as const) {
      const b = op[k];
      if (!(typeof b === 'number' && b >= 0 && b < 1)) throw bad(`optimizer.${k}`, `${k} ${describe(b)} is not in [0, 1)`);
    }
    if (!(typeof op.epsilon === 'number' && op.epsilon > 0 && op.epsilon < 1)) throw bad('optimizer.epsilon', `epsilon ${describe(op.epsilon)} is not in (0, 1)`);
  }
  if (r.fold !== undefined) {
    const f = r.fold as Record<string, unknown> | null;
    const ok = typeof f === 'object' && f !== null && Number.isInteger(f.k) && (f.k as number) >= 2 && (f.k as number) <= 255 && Number.isInteger(f.index) && (f.index as number) >= 0 && (f.index as number) < (f.k as number);
    if (!ok) throw bad('fold', `must be {index, k} with k an integer in 2…255 and index in 0…k−1, found ${brief(f)}`);
  }
  if (r.lrSchedule !== undefined) {
    if (!Array.isArray(r.lrSchedule) || r.lrSchedule.length > 10_000) throw bad('lrSchedule', `must be a list of {fromEpoch, lr}, found ${brief(r.lrSchedule)}`);
    try {
      checkLrSchedule(r.lrSchedule as { fromEpoch: number; lr: number }[]);
    } catch (err) {
      throw bad('lrSchedule', (err as Error).message.replace(/^learning-rate schedule: /, ''));
    }
  }
}

/** The metrics block, when present: counts are non-negative integers, accuracies in [0, 1] or null. */
function checkMetrics(m: unknown): void {
  if (m === null || m === undefined) return;
  const where = `${J}: metrics`;
  if (typeof m !== 'object' || Array.isArray(m)) throw new ModelFormatError('training', where, `must be an object or null, found ${describe(m)}`);
  const r = m as Record<string, unknown>;
  const bad = (field: string, msg: string) => new ModelFormatError('training', `${where}.${field}`, msg);
  const count = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 1e12;
  for (const k of ['epochsDone', 'iterations'] as const) if (r[k] !== undefined && !count(r[k])) throw bad(k, `${k} ${describe(r[k])} is not a non-negative integer`);
  for (const k of ['trainN', 'valN', 'testN'] as const) if (r[k] !== undefined && r[k] !== null && !count(r[k])) throw bad(k, `${k} ${describe(r[k])} is neither null nor a non-negative integer`);
  for (const k of ['trainAccuracy', 'valAccuracy', 'testAccuracy'] as const) {
    const a = r[k];
    if (a !== undefined && a !== null && !(typeof a === 'number' && a >= 0 && a <= 1)) throw bad(k, `${k} ${describe(a)} is neither null nor in [0, 1]`);
  }
  if (r.wallTimeSeconds !== undefined && !(typeof r.wallTimeSeconds === 'number' && Number.isFinite(r.wallTimeSeconds) && r.wallTimeSeconds >= 0)) {
    throw bad('wallTimeSeconds', `wallTimeSeconds ${describe(r.wallTimeSeconds)} is not a non-negative number`);
  }
  if (r.complete !== undefined && typeof r.complete !== 'boolean') throw bad('complete', `complete ${describe(r.complete)} is not true or false`);
  if (r.history !== undefined) {
    if (!Array.isArray(r.history) || r.history.length > 1_000_000) throw bad('history', `must be a list of epoch entries, found ${brief(r.history)}`);
    r.history.forEach((h: unknown, i: number) => {
      const e = h as Record<string, unknown> | null;
      if (typeof e !== 'object' || e === null || !count(e.epoch) || (typeof e.loss !== 'number' && e.loss !== null)) throw bad(`history[${i}]`, `must be {epoch, loss, trainAccuracy, valAccuracy, seconds}, found ${brief(h)}`);
    });
  }
}

function checkManifest(m: unknown): WeightEntry[] {
  const where = `${J}: weightsManifest`;
  if (m === undefined) throw new ModelFormatError('manifest', where, 'missing: model.json must list the weights in "weightsManifest"');
  if (!Array.isArray(m) || m.length !== 1) {
    throw new ModelFormatError('manifest', where, `must be an array with exactly one group, found ${Array.isArray(m) ? `${m.length} groups` : describe(m)}`);
  }
  const g = m[0] as Record<string, unknown> | null;
  if (typeof g !== 'object' || g === null) throw new ModelFormatError('manifest', `${where}[0]`, `must be an object, found ${describe(g)}`);
  if (!Array.isArray(g.paths) || g.paths.length !== 1 || g.paths[0] !== WEIGHTS_FILE) {
    throw new ModelFormatError('manifest', `${where}[0].paths`, `must be ["${WEIGHTS_FILE}"], found ${brief(g.paths)}`);
  }
  if (!Array.isArray(g.weights)) throw new ModelFormatError('manifest', `${where}[0].weights`, `must be an array, found ${describe(g.weights)}`);
  return g.weights.map((e: unknown, i: number) => {
    const at = `${where}[0].weights[${i}]`;
    const r = e as Record<string, unknown> | null;
    if (typeof r !== 'object' || r === null) throw new ModelFormatError('weight-entry', at, `must be an object {name, shape, dtype}, found ${describe(e)}`);
    if (typeof r.name !== 'string' || r.name === '' || r.name.length > 200) throw new ModelFormatError('weight-entry', at, `"name" must be a string of 1 to 200 characters, found ${describe(r.name)}`);
    if (!Array.isArray(r.shape) || !r.shape.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0)) {
      throw new ModelFormatError('weight-entry', at, `weight ${brief(r.name)}: "shape" must be a list of non-negative integers, found ${brief(r.shape)}`);
    }
    return { name: r.name, shape: r.shape as number[], dtype: r.dtype as 'float32' };
  });
}

function checkEntriesAgainstCell(entries: WeightEntry[], cell: Cell, preset: PresetId): void {
  const where = `${J}: weightsManifest[0].weights`;
  const o = cell.options;
  const cellDesc = `the ${preset} cell (T = ${o.T}, width ${o.width}, c = ${cell.c})`;
  const seen = new Set<string>();
  entries.forEach((e, i) => {
    if (seen.has(e.name)) throw new ModelFormatError('weight-duplicate', `${where}[${i}]`, `weight "${e.name}" is listed twice`);
    seen.add(e.name);
  });
  const expected = cell.params;
  const names = new Set(expected.map((p) => p.name));
  const missing = expected.filter((p) => !seen.has(p.name));
  if (missing.length) {
    throw new ModelFormatError(
      'weight-missing',
      where,
      `missing weight${missing.length > 1 ? 's' : ''} ${missing.map((p) => `"${p.name}"`).join(', ')} that ${cellDesc} needs ` +
        `(it has ${expected.length} weights: ${expected.map((p) => p.name).join(', ')})`,
    );
  }
  const extra = entries.map((e, i) => [e, i] as const).filter(([e]) => !names.has(e.name));
  if (extra.length) {
    const [e, i] = extra[0];
    throw new ModelFormatError('weight-extra', `${where}[${i}]`, `unexpected weight "${e.name}": ${cellDesc} has no such weight`);
  }
  expected.forEach((p, i) => {
    if (entries[i].name !== p.name) {
      throw new ModelFormatError(
        'weight-order',
        `${where}[${i}]`,
        `weight ${i} is "${entries[i].name}" but ${cellDesc} expects "${p.name}" there (weights must be in the cell's order)`,
      );
    }
  });
  expected.forEach((p, i) => {
    const e = entries[i];
    if (e.dtype !== 'float32') {
      throw new ModelFormatError('weight-dtype', `${where}[${i}]`, `weight "${e.name}" has dtype ${describe(e.dtype)}; only "float32" is allowed`);
    }
    if (e.shape.length !== p.shape.length || e.shape.some((d, k) => d !== p.shape[k])) {
      throw new ModelFormatError(
        'weight-shape',
        `${where}[${i}]`,
        `weight "${e.name}" has shape [${e.shape.join(',')}] but ${cellDesc} expects [${p.shape.join(',')}]`,
      );
    }
  });
}

function readWeights(entries: WeightEntry[], bin: ArrayBuffer): Record<string, Float32Array> {
  const sizes = entries.map((e) => e.shape.reduce((a, b) => a * b, 1));
  const need = sizes.reduce((a, b) => a + b, 0) * 4;
  if (bin.byteLength !== need) {
    const diff = bin.byteLength - need;
    throw new ModelFormatError(
      'byte-length',
      B,
      `has ${bin.byteLength} bytes but the manifest's ${entries.length} float32 weights need ${need} bytes ` +
        (diff < 0 ? `(truncated: ${-diff} bytes missing)` : `(${diff} extra bytes at the end)`),
    );
  }
  const out: Record<string, Float32Array> = {};
  let off = 0;
  entries.forEach((e, i) => {
    const v = readFloat32LE(bin, off, sizes[i]);
    for (let k = 0; k < v.length; k++) {
      if (!Number.isFinite(v[k])) {
        throw new ModelFormatError(
          'non-finite',
          `${B}: weight "${e.name}"`,
          `value ${v[k]} at flat index ${k} (element [${unravel(k, e.shape).join(', ')}], byte offset ${off + 4 * k}); all weights must be finite`,
        );
      }
    }
    out[e.name] = v;
    off += sizes[i] * 4;
  });
  return out;
}

/** Row-major multi-index of flat index k in `shape`. */
function unravel(k: number, shape: number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = k % shape[d];
    k = Math.floor(k / shape[d]);
  }
  return idx;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  return brief(v);
}
