/**
 * Node adapter of the model format (src/core/model-io): a model directory holds model.json and
 * weights.bin; a training run also keeps checkpoint.json and optimizer.bin beside them (--resume).
 * Every file is written to a temporary name in the same directory, flushed, then renamed over the
 * old one, so a crash never leaves a half-written file under the real name.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Cell } from '../core/cells/types';
import { CHECKPOINT_JSON_FILE, OPTIMIZER_FILE, parseCheckpoint, type Checkpoint } from '../core/model-io/checkpoint';
import { MODEL_JSON_FILE, WEIGHTS_FILE } from '../core/model-io/format';
import { ModelFormatError } from '../core/model-io/model-format-error';
import { parseModel, type ParsedModel } from '../core/model-io/parse-model';
import type { SerializedModel } from '../core/model-io/serialize-model';

export interface SerializedCheckpoint {
  checkpointJson: string;
  optimizerBin: ArrayBuffer;
}

type Contents = string | ArrayBuffer;

/** Writes several files of one directory: all to temporary names first, then renamed in the given order. */
export async function writeFilesAtomically(dir: string, files: [name: string, contents: Contents][]): Promise<void> {
  await mkdir(dir, { recursive: true });
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const temps: [string, string][] = [];
  try {
    for (const [name, contents] of files) {
      const tmp = path.join(dir, `.${name}.tmp-${tag}`);
      temps.push([tmp, path.join(dir, name)]);
      const fh = await open(tmp, 'w');
      try {
        await fh.writeFile(typeof contents === 'string' ? contents : new Uint8Array(contents));
        await fh.sync();
      } finally {
        await fh.close();
      }
    }
    for (const [tmp, final] of temps) await rename(tmp, final);
  } catch (err) {
    await Promise.all(temps.map(([tmp]) => rm(tmp, { force: true })));
    throw err;
  }
}

/** Saves model.json + weights.bin in `dir` (created if needed). weights.bin is renamed into place first. */
export function saveModelDir(dir: string, model: SerializedModel): Promise<void> {
  return writeFilesAtomically(dir, [
    [WEIGHTS_FILE, model.weightsBin],
    [MODEL_JSON_FILE, model.modelJson],
  ]);
}

/** Saves a model and its training checkpoint together (the four files of a resumable run). */
export function saveTrainingState(dir: string, model: SerializedModel, ckpt: SerializedCheckpoint): Promise<void> {
  return writeFilesAtomically(dir, [
    [WEIGHTS_FILE, model.weightsBin],
    [MODEL_JSON_FILE, model.modelJson],
    [OPTIMIZER_FILE, ckpt.optimizerBin],
    [CHECKPOINT_JSON_FILE, ckpt.checkpointJson],
  ]);
}

async function readIn(dir: string, name: string, what: string): Promise<Buffer> {
  const file = path.join(dir, name);
  try {
    return await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`${file} does not exist (${what})`);
    if (code === 'EISDIR') throw new Error(`${file} is a directory, not a file (${what})`);
    throw err;
  }
}

const toArrayBuffer = (b: Buffer): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

/** Loads and validates the model in `dir`; errors name the file (with its directory) and what is wrong. */
export async function loadModelDir(dir: string): Promise<ParsedModel> {
  const json = await readIn(dir, MODEL_JSON_FILE, 'not an rrx model directory?');
  const bin = await readIn(dir, WEIGHTS_FILE, `${MODEL_JSON_FILE} needs its weights file beside it`);
  try {
    return parseModel(json.toString('utf8'), toArrayBuffer(bin));
  } catch (err) {
    if (err instanceof ModelFormatError) throw err.within(dir.endsWith(path.sep) ? dir : dir + path.sep);
    throw err;
  }
}

/** Whether `dir` holds a checkpoint (checkpoint.json). */
export async function hasCheckpoint(dir: string): Promise<boolean> {
  return exists(path.join(dir, CHECKPOINT_JSON_FILE));
}

/** Whether `dir` holds a model (model.json). */
export async function hasModel(dir: string): Promise<boolean> {
  return exists(path.join(dir, MODEL_JSON_FILE));
}

/** Loads the checkpoint in `dir` for `cell` (validated against its trainable weights). */
export async function loadCheckpointDir(dir: string, cell: Cell): Promise<Checkpoint> {
  const json = await readIn(dir, CHECKPOINT_JSON_FILE, 'no checkpoint to resume from');
  const bin = await readIn(dir, OPTIMIZER_FILE, `${CHECKPOINT_JSON_FILE} needs its optimizer state beside it`);
  try {
    return parseCheckpoint(json.toString('utf8'), toArrayBuffer(bin), cell);
  } catch (err) {
    if (err instanceof ModelFormatError) throw err.within(dir.endsWith(path.sep) ? dir : dir + path.sep);
    throw err;
  }
}

/** Creates `dir` if needed and checks that files can be written in it; throws a plain-language error. */
export async function ensureWritableDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
    const probe = path.join(dir, `.rrx-write-test-${process.pid}`);
    const fh = await open(probe, 'w');
    await fh.close();
    await rm(probe, { force: true });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.code === 'ENOTDIR' || e.code === 'EEXIST' ? 'a file is in the way' : e.message;
    throw new Error(`cannot write to the output directory ${dir}: ${why}`);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
